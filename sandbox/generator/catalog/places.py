"""Cities (with tier, state electricity distributor and bank branches) and common Indian names.

The names are common given names and surnames, combined at random: no real person is described.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    code: str
    state: str
    tier: int
    weight: float
    electricity: str
    branches: tuple[str, str, str]


CITIES: tuple[City, ...] = (
    City(
        "Mumbai", "MUM", "MH", 1, 0.10, "ADANI ELECTRICITY", ("ANDHERI EAST", "DADAR WEST", "POWAI")
    ),
    City("Delhi", "DEL", "DL", 1, 0.10, "TPDDL", ("CONNAUGHT PLACE", "ROHINI SEC 7", "PITAMPURA")),
    City("Bengaluru", "BLR", "KA", 1, 0.11, "BESCOM", ("KORAMANGALA", "INDIRANAGAR", "WHITEFIELD")),
    City("Hyderabad", "HYD", "TS", 1, 0.07, "TGSPDCL", ("MADHAPUR", "KUKATPALLY", "AMEERPET")),
    City("Chennai", "CHE", "TN", 1, 0.07, "TANGEDCO", ("T NAGAR", "ADYAR", "VELACHERY")),
    City("Kolkata", "KOL", "WB", 1, 0.06, "CESC", ("SALT LAKE", "PARK STREET", "BEHALA")),
    City("Pune", "PUN", "MH", 1, 0.06, "MSEDCL", ("HINJEWADI", "KOTHRUD", "VIMAN NAGAR")),
    City(
        "Ahmedabad",
        "AMD",
        "GJ",
        1,
        0.05,
        "TORRENT POWER",
        ("NAVRANGPURA", "SATELLITE", "MANINAGAR"),
    ),
    City("Jaipur", "JAI", "RJ", 2, 0.04, "JVVNL", ("MALVIYA NAGAR", "VAISHALI NAGAR", "C SCHEME")),
    City("Lucknow", "LKO", "UP", 2, 0.04, "UPPCL", ("HAZRATGANJ", "GOMTI NAGAR", "ALIGANJ")),
    City("Indore", "IDR", "MP", 2, 0.03, "MPPKVVCL", ("VIJAY NAGAR", "PALASIA", "RAU")),
    City("Coimbatore", "CBE", "TN", 2, 0.03, "TANGEDCO", ("RS PURAM", "GANDHIPURAM", "PEELAMEDU")),
    City("Nagpur", "NAG", "MH", 2, 0.03, "MSEDCL", ("SITABULDI", "DHARAMPETH", "MANISH NAGAR")),
    City("Kochi", "COK", "KL", 2, 0.03, "KSEB", ("EDAPPALLY", "KAKKANAD", "MG ROAD")),
    City("Bhubaneswar", "BBS", "OD", 2, 0.02, "TPCODL", ("SAHEED NAGAR", "PATIA", "NAYAPALLI")),
    City("Patna", "PAT", "BR", 2, 0.02, "SBPDCL", ("BORING ROAD", "KANKARBAGH", "RAJENDRA NAGAR")),
    City("Vijayawada", "VJA", "AP", 2, 0.02, "APCPDCL", ("BENZ CIRCLE", "GOVERNORPET", "PATAMATA")),
    City("Guwahati", "GAU", "AS", 2, 0.02, "APDCL", ("PALTAN BAZAAR", "DISPUR", "ZOO ROAD")),
    City("Ludhiana", "LDH", "PB", 2, 0.02, "PSPCL", ("SARABHA NAGAR", "MODEL TOWN", "CIVIL LINES")),
    City(
        "Mysuru",
        "MYS",
        "KA",
        3,
        0.02,
        "CESC MYSORE",
        ("SARASWATHIPURAM", "VIJAYNAGAR", "KUVEMPU NAGAR"),
    ),
    City("Nashik", "NSK", "MH", 3, 0.02, "MSEDCL", ("COLLEGE ROAD", "GANGAPUR ROAD", "CIDCO")),
    City("Madurai", "MDU", "TN", 3, 0.01, "TANGEDCO", ("ANNA NAGAR", "K K NAGAR", "TALLAKULAM")),
    City("Dehradun", "DDN", "UK", 3, 0.01, "UPCL", ("RAJPUR ROAD", "PREM NAGAR", "CLEMENT TOWN")),
    City(
        "Hubballi", "HBL", "KA", 3, 0.01, "HESCOM", ("VIDYANAGAR", "DESHPANDE NAGAR", "GOKUL ROAD")
    ),
)

AGE_BANDS: tuple[tuple[str, int, int, float], ...] = (
    ("18-24", 18, 24, 0.16),
    ("25-34", 25, 34, 0.38),
    ("35-44", 35, 44, 0.26),
    ("45-59", 45, 59, 0.16),
    ("60+", 60, 72, 0.04),
)

# Monthly take-home pay in rupees; the factor scales spending amounts and habits.
INCOME_BANDS: tuple[tuple[str, int, int, float, float], ...] = (
    ("under-25k", 12_000, 25_000, 0.22, 0.55),
    ("25k-50k", 25_000, 50_000, 0.36, 0.80),
    ("50k-1L", 50_000, 100_000, 0.26, 1.00),
    ("1L-2L", 100_000, 200_000, 0.12, 1.50),
    ("2L-plus", 200_000, 450_000, 0.04, 2.20),
)

MALE_NAMES = (
    "RAHUL",
    "AMIT",
    "VIKRAM",
    "ARJUN",
    "SURESH",
    "RAJESH",
    "KARTHIK",
    "PRAVEEN",
    "MANOJ",
    "SANJAY",
    "ANIL",
    "DEEPAK",
    "ROHIT",
    "NIKHIL",
    "ABHISHEK",
    "SAURABH",
    "VENKATESH",
    "ARUN",
    "GAURAV",
    "HARISH",
    "IMRAN",
    "FARHAN",
    "JOSEPH",
    "SUNIL",
    "RAVI",
    "PRAKASH",
    "ANKIT",
    "VIVEK",
    "MOHIT",
    "SANDEEP",
)
FEMALE_NAMES = (
    "PRIYA",
    "ANJALI",
    "NEHA",
    "POOJA",
    "DIVYA",
    "KAVYA",
    "SNEHA",
    "LAKSHMI",
    "MEERA",
    "SWATI",
    "AISHWARYA",
    "DEEPIKA",
    "RITU",
    "SUNITA",
    "NISHA",
    "SHREYA",
    "ANITA",
    "FATIMA",
    "AYESHA",
    "MARY",
    "REKHA",
    "GEETA",
    "PALLAVI",
    "RAMYA",
    "SHALINI",
    "TANVI",
    "VANDANA",
    "JYOTI",
    "KIRAN",
    "MANSI",
)
SURNAMES = (
    "SHARMA",
    "VERMA",
    "GUPTA",
    "SINGH",
    "KUMAR",
    "PATEL",
    "SHAH",
    "REDDY",
    "RAO",
    "NAIR",
    "IYER",
    "MENON",
    "PILLAI",
    "DAS",
    "BOSE",
    "GHOSH",
    "MUKHERJEE",
    "JOSHI",
    "KULKARNI",
    "DESHPANDE",
    "PATIL",
    "YADAV",
    "MISHRA",
    "PANDEY",
    "CHAUHAN",
    "KHAN",
    "SHAIKH",
    "FERNANDES",
    "DSOUZA",
    "GILL",
    "AGARWAL",
    "JAIN",
    "MEHTA",
    "NAIDU",
    "CHOWDHURY",
    "SAXENA",
    "TIWARI",
    "BHAT",
    "HEGDE",
    "SETHI",
)
SHOP_WORDS = (
    "SRI LAKSHMI",
    "BALAJI",
    "GANESH",
    "SAI",
    "OM",
    "JAI AMBE",
    "NEW",
    "ROYAL",
    "SHREE KRISHNA",
    "MAHAVIR",
    "ANNAPURNA",
    "GURU",
    "VINAYAKA",
    "DURGA",
    "MAA",
    "STAR",
    "FRESH",
    "DAILY",
)
SHOP_KINDS = (
    "GENERAL STORES",
    "KIRANA STORE",
    "PROVISION STORE",
    "SUPER MARKET",
    "TRADERS",
    "MART",
    "FRUITS AND VEGETABLES",
    "DAIRY",
    "MEDICALS",
    "SWEETS",
)
