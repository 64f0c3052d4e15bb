"""The JSON the sandbox switch accepts, checked strictly so adapter bugs fail loudly (422).

Wire format (``payments.gateway.http`` is the client):

- ``POST /v1/pay`` → ``202 {"txn_id", "gateway_ref", "accepted": true}``, or
  ``200 {"txn_id", "gateway_ref", "accepted": false, "npci_code", "npci_reason"}`` for an
  immediate rejection; ``503`` when the PSP is unavailable; ``409`` when a forced scenario does
  not apply. ``POST /v1/collect`` likewise, with ``expires_in_s``.
- ``GET /v1/status/{txn_id}`` → ``{"txn_id", "status", "rrn", "npci_code", "npci_reason"}``,
  ``status: "not_found"`` for unknown ids, ``429`` when NPCI's check limits refuse it.
- Callbacks: ``POST <callback_url>`` with ``{"callback_id", "txn_id", "gateway_ref", "status",
  "rrn", "npci_code", "npci_reason", "amount_paise", "sent_at"}`` and the signature headers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from sandbox.gateway.faults import Scenario


class PayBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    txn_id: str = Field(min_length=1, max_length=64)
    payer_vpa: str
    payee_vpa: str
    payee_name: str
    amount_paise: StrictInt
    note: str
    callback_url: str = Field(pattern=r"^https?://")


class CollectBody(PayBody):
    expires_in_s: StrictInt


class ScenarioBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    txn_id: str = Field(min_length=1, max_length=64)
    scenario: Scenario
