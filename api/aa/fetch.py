"""After approval: fetch the consent's FI data and drop it where the next bank sync reads it.

Each account's bundle is written to ``<landing>/person=<ref>/aa/consent=<id>/<fip>_<last4>.json``
(the layout of docs/landing-formats.md; a folder per consent, so a later fetch never overwrites
the generator's or another consent's file). It is written under a dot-name first and renamed,
so ingestion (which skips dot-files) never reads half a bundle. Re-ingesting the same
transactions adds nothing: ingestion de-duplicates AA rows on (person, link, txnId).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, delete, insert

from api.aa.consents import load
from api.aa.tables import aa_consents, aa_linked_accounts
from hisaab.money import parse_rupees
from sandbox.aa.fip import FiBundle


class Aggregator(Protocol):
    """An AA client: the sandbox one here; a live AA's (ReBIT FI request/fetch) in production."""

    def fetch(
        self, person_ref: str, consent_id: str, fi_types: list[str], start: Any, end: Any
    ) -> list[FiBundle]: ...


def fetch_into_landing(
    engine: Engine, aggregator: Aggregator, landing: Path, person_ref: str, consent_id: str
) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        consent = load(conn, person_ref, consent_id)
    fi_types = json.loads(consent["fi_types"])
    bundles = aggregator.fetch(
        person_ref, consent_id, fi_types, consent["data_from"], consent["data_to"]
    )
    folder = landing / f"person={person_ref}" / "aa" / f"consent={consent_id}"
    linked = [
        _linked_row(person_ref, consent_id, bundle, _write(folder, bundle), landing)
        for bundle in bundles
    ]
    with engine.begin() as conn:
        for row in linked:
            conn.execute(delete(aa_linked_accounts).where(
                aa_linked_accounts.c.person_id == person_ref,
                aa_linked_accounts.c.link_ref == row["link_ref"],
            ))  # fmt: skip
            conn.execute(insert(aa_linked_accounts).values(**row))
        conn.execute(
            aa_consents.update()
            .where(aa_consents.c.consent_id == consent_id)
            .values(last_fetched_at=datetime.now(UTC))
        )
    return linked


def _write(folder: Path, bundle: FiBundle) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / bundle.file_name
    partial = folder / f".{bundle.file_name}.partial"
    partial.write_text(bundle.text, encoding="utf-8")
    os.replace(partial, target)
    return target


def _linked_row(
    person_ref: str, consent_id: str, bundle: FiBundle, path: Path, landing: Path
) -> dict[str, Any]:
    return {
        "person_id": person_ref,
        "link_ref": bundle.link_ref,
        "consent_id": consent_id,
        "fip_id": bundle.account.fip_id,
        "account_number": bundle.account.account_number,
        "masked_acc_number": bundle.masked_acc_number,
        "account_type": bundle.account_type,
        "ifsc": bundle.account.ifsc,
        "balance_paise": parse_rupees(bundle.current_balance),
        "balance_at": datetime.fromisoformat(bundle.balance_at).astimezone(UTC),
        "landing_file": str(path.relative_to(landing)),
        "linked_at": datetime.now(UTC),
    }
