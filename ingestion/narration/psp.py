"""UPI handles → the PSP (bank or app) behind them, and the shapes that tell merchants from people.

A VPA is ``handle@psp``; the part after ``@`` names the payment service provider the payer or payee
uses. Statements print the VPA, so the PSP comes for free once the handle is looked up here. Ids
are stable, lower case and name the app people know (``google_pay``, not ``okaxis``); a bank's own
handle maps to the bank (``hdfc``). Supporting a handle is adding a row.
"""

from __future__ import annotations

PSP_HANDLES: dict[str, str] = {
    # Google Pay: consumer handles per partner bank, and the business app's
    "okhdfcbank": "google_pay",
    "okicici": "google_pay",
    "oksbi": "google_pay",
    "okaxis": "google_pay",
    "okbizaxis": "google_pay_business",
    "okbizicici": "google_pay_business",
    # PhonePe
    "ybl": "phonepe",
    "ibl": "phonepe",
    "axl": "phonepe",
    # Paytm (the old Paytm Payments Bank handle and the partner-bank ones)
    "paytm": "paytm",
    "ptyes": "paytm",
    "pthdfc": "paytm",
    "ptaxis": "paytm",
    "ptsbi": "paytm",
    # Amazon Pay
    "apl": "amazon_pay",
    "yapl": "amazon_pay",
    "rapl": "amazon_pay",
    # NPCI's BHIM app
    "upi": "bhim",
    # Other apps
    "ikwik": "mobikwik",
    "slc": "slice",
    "axisb": "cred",
    "fam": "fampay",
    "jupiteraxis": "jupiter",
    "freecharge": "freecharge",
    "waaxis": "whatsapp",
    "wahdfcbank": "whatsapp",
    "waicici": "whatsapp",
    "wasbi": "whatsapp",
    # Banks' own apps and merchant handles
    "icici": "icici",
    "hdfcbank": "hdfc",
    "axisbank": "axis",
    "sbi": "sbi",
    "kotak": "kotak",
    "kmbl": "kotak",
    "yesbank": "yes_bank",
    "yesbankltd": "yes_bank",
    "idfcbank": "idfc_first",
    "idfcfirst": "idfc_first",
    "pnb": "pnb",
    "barodampay": "bank_of_baroda",
    "cnrb": "canara",
    "unionbank": "union_bank",
    "uboi": "union_bank",
    "indus": "indusind",
}

# Local parts (before ``@``, lower case) that only merchants get: aggregator and QR-code ids.
MERCHANT_VPA = (
    r"^(?:paytmqr|bharatpe|q[0-9]{6,}@ybl)"
    r"|[.](?:rzp|payu|billdesk|bdsi|cf|cashfree|ccavenue|juspay|easebuzz|paytm)@"
    r"|@okbiz[a-z]+$"
)
# VPAs that only people get: a 10-digit mobile number, or a Google Pay consumer handle
# (Google Pay gives merchants ``@okbiz…`` handles instead).
PERSONAL_VPA = r"^[6-9][0-9]{9}@|@ok(?:hdfcbank|icici|sbi|axis)$"
