"""The sandbox switch's answers outside the happy path: rejections, 503, resends, redelivery."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest

from payments.gateway.base import GatewayError, GatewayStatus
from payments.gateway.http import HttpGateway
from sandbox.gateway.process import SandboxProcess
from tests.sandbox.gateway.harness import (
    FIRST_CHECK_AFTER_S,
    CallbackReceiver,
    new_txn_id,
    pay_request,
    sleep_until,
)

pytestmark = pytest.mark.slow


INVALID: list[tuple[dict[str, Any], str]] = [
    ({"payee_vpa": "not-a-vpa"}, "ZH"),
    ({"amount_paise": 1_00_000_01}, "Z8"),  # one paisa over ₹1 lakh
    ({"amount_paise": 0}, "U07"),
]


def test_invalid_requests_are_rejected_at_once_without_callbacks(
    receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    started = time.monotonic()
    rejected: dict[str, str] = {}
    for changes, code in INVALID:
        txn_id = new_txn_id()
        ack = gateway.pay(dataclasses.replace(pay_request(receiver, txn_id), **changes))
        assert (ack.accepted, ack.npci_code) == (False, code) and ack.npci_reason
        rejected[txn_id] = code
    sleep_until(started + FIRST_CHECK_AFTER_S + 0.05)
    for txn_id, code in rejected.items():
        result = gateway.status(txn_id)
        assert (result.status, result.npci_code) == (GatewayStatus.FAILED, code)
        assert receiver.for_txn(txn_id) == []


def test_unavailable_psp_is_a_gateway_error_and_a_resend_goes_through(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id = new_txn_id()
    sandbox_gateway.force(txn_id, "unavailable")
    with pytest.raises(GatewayError) as refused:
        gateway.pay(pay_request(receiver, txn_id))
    assert refused.value.status_code == 503
    assert gateway.pay(pay_request(receiver, txn_id)).accepted
    receiver.wait_for(txn_id, 1)


def test_a_resend_gets_the_first_answer_and_a_reused_id_gets_u01(
    receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id = new_txn_id()
    first = gateway.pay(pay_request(receiver, txn_id))
    assert gateway.pay(pay_request(receiver, txn_id)) == first
    reused = gateway.pay(pay_request(receiver, txn_id, amount_paise=99_900))
    assert (reused.accepted, reused.npci_code) == (False, "U01")
    receiver.wait_for(txn_id, 1)
    time.sleep(0.1)
    assert len(receiver.for_txn(txn_id)) == 1, "one payment, one callback"


def test_failed_deliveries_are_retried_with_backoff(
    receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id = new_txn_id()
    receiver.fail_next(txn_id, 2)
    gateway.pay(pay_request(receiver, txn_id))
    [received] = receiver.wait_for(txn_id, 1)
    assert received.callback.status is GatewayStatus.SUCCESS
    assert receiver.failures_left[txn_id] == 0


def test_a_collect_only_scenario_cannot_be_forced_on_a_pay(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id = new_txn_id()
    sandbox_gateway.force(txn_id, "collect_expired")
    with pytest.raises(GatewayError) as conflict:
        gateway.pay(pay_request(receiver, txn_id))
    assert conflict.value.status_code == 409
