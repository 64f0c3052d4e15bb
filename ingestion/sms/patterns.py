"""Bank SMS templates as data: which sender headers belong to which bank, and what each bank writes.

Supporting a bank (or a new wording) is adding rows here. A template is a regular expression in
Rust ``regex`` syntax, because polars runs it over whole columns (so no look-arounds or
back-references), with markers such as ``<amount>`` that expand to the named groups the parser
knows. A message from a known sender header is tried against its bank's templates only; one from
an unknown (or missing) sender against all of them, and the bank is then the matched template's.
Templates are tried in order and the first match wins; messages no template matches are
classified by `NOT_TRANSACTIONS`, else ``unrecognised``.

Conventions a reader of the output relies on:

- ``account_mask`` is the account or card mask as printed, upper-cased, with ``*`` and ``.``
  written as ``X`` (``*6789`` → ``X6789``, ``...5494`` → ``XXX5494``, ``Card ending 1234`` →
  ``1234``).
- ``channel`` is one of UPI, IMPS, NEFT, RTGS, ATM, CARD, POS, NACH, or null when the message
  does not say. Card spend alerts ("spent on … Card") are CARD; POS only where the bank writes
  POS. Wallet payments and plain transfers have no channel.
- ``balance_paise`` is the account's (or wallet's) available balance; a card's available credit
  limit is not a balance and is not read.
- ``reference`` is a rail reference only: UPI RRN, IMPS reference, NEFT/RTGS UTR, or the bank's
  reference where it prints one as "ref no"; wallet order ids are not read.
- A counterparty that is a VPA (``name@handle``) is reported as ``vpa`` instead.
- UPI-app notices ("Paid ₹X to NAME", "NAME paid you ₹X") are real money movements, but the app
  does not say which bank account moved: their templates belong to the pseudo-bank `UPI_APP` and
  come out with a null bank. Paytm wallet payments are Paytm Payments Bank (``paytm``).
- Non-transaction reasons: ``declined`` (failed, declined, unsuccessful), ``otp``, ``mandate``
  (mandate / AutoPay / e-mandate / standing instruction set up, and pre-debit "will be debited"
  notices), ``balance_only``, ``promotion`` (offers, loans, and card-limit messages), else
  ``unrecognised`` (for example UPI collect requests and account-service notices).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

Direction = Literal["debit", "credit"]
UPI_APP = "upi_app"  # the pseudo-bank of UPI apps' notices: such messages come out with no bank

# Sender header (the 6 characters after the operator prefix) → bank.
SENDER_BANKS: dict[str, str] = {
    "HDFCBK": "hdfc",
    "HDFCBN": "hdfc",
    "SBIUPI": "sbi",
    "SBIINB": "sbi",
    "ATMSBI": "sbi",
    "CBSSBI": "sbi",
    "SBIPSG": "sbi",
    "SBICRD": "sbi",  # SBI Card
    "ICICIT": "icici",
    "ICICIB": "icici",
    "ICICIO": "icici",
    "AXISBK": "axis",
    "KOTAKB": "kotak",
    "PNBSMS": "pnb",
    "PNBBNK": "pnb",
    "BOBTXN": "bob",
    "BOBSMS": "bob",
    "BOBCRD": "bob",  # BOBCARD (BOB Financial)
    "CANBNK": "canara",
    "UNIONB": "union",
    "IDFCFB": "idfc",
    "IDFCBK": "idfc",
    "INDUSB": "indusind",
    "YESBNK": "yes",
    "PAYTMB": "paytm",
    "PHONPE": UPI_APP,
}

_AMOUNT = r"\d[\d,]*(?:\.\d{1,2})?"
MARKERS: dict[str, str] = {
    "<rs>": r"(?:Rs\.?|INR|₹) ?",
    "<amount>": rf"(?P<amount>{_AMOUNT})(?:/-)?",
    "<balance>": rf"(?P<balance>{_AMOUNT})(?:/-)?",
    "<account>": r"(?P<account>\d{0,6}[Xx*.]*\d{3,8})",
    "<name>": r"(?P<counterparty>[^\n]+?)",
    "<vpa>": r"(?P<vpa>[\w.\-]+@[\w.\-]+)",
    "<rrn>": r"(?P<reference>\d{12})",
    "<utr>": r"(?P<reference>[A-Z0-9]{12,22})",
    "<ref>": r"(?P<reference>[A-Z0-9]{6,22})",
    "<ifsc>": r"[A-Z]{4}0[A-Z0-9]{6}",
    "<date>": r"(?P<date>\d{1,2}[-/ ]?[A-Za-z0-9]{2,3}[-/ ]?\d{2,4})",
    "<isodate>": r"(?P<date>\d{4}[-:/]\d{2}[-:/]\d{2})",
    "<time>": r"\d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?",
    "<desc>": r"(?P<desc>[^\n]+?)",
    "<direction>": r"(?P<direction>(?i:debited|credited|debit|credit|dr\.|cr\.))",
}
GROUPS = (
    "amount",
    "balance",
    "account",
    "counterparty",
    "vpa",
    "reference",
    "date",
    "desc",
    "direction",
)
DIRECTION_WORDS: dict[str, str] = {
    "debited": "debit",
    "debit": "debit",
    "dr.": "debit",
    "credited": "credit",
    "credit": "credit",
    "cr.": "credit",
}


@dataclass(frozen=True)
class SmsTemplate:
    bank: str
    kind: str
    template: str
    date_format: str | tuple[str, ...]  # how <date> is printed (strftime); tried in order
    direction: Direction | None = None  # None: read from <direction>
    channel: str | None = None  # None: read from the description (`DESCRIPTIONS`)

    @cached_property
    def regex(self) -> str:
        expanded = self.template
        for marker, pattern in MARKERS.items():
            expanded = expanded.replace(marker, pattern)
        return expanded

    @property
    def date_formats(self) -> tuple[str, ...]:
        """Two-digit-year formats must come first: ``%Y`` reads ``25`` as the year 25."""
        fmt = self.date_format
        return (fmt,) if isinstance(fmt, str) else fmt


_DMY = ("%d-%m-%y", "%d-%m-%Y")
_DMY_SLASH = ("%d/%m/%y", "%d/%m/%Y")
_DMONY = ("%d-%b-%y", "%d-%b-%Y")
_T = SmsTemplate
TEMPLATES: tuple[SmsTemplate, ...] = (
    # HDFC Bank
    _T("hdfc", "upi_debit", r"^Sent Rs\.? ?<amount>\s+From HDFC Bank A/C <account>\s+To <name>"
       r"\s+On <date>\s+Ref <rrn>", _DMY_SLASH, "debit", "UPI"),
    _T("hdfc", "upi_sent", r"^Amt Sent Rs\.? ?<amount>\nFrom HDFC Bank A/C <account>\nTo <name>\n"
       r"On \d{2}-\d{2}\nRef <rrn>", _DMY, "debit", "UPI"),  # no year printed: date received
    _T("hdfc", "upi_credit", r"^Money Received - INR <amount> in HDFC Bank A/c <account> on <date>"
       r" from VPA <vpa> \(UPI Ref No <rrn>\)", _DMY, "credit", "UPI"),
    _T("hdfc", "upi_credit_alert", r"^(?:Credit Alert!\s*)?Rs\.? ?<amount> credited to HDFC Bank"
       r" A/c <account> on <date> from VPA <vpa> \(UPI <rrn>\)", _DMY, "credit", "UPI"),
    _T("hdfc", "neft_credit", r"^Update! INR <amount> deposited in HDFC Bank A/c <account>"
       r" on <date> for NEFT Cr-<ifsc>-<name>-[^\n]*-<utr>\. ?Avl bal INR <balance>", _DMONY,
       "credit", "NEFT"),
    _T("hdfc", "imps_debit", r"^Money Transfer:? ?Rs\.? ?<amount> from HDFC Bank A/c <account>"
       r" on <date> to <name> IMPS:? ?<rrn>", _DMY, "debit", "IMPS"),
    _T("hdfc", "other_debit", r"^Rs\.? ?<amount> debited from a/c <account> on <date> to <desc>\."
       r" Avl bal:? Rs\.? ?<balance>", _DMY, "debit"),
    _T("hdfc", "card_spend", r"^Spent INR <amount>\nHDFC Bank Card no\. <account>\n<date>,? <time>"
       r"\n<name>\n", "%d-%m-%y", "debit", "CARD"),
    _T("hdfc", "card_spend_inline", r"^Spent <rs><amount> On HDFC Bank Card <account> At <name>"
       r" On <isodate>", "%Y-%m-%d", "debit", "CARD"),
    # State Bank of India
    _T("sbi", "upi_debit", r"^Dear UPI user A/C <account> debited by <amount> on date <date>"
       r" trf to <name> Refno <rrn>", "%d%b%y", "debit", "UPI"),
    _T("sbi", "upi_credit", r"^Dear SBI UPI User, ur A/c ?<account> credited by Rs\.? ?<amount>"
       r" on <date> by \(Ref no <rrn>\)", "%d%b%y", "credit", "UPI"),
    _T("sbi", "other", r"^Your A/C <account> <direction> INR <amount> on <date> -<desc>\."
       r" Avl Balance INR <balance>", _DMY_SLASH),
    _T("sbi", "transfer", r"^Dear Customer, Your A/C <account> has a <direction> by transfer of"
       r" Rs\.? ?<amount> on <date>\.? Avl Bal Rs\.? ?<balance>", _DMY_SLASH),
    _T("sbi", "imps_credit", r"^Your a/c no\. <account> is credited by Rs\.? ?<amount> on <date>"
       r" by a/c linked to mobile [0-9Xx*]+-<name> \(IMPS Ref no <rrn>\)", _DMY, "credit",
       "IMPS"),
    _T("sbi", "atm", r"^Dear Customer, Your A/C <account> is debited by Rs\.? ?<amount> at SBI ATM"
       r" <name> on <date> Transaction Number \d+\. Available Balance Rs\.? ?<balance>\.",
       "%d%b%y", "debit", "ATM"),
    _T("sbi", "card_spend", r"^<rs><amount> spent on your SBI Credit Card ending <account> at"
       r" <name> on <date>\.", _DMY_SLASH, "debit", "CARD"),
    # ICICI Bank (masks the account to its last three digits)
    _T("icici", "upi_debit", r"^ICICI Bank Acct <account> debited for Rs\.? ?<amount> on <date>;"
       r" <name> credited\. UPI:<rrn>", "%d-%b-%y", "debit", "UPI"),
    _T("icici", "upi_credit", r"^Dear Customer, Acct <account> is credited with Rs\.? ?<amount> on"
       r" <date> from <name>\. UPI:<rrn>", "%d-%b-%y", "credit", "UPI"),
    _T("icici", "other", r"^ICICI Bank Acct <account> <direction> with INR <amount> on <date>\."
       r" Info: <desc>\. Avl Bal: INR <balance>", "%d-%b-%y"),
    _T("icici", "account_info", r"^ICICI Bank Account <account> <direction>:? ?Rs\.? ?<amount> on"
       r" <date>\. Info:? ?<desc>\. Available Balance is Rs\.? ?<balance>\.", _DMONY),
    _T("icici", "card_spend", r"^<rs><amount> spent (?:using|on) ICICI Bank Card <account> on"
       r" <date> (?:on|at) <name>\. Avl (?:Limit|Lmt)", _DMONY, "debit", "CARD"),
    _T("icici", "card_payment", r"^Payment of Rs\.? ?<amount> has been received on your ICICI Bank"
       r" Credit Card <account> through [^\n]+? on <date>", _DMONY, "credit"),
    # Axis Bank (multi-line bodies)
    _T("axis", "upi", r"^INR <amount> <direction>\nA/c no\. <account>\n<date>, <time>(?: IST)?\n"
       r"UPI/P2[AM]/<rrn>/<name>\n", "%d-%m-%y", channel="UPI"),
    _T("axis", "other", r"^INR <amount> <direction>\nA/c no\. <account>\n<date>, <time>(?: IST)?\n"
       r"<desc>\nAvl Bal INR <balance>", "%d-%m-%y"),
    _T("axis", "card_spend", r"^Spent INR <amount>\nAxis Bank Card no\. <account>\n<date>,? <time>"
       r"(?: IST)?\n<name>\n", "%d-%m-%y", "debit", "CARD"),
    # Kotak Mahindra Bank
    _T("kotak", "upi_sent", r"^Sent Rs\.? ?<amount> from Kotak Bank AC <account> to <name> on"
       r" <date>\.? ?UPI Ref:? ?<rrn>", _DMY, "debit", "UPI"),
    _T("kotak", "upi_received", r"^Received Rs\.? ?<amount> in your Kotak Bank AC <account> from"
       r" <name> on <date>\.? ?UPI Ref:? ?<rrn>", _DMY, "credit", "UPI"),
    _T("kotak", "imps_received", r"^Received Rs\.? ?<amount> on <date> in your Kotak Bank A/C"
       r" <account> by an A/C linked to mobile [0-9Xx*]+\. IMPS Ref no <rrn>", _DMY, "credit",
       "IMPS"),
    _T("kotak", "neft_credit", r"^Rs\.? ?<amount> is credited in your Kotak Bank A/c <account> by"
       r" NEFT from <name> on <date>, UTR:? ?<utr>", _DMY, "credit", "NEFT"),
    _T("kotak", "debit_card", r"^Rs\.? ?<amount> spent via Kotak Debit Card <account> at <name> on"
       r" <date>(?: IST)?\. Avl bal Rs\.? ?<balance>", _DMY_SLASH, "debit", "CARD"),
    _T("kotak", "credit_card", r"^INR <amount> spent on Kotak Credit Card <account> on <date> at"
       r" <name>\. Avl limit", _DMONY, "debit", "CARD"),
    _T("kotak", "account", r"^Rs\.? ?<amount> <direction> (?:from|to) your Kotak Bank AC <account>"
       r" on <date>(?: towards <desc>)?\. Avl Bal Rs\.? ?<balance>", _DMY),
    # Punjab National Bank
    _T("pnb", "upi_credit", r"^Ac <account> Credited with Rs\.? ?<amount>,? <date> <time> thru UPI"
       r" ?\. Aval Bal Rs\.? ?<balance> CR\. \(UPI Ref ID:? ?<rrn>\)", _DMY, "credit", "UPI"),
    _T("pnb", "account", r"^Ac <account> <direction> with Rs\.? ?<amount>,? <date> <time>\."
       r" Aval Bal Rs\.? ?<balance> CR", _DMY),
    _T("pnb", "atm", r"^A/c <account> debited with Rs\.? ?<amount>, ?<date> <time> thru card"
       r" [Xx*\d]+ *\. Out of \d+ free txn on PNB ATM[^\n]*? Bal (?:Rs\.? ?)?<balance> CR", _DMY,
       "debit", "ATM"),
    _T("pnb", "imps_debit", r"^Your a/c no <account> is debited for Rs\.? ?<amount> on <date>"
       r" <time> and a/c [Xx*\d]+ credited \(IMPS Ref no <rrn>\)", _DMY, "debit", "IMPS"),
    _T("pnb", "thru", r"^A/c <account> <direction> INR <amount> Dt <date> <time> thru <desc>\. ?"
       r"Bal INR <balance>", _DMY),
    # Bank of Baroda
    _T("bob", "upi_debit", r"^Rs\.? ?<amount> Dr\. from A/C <account> and Cr\. to <name>\."
       r" Ref:? ?<rrn>\. AvlBal:? ?Rs\.? ?<balance>\(<isodate>", "%Y:%m:%d", "debit", "UPI"),
    _T("bob", "upi_credit", r"^Rs\.? ?<amount> Credited to A/c <account> thru UPI/<rrn> by <name>\."
       r" Total Bal:[^\n]*? Avlbl Amt:Rs\.? ?<balance>\(<date>", _DMY, "credit", "UPI"),
    _T("bob", "transfer", r"^Rs\.? ?<amount> transferred from A/c <account> to:? ?<name>\."
       r" Total Bal:[^\n]*? Avlbl Amt:Rs\.? ?<balance>\(<date>", _DMY, "debit"),
    _T("bob", "imps_credit", r"^Rs\.? ?<amount> credited to A/c <account> via IMPS/<rrn> by"
       r" <name>\. AvlBal:? ?Rs\.? ?<balance>", _DMY, "credit", "IMPS"),
    _T("bob", "atm", r"^Rs\.? ?<amount> withdrawn from A/c <account> at ATM <name> on <date>"
       r" <time>\. Avlbl Amt:Rs\.? ?<balance>", _DMY, "debit", "ATM"),
    _T("bob", "card_spend", r"^ALERT: INR <amount> (?:is )?spent on your BOBCARD ending <account>"
       r" at <name> on <date>[ .]", _DMY, "debit", "CARD"),
    # Canara Bank
    _T("canara", "upi_debit", r"^Dear Customer, Acct <account> Dr\. <rs><amount> on <date> to"
       r" <name>; UPI: ?<rrn>; Bal INR <balance>\.", _DMY_SLASH, "debit", "UPI"),
    _T("canara", "sender_credit", r"^An amount of INR <amount> has been credited to <account> on"
       r" <date> towards <desc> by Sender <name>, IFSC <ifsc>,[^\n]*? UTR <utr>, Total Avail\."
       r" ?Bal INR <balance>", _DMY_SLASH, "credit"),
    _T("canara", "account", r"^An amount of INR <amount> has been <direction> to your account"
       r" <account> on <date> towards <desc>\. Total Avail\. ?bal INR <balance>", _DMY_SLASH),
    # Union Bank of India
    _T("union", "account", r"^A/c <account> <direction> for Rs:? ?<amount> on <date> <time> by"
       r" <desc> ref no <ref> Avl Bal Rs:? ?<balance>", _DMY),
    # IDFC FIRST Bank
    _T("idfc", "account", r"^Your A/C <account> is <direction> by INR <amount> on <date> <time>"
       r"(?: for <desc>)?\. New Bal ?:? ?INR <balance>", _DMY_SLASH),
    _T("idfc", "card_spend", r"^Transaction Successful! INR <amount> spent on your IDFC FIRST Bank"
       r" (?:Credit|Debit) Card ending <account> at <name> on <date> at <time>", _DMONY, "debit",
       "CARD"),
    # IndusInd Bank
    _T("indusind", "upi_debit", r"^A/[Cc] <account> debited by Rs\.? ?<amount> towards <name>\."
       r" RRN:? ?<rrn>", _DMY, "debit", "UPI"),
    _T("indusind", "upi_credit", r"^A/[Cc] <account> credited by Rs\.? ?<amount> from <name>\."
       r" RRN:? ?<rrn>\. Avl Bal:? ?(?:Rs\.? ?|INR )?<balance>\.", _DMY, "credit", "UPI"),
    _T("indusind", "imps", r"^Your IndusInd Account <account> has been <direction> for INR <amount>"
       r" towards IMPS/<rrn>", _DMY, channel="IMPS"),
    _T("indusind", "imps_credit", r"^Your account <account> is credited by Rs\.? ?<amount> on"
       r" <date> received from account [Xx*\d]+/<name> \(IMPS Ref no\.? <rrn>\)", _DMY, "credit",
       "IMPS"),
    _T("indusind", "debit_card", r"^INR <amount> debited from your A/C <account> towards Debit Card"
       r" Purchase\. Avl BAL INR <balance> ", _DMY, "debit", "CARD"),
    _T("indusind", "ach", r"^IndusInd A/C +Debited; INR <amount> Ref-N?ACH DR[^/\n]*/[^/\n]*/"
       r"<name>\.Bal INR <balance>\.", _DMY, "debit", "NACH"),
    # YES Bank
    _T("yes", "card_spend", r"^INR <amount> spent on YES BANK Card <account> @(?:UPI_)?<name>"
       r" <date> <time>\. Avl Lmt", _DMY, "debit", "CARD"),
    _T("yes", "account", r"^Your A/c <account> is <direction> with INR <amount> on <date> towards"
       r" <desc>\. Avl Bal:? INR <balance>", _DMONY),
    # Paytm Payments Bank (and its wallet)
    _T("paytm", "upi_sent", r"^Rs\.? ?<amount> sent to <name> from PPBL a/c <account>\.?"
       r" UPI Ref:? ?<rrn>", _DMY, "debit", "UPI"),
    _T("paytm", "upi_received", r"^Rs\.? ?<amount> received in PPBL a/c <account> from <name>\.?"
       r" UPI Ref:? ?<rrn>", _DMY, "credit", "UPI"),
    _T("paytm", "wallet_paid", r"^Paid Rs\.? ?<amount> to <name> from Paytm Balance\."
       r" Updated Balance: Paytm Wallet- Rs\.? ?<balance>", _DMY, "debit"),
    _T("paytm", "wallet_received", r"^Received Rs\.? ?<amount> in your Paytm Wallet from <name>\."
       r" Updated Balance: Paytm Wallet- Rs\.? ?<balance>", _DMY, "credit"),
    # UPI apps' notices (PhonePe, Google Pay, BHIM …): no bank account is named
    _T(UPI_APP, "paid", r"^Paid <rs><amount> to <name> (?:via|using|on) (?:PhonePe|Google Pay|GPay"
       r"|BHIM|Paytm)(?: UPI)?\.(?: UPI Ref(?: No)?\.?:? ?<rrn>)?", _DMY, "debit", "UPI"),
    _T(UPI_APP, "received", r"^Received <rs><amount> from <name> (?:via|using|on) (?:PhonePe"
       r"|Google Pay|GPay|BHIM|Paytm)(?: UPI)?\.(?: UPI Ref(?: No)?\.?:? ?<rrn>)?", _DMY, "credit",
       "UPI"),
    _T(UPI_APP, "paid_notice", r"^<rs><amount> paid to <name>$", _DMY, "debit", "UPI"),
    _T(UPI_APP, "paid_you", r"^<name> paid you <rs><amount>$", _DMY, "credit", "UPI"),
    _T(UPI_APP, "phonepe_wallet", r"^Rs\.? ?<amount> debited from your PhonePe wallet for payment"
       r" to <name>\. Wallet balance Rs\.? ?<balance>", _DMY, "debit"),
)  # fmt: skip

# The description inside "other" templates ({DESC}) names the channel and the counterparty.
# Channel None: a description known to name neither (it is not taken as the counterparty).
DESCRIPTIONS: tuple[tuple[str | None, str], ...] = (
    ("ATM", r"^(?:ATM WDL|ATM-CASH|ATM CASH|NFS/CASH WDL|ATM)(?:[ /*:-]+(?P<counterparty>.+))?$"),
    ("NACH", r"^(?:NACH|ACH|ECS)(?:[ -]?DR|[ -]?CR)?(?:[ /:-]+(?P<counterparty>.+))?$"),
    ("IMPS", r"^IMPS(?:[ /:-]+(?P<reference>\d{12}))?(?:[ /:-]+(?P<counterparty>.+))?$"),
    (
        "NEFT",
        r"^NEFT(?: Cr| Dr)?(?:[ /:-]+(?P<reference>[A-Z]{4}[A-Z0-9]*\d[A-Z0-9]*))?"
        r"(?:[ /:-]+(?P<counterparty>.+))?$",
    ),
    (
        "RTGS",
        r"^RTGS(?: Cr| Dr)?(?:[ /:-]+(?P<reference>[A-Z]{4}[A-Z0-9]*\d[A-Z0-9]*))?"
        r"(?:[ /:-]+(?P<counterparty>.+))?$",
    ),
    ("POS", r"^POS(?:[ /:-]+(?P<counterparty>.+))?$"),
    ("UPI", r"^UPI(?:[ /:-]+(?:P2[AM]/)?(?P<reference>\d{12}))?(?:[ /:-]+(?P<counterparty>.+))?$"),
    (None, r"(?i)^(?:Mob Bk|monthly interest|interest)$"),
)

# Bank messages that are not transactions, in the order they are tested.
NOT_TRANSACTIONS: tuple[tuple[str, str], ...] = (
    ("declined", r"(?i)\b(?:declined|failed|unsuccessful|rejected)\b"),
    ("otp", r"(?i)\bOTP\b|one[- ]time password"),
    (
        "mandate",
        r"(?i)\bmandate\b|\bauto ?pay\b|standing instruction|\bSI\b|will be debited"
        r"|pre-?debit|upcoming (?:debit|payment)",
    ),
    (
        "balance_only",
        r"(?i)^(?:avl|available)\.? bal(?:ance)?\b|\bbal(?:ance)? (?:in|of|for|as on) .*\bis\b"
        r"|\bhas (?:avl|available)\.? bal(?:ance)? of\b",
    ),
    (
        "promotion",
        r"(?i)pre-?approved|\boffers?\b|apply now|cashback|congratulations|\bloan\b|T&C"
        r"|reply yes|can be increased|earn up to|fixed deposit|credit limit",
    ),
)
UNRECOGNISED = "unrecognised"
