"""Text files as UTF-8, whatever the exporting app wrote: the one place encodings are decided.

Banks' and phones' exports arrive as UTF-8 (with or without a byte-order mark), UTF-16 (Excel's
"Unicode text"), or Windows-1252 when a narration holds a ``É``. Parsers downstream read UTF-8
only, so text is converted once, here; spreadsheets and PDFs pass through untouched. Bytes that
are not valid UTF-8 are read as Windows-1252 one by one, so a stray byte costs one character, not
the row, and valid multi-byte characters around it (``₹``) survive.
"""

from __future__ import annotations

import codecs

_BINARY_MAGIC = (b"%PDF-", b"\xd0\xcf\x11\xe0", b"PK\x03\x04")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK = "hisaab-cp1252"


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", "replace"), error.end


codecs.register_error(_FALLBACK, _cp1252_bytes)


def as_utf8(data: bytes) -> bytes:
    """``data`` as UTF-8 without a byte-order mark (binary containers are returned as they are)."""
    if data.lstrip()[:5].startswith(_BINARY_MAGIC):
        return data
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    else:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                return data.decode(codec, "replace").encode()
        if _looks_like_utf16(data):
            codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
            return data.decode(codec, "replace").encode()
    try:
        data.decode()
    except UnicodeDecodeError:
        return data.decode("utf-8", _FALLBACK).encode()
    return data


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a mark: ASCII text then has a NUL in every other byte of its start."""
    sample = data[:200]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > 0.8 * (len(sample) // 2)
        or sample[0::2].count(0) > 0.8 * (len(sample) // 2)
    )
