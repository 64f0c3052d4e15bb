"""Statement narration grammars as data: which bank prints what, and how to read each part.

Each `Grammar` is one narration shape: the fixed prefixes that admit a line to it (literal text,
checked for all grammars in one anchored pass) and a Rust-``regex`` pattern (polars runs it over
whole columns, so no look-arounds or back-references) matched against the upper-cased, trimmed
narration. Markers such as ``<rrn>`` expand to the named groups the parser knows (`GROUPS`).
Grammars that share a prefix are tried in table order and the first match wins; a line no grammar
reads falls through to `KEYWORDS`, which name the channel only. Supporting a bank (or a new
wording) is adding rows here.

Shapes come from the sandbox generator (docs/landing-formats.md, which must keep parsing) and from
statement lines people have posted publicly; several banks share a shape (the core banking
systems do), so grammars are named by shape and list the banks known to print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

CHANNELS = (
    "UPI",
    "IMPS",
    "NEFT",
    "RTGS",
    "ATM",
    "CARD",
    "POS",
    "NACH",
    "CASH",
    "CHEQUE",
    "INTEREST",
    "CHARGES",
)
GROUPS = ("matched", "channel", "counterparty", "vpa", "ifsc", "reference", "kind")

_UTR = r"[A-Z0-9]*[0-9][A-Z0-9]*"  # NEFT/RTGS UTRs are bank-prefixed; a reference has digits
MARKERS: dict[str, str] = {
    "<rrn>": r"(?P<reference>[0-9]{12})",
    "<utr>": rf"(?P<reference>{_UTR})",
    "<ifsc>": r"(?P<ifsc>[A-Z]{4}0[A-Z0-9]{6})",
    "<vpa>": r"(?P<vpa>[A-Z0-9._]+@[A-Z][A-Z0-9]*)",  # strict: for dash-separated grammars
    "<slot_vpa>": r"(?P<vpa>[^/]*)",  # a slash slot; kept only when it holds an ``@``
    "<at_vpa>": r"(?P<vpa>[^/]*@[^/]*)",  # a slash slot that must hold an ``@``
    "<name/>": r"(?P<counterparty>[^/]*)",
    "<name->": r"(?P<counterparty>[^-]*)",
    "<rail>": r"(?P<channel>NEFT|RTGS)",
    "<card>": r"[0-9X*]{4,19}",
    "<rest/>": r"(?:/.*)?",
    "<rest->": r"(?:-.*)?",
}
# What a ``kind`` group says about the payee: Axis prints P2M for merchants, P2A for people.
KIND_IS_P2M: dict[str, bool] = {"P2M": True, "P2A": False}
# Words in a UPI payee's name that only businesses carry.
MERCHANT_NAME = (
    r"(?:^|[^A-Z])(?:LTD|LIMITED|PVT|LLP|STORES?|ENTERPRISES|TRADERS|SUPERMARKET|MEDICALS?)"
    r"(?:[^A-Z]|$)"
)
# Reversal and refund lines; `REVERSAL_PREFIX` is stripped so the original grammar still reads them.
REVERSAL = r"(?:^|[^A-Z])REV(?:[^A-Z]|$)|REVERSAL|REFUND|(?:^|[^A-Z])RETURN(?:[^A-Z]|$)"
REVERSAL_PREFIX = r"^(?:REV|REVERSAL)(?: OF)?[-:/ ]+"


@dataclass(frozen=True)
class Grammar:
    name: str
    prefixes: tuple[str, ...]
    template: str
    channel: str | None  # None: read from the ``<rail>`` group
    is_p2m: bool | None = None  # what the shape itself says (billers, card spends)
    banks: tuple[str, ...] = ()

    @cached_property
    def regex(self) -> str:
        expanded = self.template
        for marker, pattern in MARKERS.items():
            expanded = expanded.replace(marker, pattern)
        return "^(?P<matched>)" + expanded


GRAMMARS: tuple[Grammar, ...] = (
    # UPI
    Grammar(
        "upi_transfer",  # TO TRANSFER-UPI/DR/<RRN>/<NAME>/<BANK>/<vpa>/<note>--
        ("TO TRANSFER-UPI/", "BY TRANSFER-UPI/"),
        r"(?:TO|BY) TRANSFER-UPI/(?:DR|CR|REV)/<rrn>/<name/>(?:/[^/]*(?:/<slot_vpa><rest/>)?)?$",
        "UPI",
        banks=("sbi",),
    ),
    Grammar(
        "upi_dr_cr",  # UPI/DR/<RRN>/<NAME>/<BANK>/<vpa>/<note>
        ("UPI/DR/", "UPI/CR/"),
        r"UPI/(?:DR|CR)/<rrn>/<name/>(?:/[^/]*(?:/<slot_vpa><rest/>)?)?$",
        "UPI",
        banks=("pnb", "canara", "idfc"),
    ),
    Grammar(
        "upi_p2x",  # UPI/P2M/<RRN>/<NAME>/<note>/<BANK>
        ("UPI/P2M/", "UPI/P2A/", "UPI/REV/"),
        r"UPI/(?P<kind>P2M|P2A|REV)/<rrn>/<name/><rest/>$",
        "UPI",
        banks=("axis", "indusind"),
    ),
    Grammar(
        "upi_ar_ab",  # UPIAR/<RRN>/DR/<NAME>/<BANK>/<vpa>
        ("UPIAR/", "UPIAB/"),
        r"UPIA[RB]/<rrn>/(?:DR|CR)/<name/>(?:/[^/]*(?:/<slot_vpa><rest/>)?)?$",
        "UPI",
        banks=("union",),
    ),
    Grammar(
        "upi_timed",  # UPI/<RRN>/<hh:mm:ss>/UPI/<vpa>/<NAME>
        ("UPI/",),
        r"UPI/<rrn>/[0-9]{2}:[0-9]{2}:[0-9]{2}/UPI/<slot_vpa>/(?P<counterparty>.*)$",
        "UPI",
        banks=("bob",),
    ),
    Grammar(
        "upi_note_vpa",  # UPI/<RRN>/<note>/<vpa>/<BANK>
        ("UPI/",),
        r"UPI/<rrn>/[^/]*/<at_vpa><rest/>$",
        "UPI",
        banks=("icici", "indusind"),
    ),
    Grammar(
        "upi_name_rrn",  # UPI/<NAME>/<RRN>/<note>
        ("UPI/",),
        r"UPI/<name/>/<rrn><rest/>$",
        "UPI",
        banks=("kotak",),
    ),
    Grammar(
        "upi_dash",  # UPI-<NAME>-[<app>-]<vpa>-<IFSC>-<RRN>-<note>
        ("UPI-",),
        r"UPI-(?P<counterparty>.*?)-(?:(?:GPAY|GOOGLE PAY|PHONEPE|PAYTM|BHIM|AMAZON PAY|CRED)-)?"
        r"<vpa>-(?:<ifsc>-)?<rrn><rest->$",
        "UPI",
        banks=("hdfc", "sbi", "yes"),
    ),
    Grammar(
        "upi_reversal",  # UPI REVERSAL <RRN>
        ("UPI REV",),
        r"UPI REV(?:ERSAL)?(?:[^0-9]*<rrn>)?.*$",
        "UPI",
        banks=("sbi", "pnb"),
    ),
    # IMPS
    Grammar(
        "imps_dash",  # IMPS-<ref>-<NAME>-<BANK>-XXXXXXXX<last4>-<note>
        ("IMPS-",),
        r"IMPS-<rrn>-<name-><rest->$",
        "IMPS",
        banks=("hdfc", "yes"),
    ),
    Grammar(
        "imps_mmt",  # MMT/IMPS/<ref>/<NAME>/<BANK>
        ("MMT/IMPS/",),
        r"MMT/IMPS/<rrn>/<name/><rest/>$",
        "IMPS",
        banks=("icici",),
    ),
    Grammar(
        "imps_p2a",  # IMPS/P2A/<ref>/<NAME>/<BANK>/...
        ("IMPS/P2A/", "IMPS/P2M/"),
        r"IMPS/(?P<kind>P2A|P2M)/<rrn>/<name/><rest/>$",
        "IMPS",
        banks=("axis", "kotak"),
    ),
    Grammar(
        "imps_slash",  # IMPS/<ref>/<NAME>/...
        ("IMPS/",),
        r"IMPS/<rrn>/<name/><rest/>$",
        "IMPS",
        banks=("bob", "canara", "pnb"),
    ),
    Grammar(
        "imps_transfer",  # BY TRANSFER-IMPS/<ref>/<NAME>/...--
        ("TO TRANSFER-IMPS/", "BY TRANSFER-IMPS/"),
        r"(?:TO|BY) TRANSFER-IMPS/<rrn>/(?P<counterparty>[^/]*?)-*<rest/>$",
        "IMPS",
        banks=("sbi",),
    ),
    # NEFT and RTGS
    Grammar(
        "neft_cr_dr",  # NEFT CR-<IFSC>-<NAME>-<NAME>-<UTR>
        ("NEFT CR-", "NEFT DR-", "RTGS CR-", "RTGS DR-"),
        r"<rail> (?:CR|DR)-<ifsc>-<name->(?:-.*)?-<utr>(?:-[^-0-9]*)?$",
        None,
        banks=("hdfc",),
    ),
    Grammar(
        "neft_star",  # BY TRANSFER-NEFT*<IFSC>*<UTR>*<NAME>--
        ("BY TRANSFER-NEFT*", "TO TRANSFER-NEFT*", "BY TRANSFER-RTGS*", "TO TRANSFER-RTGS*"),
        r"(?:BY|TO) TRANSFER-<rail>\*<ifsc>\*<utr>\*(?P<counterparty>[^*]*?)-*(?:\*.*)?$",
        None,
        banks=("sbi",),
    ),
    Grammar(
        "neft_dash",  # NEFT-<UTR>-<NAME>[-<note>-<acct>-<IFSC>]
        ("NEFT-", "RTGS-"),
        r"<rail>-<utr>-<name->(?:-.*?(?:-<ifsc>)?)?$",
        None,
        banks=("icici", "kotak"),
    ),
    Grammar(
        "neft_slash",  # NEFT/<UTR>/<NAME>/<BANK>
        ("NEFT/", "RTGS/"),
        r"<rail>/<utr>/<name/><rest/>$",
        None,
        banks=("axis", "indusind", "union"),
    ),
    # Mandates (ACH/NACH/ECS)
    Grammar(
        "ach_d",  # ACH D- <biller>-<ref>
        ("ACH D-",),
        r"ACH D- ?<name-><rest->$",
        "NACH",
        is_p2m=True,
        banks=("hdfc",),
    ),
    Grammar("ach_c", ("ACH C-",), r"ACH C- ?<name-><rest->$", "NACH", banks=("hdfc",)),
    Grammar(
        "ach_slash",  # ACH/<biller>/<ref>
        ("ACH/",),
        r"ACH/<name/><rest/>$",
        "NACH",
        is_p2m=True,
        banks=("icici",),
    ),
    Grammar(
        "ecs_ach_dr",  # ECS/ACH DR/<biller>/<ref>
        ("ECS/ACH DR/",),
        r"ECS/ACH DR/<name/><rest/>$",
        "NACH",
        is_p2m=True,
        banks=("axis",),
    ),
    Grammar(
        "debit_achdr",  # DEBIT-ACHDr <ref> <biller>
        ("DEBIT-ACHDR ",),
        r"DEBIT-ACHDR [A-Z0-9]+ (?P<counterparty>.+)$",
        "NACH",
        is_p2m=True,
        banks=("sbi",),
    ),
    Grammar(
        "nach_dr",  # NACH-DR-<biller>-<ref>
        ("NACH-DR-", "NACH DR-", "NACH/DR/", "ACH DR ", "ACH-DR-"),
        rf"N?ACH[-/ ]DR[-/ ]+(?P<counterparty>.*?)(?:[-/ ]{_UTR})?$",
        "NACH",
        is_p2m=True,
        banks=("kotak", "pnb", "bob", "canara", "union", "idfc", "indusind", "yes"),
    ),
    # ATM withdrawals (the ATM id and card are not references)
    Grammar("atm_dash", ("ATW-", "NWD-", "EAW-"), r"(?:ATW|NWD|EAW)-<card>-.*$", "ATM"),
    Grammar(
        "atm_wdl",  # ATM WDL-ATM CASH <atm id> <CITY>; ATM-CASH/<id>/<CITY>; NFS/CASH WDL/...
        ("ATM WDL-", "ATM WDL/", "ATM-CASH/", "NFS/CASH WDL/", "ATM/CASH WDL/", "CASH WDL/"),
        r"(?:ATM WDL[-/]|ATM-CASH/|NFS/CASH WDL/|ATM/CASH WDL/|CASH WDL/).*$",
        "ATM",
        banks=("sbi", "axis", "icici", "pnb", "canara", "union", "bob"),
    ),
    # Card spends at a terminal (POS) and online or recurring on the card (CARD)
    Grammar(
        "pos_card",
        ("POS ",),
        r"POS <card> (?P<counterparty>.+)$",
        "POS",
        is_p2m=True,
        banks=("hdfc",),
    ),
    Grammar(
        "pos_slash",
        ("POS/",),
        r"POS/<name/><rest/>$",
        "POS",
        is_p2m=True,
        banks=("axis", "union", "pnb"),
    ),
    Grammar(
        "pcd",
        ("PCD/",),
        r"PCD/<card>/<name/><rest/>$",
        "CARD",
        is_p2m=True,
        banks=("kotak",),
    ),
    Grammar(
        "ecom_pur",
        ("ECOM PUR/",),
        r"ECOM PUR/<name/><rest/>$",
        "CARD",
        is_p2m=True,
        banks=("axis",),
    ),
    Grammar(
        "dc_si",  # HDFC's standing instruction on a debit card (subscriptions)
        ("ME DC SI ",),
        r"ME DC SI <card> (?P<counterparty>.+)$",
        "CARD",
        is_p2m=True,
        banks=("hdfc",),
    ),
    # Cheques that print the drawer or payee
    Grammar(
        "clg_slash",  # CLG/<NAME>/<chq no>/<BANK>
        ("CLG/",),
        r"CLG/<name/><rest/>$",
        "CHEQUE",
        banks=("icici",),
    ),
)

# Lines no grammar reads: the channel from a keyword, tried in order. Charges come first because
# "NEFT CHGS INCL GST" is a fee, not a transfer.
_W = r"(?:^|[^A-Z])"  # a word boundary on upper-case text
_E = r"(?:[^A-Z]|$)"
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("CHARGES", rf"CHGS|CHRGS?{_E}|CHARGES?{_E}|ANNUAL FEE|{_W}FEES?{_E}|{_W}GST{_E}"),
    ("INTEREST", rf"INTEREST|{_W}INT[.]? ?PD{_E}|{_W}INT[.]PAID"),
    ("UPI", rf"{_W}UPI"),
    ("NEFT", "NEFT"),
    ("RTGS", "RTGS"),
    ("IMPS", "IMPS"),
    ("NACH", rf"{_W}N?ACH{_E}|{_W}ECS{_E}|ACHDR"),
    ("ATM", rf"{_W}(?:ATM|ATW|NWD|EAW){_E}|CASH WDL|CASH WITHDRAWAL"),
    ("CASH", rf"CASH DEP|BY CASH|CASH-|{_W}CDM{_E}"),
    ("CHEQUE", rf"{_W}(?:CHQ|CHEQUE|CLG|CTS|MICR|CLEARING){_E}"),
    ("POS", "^POS"),
)
# What keyword lines still yield when printed anywhere in them.
LOOSE_VPA = r"(?P<vpa>[A-Z0-9._-]+@[A-Z][A-Z0-9]+)"
LOOSE_IFSC = r"(?:^|[^A-Z0-9])(?P<ifsc>[A-Z]{4}0[A-Z0-9]{6})(?:[^A-Z0-9]|$)"
