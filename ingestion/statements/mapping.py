"""Column-mapping files: any other bank's statement CSV (or XLS/XLSX/PDF), described once in TOML.

```toml
bank = "federal"
date_formats = ["%d/%m/%Y", "%d-%m-%Y"]
account_number = "12345678901234"          # or account_pattern, a regex with (?P<account>...)
footer_markers = ["Closing Balance"]       # optional: how the first line after the table starts
[columns]                                  # every header cell, in order: cell = role
"Tran Date" = "txn_date"
"Particulars" = "narration"
"Withdrawals" = "debit"
"Deposits" = "credit"
"Sl No" = "ignore"
```

A file becomes a `StatementFormat`; problems raise `MappingError` naming the file. Header cells
that repeat (Kotak's two ``Dr / Cr``) need the list form:
``columns = [["Amount", "amount"], ["Dr / Cr", "dr_cr"], ...]``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingestion.statements.banks import ROLES, StatementFormat

IGNORED = ("ignore", "")
_KEYS = {"bank", "columns", "date_formats", "account_number", "account_pattern", "footer_markers"}
_BANK = re.compile(r"^[a-z][a-z0-9_-]{1,31}$")


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and the problem."""


def load_mappings(paths: Sequence[Path]) -> list[StatementFormat]:
    return [load_mapping(path) for path in dict.fromkeys(paths)]


def load_mapping(path: Path) -> StatementFormat:
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"mapping file {path}: cannot read it ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MappingError(f"mapping file {path}: not valid TOML ({error})") from None
    try:
        return mapping_format(spec)
    except MappingError as error:
        raise MappingError(f"mapping file {path}: {error}") from None


def mapping_format(spec: dict[str, Any]) -> StatementFormat:
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        raise MappingError(f"unknown key(s) {unknown}; expected some of {sorted(_KEYS)}")
    bank = spec.get("bank")
    if not isinstance(bank, str) or not _BANK.match(bank):
        raise MappingError("bank must be a short lowercase name such as 'federal'")
    columns = _columns(spec.get("columns"))
    account_number, account_pattern = _account(spec)
    return StatementFormat(
        bank=bank,
        columns=columns,
        date_formats=_strings(spec, "date_formats", required=True),
        account_pattern=account_pattern,
        footer_markers=_strings(spec, "footer_markers", required=False),
        account_number=account_number,
    )


def _columns(value: Any) -> tuple[tuple[str, str | None], ...]:
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 for p in value):
        pairs = [(p[0], p[1]) for p in value]
    else:
        raise MappingError("[columns] must map each header cell to a role, in header order")
    if not pairs or not all(isinstance(c, str) and isinstance(r, str) for c, r in pairs):
        raise MappingError("[columns] must map each header cell (text) to a role (text)")
    for cell, role in pairs:
        if role not in ROLES and role not in IGNORED:
            raise MappingError(f"column '{cell}' has unknown role '{role}'; use one of {ROLES}")
    roles = [role for _, role in pairs if role not in IGNORED]
    _check_roles(roles)
    return tuple((cell.strip(), None if role in IGNORED else role) for cell, role in pairs)


def _check_roles(roles: list[str]) -> None:
    repeated = sorted({role for role in roles if roles.count(role) > 1})
    if repeated:
        raise MappingError(f"role(s) {repeated} given to more than one column")
    missing = [role for role in ("txn_date", "narration") if role not in roles]
    if missing:
        raise MappingError(f"no column for {missing}")
    split = "debit" in roles and "credit" in roles
    if split == ("amount" in roles) or ("debit" in roles) != ("credit" in roles):
        raise MappingError("map either both 'debit' and 'credit', or one 'amount' column")
    if "dr_cr" in roles and "amount" not in roles:
        raise MappingError("'dr_cr' needs an 'amount' column")
    if "balance_dr_cr" in roles and "balance" not in roles:
        raise MappingError("'balance_dr_cr' needs a 'balance' column")


def _account(spec: dict[str, Any]) -> tuple[str | None, str]:
    number, pattern = spec.get("account_number"), spec.get("account_pattern")
    if (number is None) == (pattern is None):
        raise MappingError("give exactly one of account_number or account_pattern")
    if number is not None:
        if not isinstance(number, str) or not re.fullmatch(r"[0-9A-Za-z]{4,34}", number):
            raise MappingError("account_number must be the account number as text (quoted)")
        return number, ""
    if not isinstance(pattern, str):
        raise MappingError("account_pattern must be a regular expression (text)")
    try:
        compiled = re.compile(pattern, re.M)
    except re.error as error:
        raise MappingError(f"account_pattern is not a valid regular expression ({error})") from None
    if "account" not in compiled.groupindex:
        raise MappingError("account_pattern needs a named group (?P<account>...)")
    return None, pattern


def _strings(spec: dict[str, Any], key: str, *, required: bool) -> tuple[str, ...]:
    value = spec.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise MappingError(f"{key} must be a list of non-empty strings")
    if required and not value:
        raise MappingError(f"{key} must list at least one format such as '%d/%m/%Y'")
    if key == "date_formats" and not all("%" in v for v in value):
        raise MappingError("date_formats are strftime formats such as '%d/%m/%Y'")
    return tuple(value)
