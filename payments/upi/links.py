"""UPI deep links and QR payloads (``upi://pay?…``, ``upi://mandate?…``): build them, read them.

The same string is a tap-to-pay link and what a UPI QR encodes, and a UPI app turns it into a
payment the person approves; a parser that guesses could show one payee and pay another. So the
parser is strict where two apps could disagree, and open where links merely vary:

- Refused: a scheme other than ``upi`` or a target other than ``pay``/``mandate``; a parameter
  given twice (apps differ on which copy wins); a missing ``pa`` or ``pn``; a value its rule in
  `payments.upi.link_params` refuses; mandate-only parameters in a ``pay`` link; characters a
  query must percent-encode but the link carries raw (spaces, ``#``, Devanagari…), broken ``%``
  escapes and escapes that are not UTF-8.
- Kept and reported: parameters Hisaab has no rule for (``sign``, ``orgid``, ``mid``, ``msid``,
  ``mtid``, ``ver``, ``qrMedium``…). Real merchant and signed QRs carry them and apps accept them;
  they are decoded and returned in ``params``, their names listed in ``unknown_params``.
- Names Hisaab knows are matched case-insensitively and stored in NPCI's spelling (PayU writes
  ``Recur=``, some QRs are all upper case); values are not case-folded, except the payee VPA,
  which is lower-cased like every VPA in Hisaab.

``+`` in a query: a UPI link is a URI, where ``+`` is a literal plus and a space is ``%20``; HTML
forms (and many link generators) write a space as ``+``. Hisaab reads ``+`` as a space only in the
free-text fields a person reads (``pn``, ``tn``, ``mn``), where a plus is rare and a mangled name
is likely; everywhere else (``tr``, ``url``, a base64 ``sign``) it stays a plus. The builder
writes a space as ``%20`` and a plus as ``%2B``, so its links read the same under both habits.

Amounts are whole paise in Hisaab (``amount_paise``) and rupees in a link (read with up to two
decimals, written with exactly two); nothing goes through a float.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast
from urllib.parse import quote, unquote

from payments.upi.link_params import (
    MANDATE_ONLY_RULES,
    NPCI_SPELLING,
    PLUS_IS_SPACE,
    RULES_BY_KIND,
    amount_paise,
    format_rupees,
    mandate_date,
)
from payments.upi.vpa import Vpa, parse_vpa

Kind = Literal["pay", "mandate"]
REQUIRED = ("pa", "pn")
# Characters a URI may carry unescaped in its scheme, authority and query (RFC 3986).
_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]")
_BROKEN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PARAM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Left readable when building: '@' in the VPA, ':' and '/' in the url; all legal in a query.
_KEEP_READABLE = "@:/"


class InvalidUpiLink(ValueError):
    """The text is not a UPI link Hisaab can trust; the message says why in one line."""


@dataclass(frozen=True)
class UpiLink:
    """A checked link: ``params`` holds decoded values under NPCI's names, in link order."""

    kind: Kind
    params: dict[str, str]
    amount_paise: int | None
    unknown_params: tuple[str, ...] = ()

    @property
    def payee(self) -> Vpa:
        return parse_vpa(self.params["pa"])


def parse_upi_link(text: str) -> UpiLink:
    """Read and check one ``upi://pay`` or ``upi://mandate`` link; `InvalidUpiLink` if unsafe."""
    kind, query = _split_link(text)
    return _checked(kind, _decode_query(query))


def build_upi_link(link: UpiLink) -> str:
    """The link as a URI: every value percent-encoded, so ``&``, ``=``, ``#`` and Hindi are safe."""
    query = "&".join(
        f"{name}={quote(value, safe=_KEEP_READABLE)}" for name, value in link.params.items()
    )
    return f"upi://{link.kind}?{query}"


def make_upi_link(
    params: Mapping[str, str],
    *,
    kind: Kind = "pay",
    amount_paise: int | None = None,
    minimum_amount_paise: int | None = None,
) -> UpiLink:
    """A checked link from NPCI-named values; amounts come in paise and get written as rupees."""
    given = dict(params)
    for name, paise in (("am", amount_paise), ("mam", minimum_amount_paise)):
        if paise is None:
            continue
        try:
            given[name] = format_rupees(paise)
        except ValueError as exc:
            raise InvalidUpiLink(f"{name}: {exc}") from None
    if "am" in given:
        given.setdefault("cu", "INR")
    return _checked(kind, list(given.items()))


def _split_link(text: str) -> tuple[Kind, str]:
    if not text:
        raise InvalidUpiLink("the link is empty")
    for char in text:
        if not _URI_CHARS.fullmatch(char):
            raise InvalidUpiLink(f"{char!r} must be percent-encoded ({quote(char, safe='')})")
    if _BROKEN_ESCAPE.search(text):
        raise InvalidUpiLink("a '%' is not followed by two hex digits")
    scheme, _, rest = text.partition("://")
    target, has_query, query = rest.partition("?")
    if scheme.lower() != "upi":
        raise InvalidUpiLink("not a UPI link: it must start with upi://pay or upi://mandate")
    if target.lower() not in RULES_BY_KIND:
        raise InvalidUpiLink(f"upi://{target} is not a payment link (upi://pay, upi://mandate)")
    if not has_query or not query:
        raise InvalidUpiLink("the link has no parameters (pa and pn are required)")
    return cast(Kind, target.lower()), query


def _decode_query(query: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for field in query.split("&"):
        raw_name, has_value, raw_value = field.partition("=")
        if not _PARAM_NAME.fullmatch(raw_name) or not has_value:
            raise InvalidUpiLink(f"{field!r} is not a name=value parameter")
        if NPCI_SPELLING.get(raw_name.lower()) in PLUS_IS_SPACE:
            raw_value = raw_value.replace("+", " ")
        try:
            pairs.append((raw_name, unquote(raw_value, errors="strict")))
        except UnicodeDecodeError:
            raise InvalidUpiLink(f"{raw_name}: its %-escapes are not UTF-8 text") from None
    return pairs


def _checked(kind: Kind, pairs: list[tuple[str, str]]) -> UpiLink:
    params = _unique(pairs)
    for name in REQUIRED:
        if name not in params:
            raise InvalidUpiLink(f"{name} is missing (a UPI link needs pa and pn)")
    unknown = tuple(name for name in params if _check_value(kind, name, params[name]))
    params["pa"] = str(parse_vpa(params["pa"]))
    _check_together(params)
    amount = amount_paise(params["am"]) if "am" in params else None
    return UpiLink(kind=kind, params=params, amount_paise=amount, unknown_params=unknown)


def _unique(pairs: list[tuple[str, str]]) -> dict[str, str]:
    params: dict[str, str] = {}
    seen: set[str] = set()
    for name, value in pairs:
        if not _PARAM_NAME.fullmatch(name):
            raise InvalidUpiLink(f"{name!r} is not a parameter name (letters, digits, '_')")
        canonical = NPCI_SPELLING.get(name.lower(), name)
        if canonical.lower() in seen:
            raise InvalidUpiLink(f"{canonical} appears twice (apps differ on which one counts)")
        seen.add(canonical.lower())
        params[canonical] = value
    return params


def _check_value(kind: Kind, name: str, value: str) -> bool:
    """Check one value by its rule; True when Hisaab has no rule for the name (kept as is)."""
    rule = RULES_BY_KIND[kind].get(name)
    if rule is None:
        if name in MANDATE_ONLY_RULES:
            raise InvalidUpiLink(f"{name} belongs in a upi://mandate link, not upi://{kind}")
        return True
    try:
        rule(value)
    except ValueError as exc:
        raise InvalidUpiLink(f"{name}: {exc}") from None
    return False


def _check_together(params: dict[str, str]) -> None:
    both_amounts = "am" in params and "mam" in params
    if both_amounts and amount_paise(params["mam"]) > amount_paise(params["am"]):
        raise InvalidUpiLink("mam: the minimum amount is above the amount (am)")
    start, end = params.get("validitystart"), params.get("validityend")
    if start and end and mandate_date(end) < mandate_date(start):
        raise InvalidUpiLink("validityend: the mandate ends before it starts (validitystart)")
