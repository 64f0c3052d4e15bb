"""A person's flagged transactions and their verdicts on them.

A transaction is flagged when the anomaly model flags it (``ml.transaction_anomalies``, after a
model refresh) or a rule does (``marts.fct_anomalies``); both reasons are shown. Verdicts live
in the app database (`hisaab.feedback`): the model refresh copies them into its training labels,
and the latest one is what the person sees.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from api import audit
from api.errors import NotFound
from api.insights.anomaly_schemas import Anomaly, AnomalyReason, PersonVerdict, RecordedVerdict
from api.insights.periods import read
from api.ledger.lineage import mask_account_numbers
from api.principal import Person
from hisaab.feedback import latest_verdicts, record_verdict
from hisaab.serving import PublishedMarts

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}
STORED_VERDICT: dict[PersonVerdict, str] = {"fraud": "suspicious", "expected": "expected"}
PERSON_VERDICT: dict[str, PersonVerdict] = {"suspicious": "fraud", "expected": "expected"}

_MODEL_SQL = """
select transaction_id, score, reason, model_version
from ml.transaction_anomalies
where person_ref = :person_ref and is_flagged {only}
"""
_RULES_SQL = """
select transaction_id, rule, severity, reason
from marts.fct_anomalies
where person_ref = :person_ref {only}
order by transaction_id, rule
"""
_LEDGER_SQL = """
select l.transaction_id, l.business_date, l.direction, l.amount_paise,
    coalesce(m.merchant_name, l.counterparty) as payee_name
from marts.fct_ledger as l
left join marts.dim_merchants as m on l.merchant_id = m.merchant_id
where l.person_ref = :person_ref
    and l.transaction_id in (select unnest(cast(:ids as varchar[])))
"""


def flagged(
    marts: PublishedMarts, engine: Engine, person_ref: str, transaction_id: str | None = None
) -> list[Anomaly]:
    """The person's flagged transactions (or just ``transaction_id``), newest first."""
    model, rules = _flags(marts, person_ref, transaction_id)
    ids = sorted(set(model) | set(rules))
    if not ids:
        return []
    ledger = read(marts, "marts.fct_ledger", _LEDGER_SQL, {"person_ref": person_ref, "ids": ids})
    verdicts = _verdicts(engine, person_ref)
    found = [
        _anomaly(
            row, model.get(row["transaction_id"]), rules.get(row["transaction_id"], [])
        ).model_copy(update=verdicts.get(row["transaction_id"], {}))
        for row in ledger
    ]
    return sorted(found, key=lambda a: (a.business_date, a.transaction_id), reverse=True)


def _flags(
    marts: PublishedMarts, person_ref: str, transaction_id: str | None
) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """What flagged each transaction: the model's row and the rules' rows, by transaction."""
    only, params = "", dict[str, Any](person_ref=person_ref)
    if transaction_id is not None:
        only, params["transaction_id"] = "and transaction_id = :transaction_id", transaction_id
    model = {
        row["transaction_id"]: row
        for row in read(marts, "ml.transaction_anomalies", _MODEL_SQL.format(only=only), params)
    }
    rules: dict[str, list[dict[str, Any]]] = {}
    for row in read(marts, "marts.fct_anomalies", _RULES_SQL.format(only=only), params):
        rules.setdefault(row["transaction_id"], []).append(row)
    return model, rules


def _anomaly(
    row: dict[str, Any], model: dict[str, Any] | None, rules: list[dict[str, Any]]
) -> Anomaly:
    reasons = [
        AnomalyReason(source="model", rule=None, severity=None, reason=_masked(model["reason"]))
    ] if model and model["reason"] else []  # fmt: skip
    reasons += [
        AnomalyReason(
            source="rule", rule=r["rule"], severity=r["severity"], reason=_masked(r["reason"])
        )
        for r in rules
    ]
    return Anomaly(
        **{name: row[name] for name in ("transaction_id", "business_date", "direction")},
        amount_paise=row["amount_paise"],
        payee_name=None if row["payee_name"] is None else _masked(row["payee_name"]),
        score=None if model is None else model["score"],
        severity=max((r["severity"] for r in rules), key=_rank, default=None),
        reasons=reasons,
        model_version=None if model is None else model["model_version"],
        verdict=None,
        reviewed_at=None,
    )


def _rank(severity: str | None) -> int:
    return SEVERITY_RANK.get(severity or "", 0)


def _masked(text: object) -> str:
    """Bank text can print a whole account number: keep its last four digits."""
    return mask_account_numbers(str(text))


def _verdicts(engine: Engine, person_ref: str) -> dict[str, dict[str, Any]]:
    """transaction_id → its latest verdict, in the person's words."""
    frame = latest_verdicts(engine, person_ref)
    return {
        row["transaction_id"]: {
            "verdict": PERSON_VERDICT[row["verdict"]],
            "reviewed_at": row["reviewed_at"],
        }
        for row in frame.iter_rows(named=True)
        if row["verdict"] in PERSON_VERDICT
    }


def record_feedback(
    marts: PublishedMarts,
    engine: Engine,
    person: Person,
    transaction_id: str,
    verdict: PersonVerdict,
) -> RecordedVerdict:
    """Store the person's verdict on one of their flagged transactions, and audit it."""
    if not flagged(marts, engine, person.person_ref, transaction_id):
        raise NotFound("flagged transaction")  # someone else's answers like a missing one
    reviewed_at = datetime.now(UTC)
    feedback_id = record_verdict(
        engine,
        transaction_id=transaction_id,
        person_ref=person.person_ref,
        verdict=STORED_VERDICT[verdict],
        reviewed_by=person.person_id,
        source="person",
        reviewed_at=reviewed_at,
    )
    # record_verdict commits on its own: the audit row follows in the next transaction.
    with engine.begin() as conn:
        audit.record(
            conn, "anomaly.verdict", person_id=person.person_id,
            transaction_id=transaction_id, verdict=verdict, feedback_id=feedback_id,
        )  # fmt: skip
    return RecordedVerdict(
        feedback_id=feedback_id, transaction_id=transaction_id, verdict=verdict,
        reviewed_at=reviewed_at,
    )  # fmt: skip
