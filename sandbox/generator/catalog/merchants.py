"""Merchants, NACH billers and employers, as they appear on Indian statements and alerts.

A merchant is ``(key, printed name, brand, VPA, UPI note)``; the VPA handle names the acquiring
bank. Names use only letters, digits, spaces and dots so that every bank's separator
(``-`` for HDFC, ``/`` for the others) stays unambiguous in narrations.
"""

from __future__ import annotations

MERCHANTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("swiggy", "SWIGGY", "Swiggy", "swiggy@icici", "Swiggy Order"),
    ("zomato", "ZOMATO", "Zomato", "zomato.order@hdfcbank", "ZomatoOrder"),
    ("instamart", "SWIGGY INSTAMART", "Swiggy Instamart", "swiggyinstamart@icici", "Instamart"),
    ("bigbasket", "BIGBASKET", "BigBasket", "bigbasket.rzp@axisbank", "BigBasket Order"),
    ("blinkit", "BLINKIT", "Blinkit", "blinkit.payu@hdfcbank", "Blinkit"),
    ("zepto", "ZEPTO", "Zepto", "zeptonow.rzp@icici", "Zepto Order"),
    ("dmart", "AVENUE SUPERMARTS LTD", "DMart", "dmart.avenue@hdfcbank", "DMart"),
    ("uber", "UBER INDIA", "Uber", "uber.rzp@axisbank", "Uber Trip"),
    ("ola", "OLA CABS", "Ola", "olacabs.rzp@icici", "Ola Ride"),
    ("rapido", "RAPIDO", "Rapido", "rapido.bike@ybl", "Rapido"),
    ("iocl", "INDIAN OIL FUEL STATION", "IndianOil", "paytmqr281005050101iocl@paytm", "Fuel"),
    ("hpcl", "HP PETROL PUMP", "HPCL", "hpcl.fuel@sbi", "Fuel"),
    ("bpcl", "BHARAT PETROLEUM", "BPCL", "q870123456@ybl", "Fuel"),
    ("irctc", "IRCTC", "IRCTC", "irctc.payu@hdfcbank", "IRCTC Ticket"),
    ("indigo", "INDIGO", "IndiGo", "indigo.payu@hdfcbank", "IndiGo Booking"),
    ("makemytrip", "MAKEMYTRIP", "MakeMyTrip", "makemytrip@icici", "MMT Booking"),
    ("amazon", "AMAZON", "Amazon", "amazonupi@apl", "Amazon Order"),
    ("flipkart", "FLIPKART", "Flipkart", "flipkart.payu@hdfcbank", "Flipkart Order"),
    ("myntra", "MYNTRA", "Myntra", "myntra.payu@hdfcbank", "Myntra Order"),
    ("netflix", "NETFLIX", "Netflix", "netflixupi.payu@hdfcbank", "Netflix Autopay"),
    ("hotstar", "JIOHOTSTAR", "JioHotstar", "jiohotstar@icici", "Hotstar Autopay"),
    ("spotify", "SPOTIFY INDIA", "Spotify", "spotify.bdsi@icici", "Spotify Autopay"),
    ("prime", "AMAZON PRIME", "Amazon Prime", "amazonprime@apl", "Prime Membership"),
    ("jio", "RELIANCE JIO", "Jio", "jiomobility@hdfcbank", "Jio Recharge"),
    ("airtel", "BHARTI AIRTEL", "Airtel", "airtel.payu@axisbank", "Airtel Recharge"),
    ("vi", "VODAFONE IDEA", "Vi", "vi.payu@icici", "Vi Recharge"),
    ("act", "ACT FIBERNET", "ACT Fibernet", "actfibernet@icici", "Broadband Bill"),
    (
        "xstream",
        "AIRTEL XSTREAM FIBER",
        "Airtel Xstream",
        "airtelxstream.payu@axisbank",
        "Broadband",
    ),
    ("jiofiber", "JIO FIBER", "JioFiber", "jiofiber@hdfcbank", "JioFiber Bill"),
    ("cred", "CRED CLUB", "CRED", "cred.club@axisb", "Credit Card Bill"),
    ("bookmyshow", "BOOKMYSHOW", "BookMyShow", "bookmyshow@icici", "Movie Tickets"),
    ("pvr", "PVR INOX", "PVR INOX", "pvrinox.rzp@icici", "Movie"),
    ("apollo", "APOLLO PHARMACY", "Apollo Pharmacy", "apollopharmacy@hdfcbank", "Medicines"),
    ("pharmeasy", "PHARMEASY", "PharmEasy", "pharmeasy.rzp@axisbank", "PharmEasy Order"),
    ("tanishq", "TANISHQ", "Tanishq", "titan.tanishq@hdfcbank", "Tanishq"),
    ("croma", "CROMA", "Croma", "croma.infiniti@hdfcbank", "Croma"),
    (
        "reliancedigital",
        "RELIANCE DIGITAL",
        "Reliance Digital",
        "reliancedigital@icici",
        "Purchase",
    ),
    ("haldirams", "HALDIRAMS", "Haldiram's", "haldirams.paytm@paytm", "Sweets"),
)

# Electricity distributors keyed by the name in places.CITIES, paid through BBPS apps.
ELECTRICITY_VPAS: dict[str, str] = {
    "ADANI ELECTRICITY": "adanielectricity@hdfcbank",
    "TPDDL": "tpddl.billdesk@hdfcbank",
    "BESCOM": "bescom.billdesk@hdfcbank",
    "TGSPDCL": "tgspdcl.billdesk@icici",
    "TANGEDCO": "tangedco.billdesk@hdfcbank",
    "CESC": "cesc.billdesk@icici",
    "MSEDCL": "msedcl.billdesk@hdfcbank",
    "TORRENT POWER": "torrentpower@icici",
    "JVVNL": "jvvnl.billdesk@sbi",
    "UPPCL": "uppcl.billdesk@sbi",
    "MPPKVVCL": "mppkvvcl.billdesk@sbi",
    "KSEB": "kseb.billdesk@sbi",
    "TPCODL": "tpcodl.billdesk@hdfcbank",
    "SBPDCL": "sbpdcl.billdesk@sbi",
    "APCPDCL": "apcpdcl.billdesk@sbi",
    "APDCL": "apdcl.billdesk@sbi",
    "PSPCL": "pspcl.billdesk@hdfcbank",
    "CESC MYSORE": "cescmysore.billdesk@hdfcbank",
    "UPCL": "upcl.billdesk@sbi",
    "HESCOM": "hescom.billdesk@hdfcbank",
}

# NACH/ACH billers: (key, name as printed, brand).
BILLERS: tuple[tuple[str, str, str], ...] = (
    ("bajaj", "BAJAJ FINANCE LTD", "Bajaj Finance"),
    ("tatacap", "TATA CAPITAL LTD", "Tata Capital"),
    ("hdfcloan", "HDFC BANK LTD LOANS", "HDFC Bank Loans"),
    ("idfcfirst", "IDFC FIRST BANK LTD", "IDFC First Bank"),
    ("homecredit", "HOME CREDIT INDIA", "Home Credit"),
    ("iccl", "INDIAN CLEARING CORP", "ICCL"),
    ("nsecl", "NSE CLEARING LTD", "NSE Clearing"),
    ("hdfcmf", "HDFC MUTUAL FUND", "HDFC Mutual Fund"),
    ("sbimf", "SBI MUTUAL FUND", "SBI Mutual Fund"),
    ("lic", "LIC OF INDIA", "LIC"),
    ("hdfclife", "HDFC LIFE INSURANCE", "HDFC Life"),
    ("sbicard", "SBI CARDS AND PAYMENT", "SBI Card"),
    ("hdfccc", "HDFC BANK CREDIT CARDS", "HDFC Credit Card"),
    ("icicicc", "ICICI BANK CREDIT CARD", "ICICI Credit Card"),
)
LOAN_BILLERS = ("bajaj", "tatacap", "hdfcloan", "idfcfirst", "homecredit")
SIP_BILLERS = ("iccl", "nsecl", "hdfcmf", "sbimf")
INSURANCE_BILLERS = ("lic", "hdfclife")
CARD_BILLERS = ("sbicard", "hdfccc", "icicicc")

# Employers paying salary by NEFT: (name as printed, IFSC of the paying account).
EMPLOYERS: tuple[tuple[str, str], ...] = (
    ("TATA CONSULTANCY SERVICES LTD", "SBIN0001234"),
    ("INFOSYS LIMITED", "ICIC0000106"),
    ("WIPRO LIMITED", "HDFC0000060"),
    ("HCL TECHNOLOGIES LTD", "CITI0100000"),
    ("RELIANCE RETAIL LTD", "HDFC0000240"),
    ("ACCENTURE SOLUTIONS PVT LTD", "CITI0100000"),
    ("COGNIZANT TECHNOLOGY SOLUTIONS", "HSBC0400002"),
    ("LARSEN AND TOUBRO LTD", "SBIN0000300"),
    ("MAHINDRA AND MAHINDRA LTD", "KKBK0000958"),
    ("BHARTI AIRTEL LTD", "SCBL0036078"),
    ("ASIAN PAINTS LTD", "HDFC0000001"),
    ("ZOMATO LTD", "ICIC0000104"),
    ("FLIPKART INTERNET PVT LTD", "HDFC0000240"),
    ("APOLLO HOSPITALS ENTERPRISE", "UTIB0000006"),
    ("DMART AVENUE SUPERMARTS", "HDFC0000060"),
    ("SUNRISE PUBLIC SCHOOL", "SBIN0004321"),
    ("GOVT OF KARNATAKA SALARY", "SBIN0040277"),
    ("SHREE CEMENT LTD", "UTIB0000043"),
    ("TECH MAHINDRA LTD", "CITI0100000"),
    ("KOTAK MAHINDRA BANK LTD", "KKBK0000958"),
)
UTR_PREFIX = {
    "SBIN": "SBIN",
    "ICIC": "ICICN",
    "HDFC": "HDFCN",
    "CITI": "CITIN",
    "HSBC": "HSBCN",
    "KKBK": "KKBKN",
    "SCBL": "SCBLN",
    "UTIB": "UTIBN",
}
