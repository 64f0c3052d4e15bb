"""Whatever the builder accepts, the reader gives back exactly: ``parse(build(x)) == x``."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from payments.upi import UpiLink, build_upi_link, make_upi_link, parse_upi_link
from payments.upi.link_params import NPCI_SPELLING, RECURRENCES
from payments.upi.links import Kind

KINDS: tuple[Kind, ...] = ("pay", "mandate")
ROUND_TRIP = settings(max_examples=300, deadline=None, derandomize=True)

# Any text a person could type, Hindi and emoji included, with the characters a query string
# gives meaning to drawn often; not control characters, and not lone surrogates (which no UTF-8
# link can carry).
TYPED = st.sampled_from(" +&=#%?/@") | st.characters(blacklist_categories=("Cc", "Cs"))
MANDATE_DATES = st.dates(date(2016, 1, 1), date(2099, 12, 31)).map(lambda day: f"{day:%d%m%Y}")
PSPS = st.sampled_from(["ybl", "okhdfcbank", "paytm", "upi", "icici", "hdfc0001234.ifsc.npci"])


def typed_text(max_chars: int) -> st.SearchStrategy[str]:
    return st.text(TYPED, min_size=1, max_size=max_chars).filter(str.strip)


def optional(values: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.none() | values


@st.composite
def npci_params(draw: st.DrawFn, kind: str) -> dict[str, str]:
    handle = draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True))
    drawn = {
        "pa": f"{handle}@{draw(PSPS)}",
        "pn": draw(typed_text(100)),
        "tn": draw(optional(typed_text(80))),
        "tr": draw(optional(typed_text(35))),
        "tid": draw(optional(st.from_regex(r"[A-Za-z0-9]{1,35}", fullmatch=True))),
        "mc": draw(optional(st.from_regex(r"[0-9]{4}", fullmatch=True))),
        "mode": draw(optional(st.from_regex(r"[0-9]{2}", fullmatch=True))),
        "url": draw(
            optional(st.from_regex(r"https?://[a-z0-9.-]{1,15}/[!-~]{0,20}", fullmatch=True))
        ),
    }
    if kind == "mandate":
        drawn |= {
            "recur": draw(optional(st.sampled_from(RECURRENCES))),
            "amrule": draw(optional(st.sampled_from(["MAX", "EXACT"]))),
            "rev": draw(optional(st.sampled_from(["Y", "N"]))),
            "validitystart": draw(optional(MANDATE_DATES)),
        }
    return {name: value for name, value in drawn.items() if value is not None}


UNKNOWN_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).filter(
    lambda name: name not in NPCI_SPELLING
)


@st.composite
def links(draw: st.DrawFn) -> UpiLink:
    kind = draw(st.sampled_from(KINDS))
    params = draw(npci_params(kind))
    params |= draw(st.dictionaries(UNKNOWN_NAMES, st.text(TYPED, max_size=40), max_size=3))
    amount = draw(st.none() | st.integers(min_value=1, max_value=10**12))
    minimum = draw(st.none() | st.integers(1, amount)) if amount else None
    return make_upi_link(params, kind=kind, amount_paise=amount, minimum_amount_paise=minimum)


@ROUND_TRIP
@given(links())
def test_parse_of_build_is_identity(link: UpiLink) -> None:
    built = build_upi_link(link)
    assert parse_upi_link(built) == link
    # Unambiguous under both habits: no raw space or '+' for a reader to disagree about.
    assert " " not in built
    assert "+" not in built
    assert built.isascii()
