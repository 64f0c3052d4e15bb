"""`hisaab parse upi-link` and `hisaab upi link`: one JSON object, or a refusal in one line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hisaab.cli import app
from payments.upi import parse_upi_link

PAYTM_QR = (
    "upi://pay?pa=paytmqr281005050101xyz@paytm&pn=Paytm%20Merchant&mc=5411&mode=02&orgid=000000"
)


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_parse_json_is_the_parameters_under_npci_names() -> None:
    code, out, err = _run("parse", "upi-link", "--json", PAYTM_QR)
    assert code == 0
    assert json.loads(out) == {
        "pa": "paytmqr281005050101xyz@paytm",
        "pn": "Paytm Merchant",
        "mc": "5411",
        "mode": "02",
        "orgid": "000000",
    }
    assert "orgid" in err  # kept, but said to be unchecked


def test_parse_json_adds_amount_paise_when_there_is_an_amount() -> None:
    link = "upi://pay?pa=Q12345@ybl&pn=Chai+Point&am=249.5&cu=INR"
    code, out, _ = _run("parse", "upi-link", "--json", link)
    assert code == 0
    assert json.loads(out) == {
        "pa": "q12345@ybl",
        "pn": "Chai Point",
        "am": "249.5",
        "cu": "INR",
        "amount_paise": 24950,
    }


def test_parse_reads_standard_input_and_lists_plainly() -> None:
    mandate = (
        "upi://mandate?pa=autopay.cams@icici&pn=CAMS%20Pay&am=5000.00&recur=MONTHLY"
        "&validitystart=01042025&validityend=01042035&amrule=MAX\n"
    )
    code, out, _ = _run("parse", "upi-link", "-", stdin=mandate)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["link", "upi://mandate"]
    assert ["amount_paise", "500000"] in [line.split() for line in lines]
    assert ["psp", "icici"] in [line.split() for line in lines]


def test_parse_refuses_an_invalid_link_with_one_line_on_stderr() -> None:
    code, out, err = _run("parse", "upi-link", "--json", "upi://pay?pa=a1@ybl&pa=b@ybl&pn=A")
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [
        "error: not a valid UPI link: pa appears twice (apps differ on which one counts)"
    ]


def test_link_prints_a_link_that_parses_back() -> None:
    code, out, err = _run(
        "upi", "link", "--pa", "Shop@OkAxis", "--pn", "राम Stores", "--am", "1,499.50",
        "--tn", "Order #42", "--tr", "ORD-42", "--mc", "5411",
    )  # fmt: skip
    assert code == 0
    assert err == ""
    link = parse_upi_link(out.strip())
    assert link.params == {
        "pa": "shop@okaxis",
        "pn": "राम Stores",
        "tn": "Order #42",
        "tr": "ORD-42",
        "mc": "5411",
        "am": "1499.50",
        "cu": "INR",
    }


def test_link_writes_the_qr_and_says_where_on_stderr(tmp_path: Path) -> None:
    target = tmp_path / "shop.png"
    code, out, err = _run("upi", "link", "--pa", "shop@okaxis", "--pn", "Shop", "--qr", str(target))
    assert code == 0
    assert out.strip() == "upi://pay?pa=shop@okaxis&pn=Shop"
    assert target.read_bytes().startswith(b"\x89PNG")
    assert str(target) in err


def test_link_checks_the_upi_limit_of_the_category() -> None:
    code, out, err = _run("upi", "link", "--pa", "a1@ybl", "--pn", "A", "--am", "150000")
    assert (code, out) == (1, "")
    assert "₹1,50,000.00 is above the UPI limit of ₹1,00,000.00" in err
    args = ("upi", "link", "--pa", "a1@ybl", "--pn", "A", "--am", "150000", "--category", "tax")
    code, out, _ = _run(*args)
    assert code == 0
    assert "am=150000.00" in out


def test_link_refuses_bad_input_with_one_line(tmp_path: Path) -> None:
    cases = [
        (["--pa", "not a vpa", "--pn", "A"], "pa: 'not a vpa' contains whitespace"),
        (["--pa", "a1@ybl", "--pn", "A", "--am", "ten"], "--am 'ten' is not an amount"),
        (["--pa", "a1@ybl", "--pn", "A", "--am", "0"], "more than zero"),
        (["--pa", "a1@ybl", "--pn", "A", "--mc", "54"], "mc: '54' is not a 4-digit"),
        (["--pa", "a1@ybl", "--pn", "A", "--qr", str(tmp_path / "a.jpg")], "use a .png or .svg"),
    ]
    for args, reason in cases:
        code, out, err = _run("upi", "link", *args)
        assert (code, out) == (1, ""), args
        assert len(err.strip().splitlines()) == 1
        assert reason in err, (args, err)
    assert list(tmp_path.iterdir()) == []
