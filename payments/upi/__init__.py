"""UPI primitives: addresses, per-payment limits, ``upi://`` links and their QR codes.

Pure functions and data with no I/O besides writing a QR file, so the payment service, the CLI
and tests all share one reading of what a valid VPA, amount or link is.
"""

from payments.upi.limits import AmountOutOfRange, PaymentCategory, check_amount, limit_paise
from payments.upi.links import (
    InvalidUpiLink,
    UpiLink,
    build_upi_link,
    make_upi_link,
    parse_upi_link,
)
from payments.upi.qr import UnsupportedQrFormat, write_qr
from payments.upi.vpa import InvalidVpa, Vpa, known_psp, parse_vpa

__all__ = [
    "AmountOutOfRange",
    "InvalidUpiLink",
    "InvalidVpa",
    "PaymentCategory",
    "UnsupportedQrFormat",
    "UpiLink",
    "Vpa",
    "build_upi_link",
    "check_amount",
    "known_psp",
    "limit_paise",
    "make_upi_link",
    "parse_upi_link",
    "parse_vpa",
    "write_qr",
]
