"""UPI links as apps and merchants write them: read whole, built back percent-encoded."""

from __future__ import annotations

import pytest

from payments.upi import InvalidUpiLink, UpiLink, build_upi_link, make_upi_link, parse_upi_link

PAYTM_QR = (
    "upi://pay?pa=paytmqr281005050101xyz@paytm&pn=Paytm%20Merchant&mc=5411&mode=02&orgid=000000"
)
PHONEPE_QR = "upi://pay?pa=Q123456789@ybl&pn=Sharma%20General%20Store&mc=0000&mode=02&purpose=00"
BHIM_P2P = "upi://pay?pa=9876543210@upi&pn=Ramesh+Kumar&tn=Rent%20for%20April&cu=INR"
SIGNED_DYNAMIC_QR = (
    "upi://pay?ver=01&mode=15&am=249.50&mam=249.50&cu=INR&pa=chaipoint.62345@okbizaxis"
    "&pn=Chai%20Point&mc=5814&tr=CP2504011230001&tn=Order%2042&mid=CHAI001&msid=CHAI-BLR-01"
    "&mtid=T01&qrMedium=06&sign=MEUCIQD3k+Xf/2hYvz0=="
)
MANDATE = (
    "upi://mandate?pa=autopay.cams@icici&pn=CAMS%20Pay&tr=EZM2025040110493009778950&am=5000.00"
    "&cu=INR&orgid=400011&mc=6211&purpose=14&tn=SIP%20mandate&validitystart=01042025"
    "&validityend=01042035&amrule=MAX&recur=MONTHLY&recurvalue=5&recurtype=ON&rev=Y&share=Y"
    "&block=N&txnType=CREATE&mode=04"
)


def test_paytm_merchant_qr_keeps_orgid_and_reports_it() -> None:
    link = parse_upi_link(PAYTM_QR)
    assert link == UpiLink(
        kind="pay",
        params={
            "pa": "paytmqr281005050101xyz@paytm",
            "pn": "Paytm Merchant",
            "mc": "5411",
            "mode": "02",
            "orgid": "000000",
        },
        amount_paise=None,
        unknown_params=("orgid",),
    )
    assert build_upi_link(link) == PAYTM_QR


def test_phonepe_merchant_qr_lower_cases_the_vpa() -> None:
    link = parse_upi_link(PHONEPE_QR)
    assert link.params["pa"] == "q123456789@ybl"
    assert link.payee.psp == "ybl"
    assert link.params["pn"] == "Sharma General Store"
    assert link.unknown_params == ()


def test_bhim_link_reads_plus_as_a_space_in_the_name() -> None:
    link = parse_upi_link(BHIM_P2P)
    assert link.params == {
        "pa": "9876543210@upi",
        "pn": "Ramesh Kumar",
        "tn": "Rent for April",
        "cu": "INR",
    }


def test_signed_dynamic_qr_keeps_signature_bytes_and_amounts_in_paise() -> None:
    link = parse_upi_link(SIGNED_DYNAMIC_QR)
    assert link.amount_paise == 24950
    assert link.params["sign"] == "MEUCIQD3k+Xf/2hYvz0=="  # '+' is not a space outside free text
    assert link.unknown_params == ("ver", "mid", "msid", "mtid", "qrMedium", "sign")
    assert parse_upi_link(build_upi_link(link)) == link


def test_mandate_link_with_autopay_fields() -> None:
    link = parse_upi_link(MANDATE)
    assert link.kind == "mandate"
    assert link.amount_paise == 5_000_00
    assert (link.params["recur"], link.params["recurvalue"], link.params["recurtype"]) == (
        "MONTHLY",
        "5",
        "ON",
    )
    assert link.unknown_params == ("orgid",)
    assert build_upi_link(link) == MANDATE


def test_known_names_are_matched_case_insensitively_and_stored_as_npci_spells_them() -> None:
    payu = "upi://mandate?pa=payu24@icici&pn=PayU&am=10000.00&Recur=ONETIME&Rev=N&TXNTYPE=CREATE"
    assert parse_upi_link(payu).params == {
        "pa": "payu24@icici",
        "pn": "PayU",
        "am": "10000.00",
        "recur": "ONETIME",
        "rev": "N",
        "txnType": "CREATE",
    }
    shouting = parse_upi_link("UPI://PAY?PA=SHOP.NAME@OKAXIS&PN=SHOP&AM=10")
    assert shouting.params == {"pa": "shop.name@okaxis", "pn": "SHOP", "am": "10"}


@pytest.mark.parametrize(
    ("query", "name", "value"),
    [
        ("pn=Chai+Point", "pn", "Chai Point"),
        ("pn=Chai%20Point", "pn", "Chai Point"),
        ("pn=A%2BB", "pn", "A+B"),
        ("pn=A&tn=Happy+Diwali%21", "tn", "Happy Diwali!"),
        ("pn=A&tr=ORD+12", "tr", "ORD+12"),
        ("pn=A&url=https://shop.in/o?id=1+2", "url", "https://shop.in/o?id=1+2"),
        ("pn=%E0%A4%B0%E0%A4%BE%E0%A4%AE", "pn", "राम"),
        ("pn=A&note=a+b", "note", "a+b"),
    ],
)
def test_plus_is_a_space_only_in_free_text(query: str, name: str, value: str) -> None:
    link = parse_upi_link(f"upi://pay?pa=a1@ybl&{query}")
    assert link.params[name] == value


def test_builder_encodes_what_would_break_the_query_and_keeps_the_vpa_readable() -> None:
    link = make_upi_link(
        {"pa": "Ram.Stores@OkICICI", "pn": "राम & श्याम", "tn": "50% off = #1 + tax"},
        amount_paise=1_499_50,
    )
    built = build_upi_link(link)
    assert built == (
        "upi://pay?pa=ram.stores@okicici"
        "&pn=%E0%A4%B0%E0%A4%BE%E0%A4%AE%20%26%20%E0%A4%B6%E0%A5%8D%E0%A4%AF%E0%A4%BE%E0%A4%AE"
        "&tn=50%25%20off%20%3D%20%231%20%2B%20tax&am=1499.50&cu=INR"
    )
    assert parse_upi_link(built) == link


@pytest.mark.parametrize(
    ("paise", "written"), [(1, "0.01"), (5, "0.05"), (100, "1.00"), (24950, "249.50")]
)
def test_amounts_are_written_with_exactly_two_decimals(paise: int, written: str) -> None:
    link = make_upi_link({"pa": "a1@ybl", "pn": "A"}, amount_paise=paise)
    assert (link.params["am"], link.params["cu"], link.amount_paise) == (written, "INR", paise)


@pytest.mark.parametrize(("text", "paise"), [("10", 1000), ("10.5", 1050), ("0.01", 1)])
def test_amounts_read_exactly(text: str, paise: int) -> None:
    assert parse_upi_link(f"upi://pay?pa=a1@ybl&pn=A&am={text}").amount_paise == paise


def test_builder_checks_what_it_builds() -> None:
    with pytest.raises(InvalidUpiLink, match=r"^am: .*more than zero"):
        make_upi_link({"pa": "a1@ybl", "pn": "A"}, amount_paise=0)
    with pytest.raises(InvalidUpiLink, match=r"^mam: the minimum amount is above"):
        make_upi_link({"pa": "a1@ybl", "pn": "A"}, amount_paise=100, minimum_amount_paise=200)
    with pytest.raises(InvalidUpiLink, match=r"^recur belongs in a upi://mandate link"):
        make_upi_link({"pa": "a1@ybl", "pn": "A", "recur": "MONTHLY"})
    with pytest.raises(InvalidUpiLink, match=r"^'a&b' is not a parameter name"):
        make_upi_link({"pa": "a1@ybl", "pn": "A", "a&b": "x"})
