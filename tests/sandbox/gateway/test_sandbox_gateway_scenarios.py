"""``HttpGateway`` against the sandbox switch process, one forced scenario per test.

Each test forces its scenario with ``POST /sandbox/scenario`` before paying, then looks at
what a payments service would see: the ack (or the exception), the verified callbacks, and the
status checks that NPCI's limits allow.
"""

from __future__ import annotations

import time

import pytest

from payments.gateway.base import GatewayError, GatewayStatus, GatewayTimeout, StatusCheckRefused
from payments.gateway.codes import describe, lookup
from payments.gateway.http import HttpGateway
from sandbox.gateway.process import SandboxProcess
from tests.sandbox.gateway.harness import (
    CALLBACK_DELAY_S,
    CLIENT_TIMEOUT_S,
    FIRST_CHECK_AFTER_S,
    PENDING_EXPIRY_S,
    STALL_S,
    CallbackReceiver,
    collect_request,
    new_txn_id,
    pay_request,
    sleep_until,
)

pytestmark = pytest.mark.slow


def forced(sandbox: SandboxProcess, scenario: str) -> tuple[str, float]:
    """A fresh txn id pinned to ``scenario``, and the time just before it is sent."""
    txn_id = new_txn_id()
    sandbox.force(txn_id, scenario)
    return txn_id, time.monotonic()


def test_success_acks_then_calls_back_with_an_rrn(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id, started = forced(sandbox_gateway, "success")
    ack = gateway.pay(pay_request(receiver, txn_id))
    assert ack.accepted and ack.gateway_ref.startswith("SBX") and ack.npci_code is None
    [received] = receiver.wait_for(txn_id, 1)
    callback = received.callback
    assert (callback.status, callback.npci_code, callback.gateway_ref) == (
        GatewayStatus.SUCCESS,
        "00",
        ack.gateway_ref,
    )
    assert callback.rrn is not None and len(callback.rrn) == 12 and callback.amount_paise == 25_050
    sleep_until(started + FIRST_CHECK_AFTER_S + 0.05)
    result = gateway.status(txn_id)
    assert (result.status, result.rrn) == (GatewayStatus.SUCCESS, callback.rrn)


def test_decline_fails_with_a_known_npci_code(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id, started = forced(sandbox_gateway, "decline")
    assert gateway.pay(pay_request(receiver, txn_id)).accepted
    [received] = receiver.wait_for(txn_id, 1)
    code = received.callback.npci_code or ""
    assert received.callback.status is GatewayStatus.FAILED
    assert code in {"Z9", "U30", "ZM", "U16", "Z8"} and lookup(code) is not None, describe(code)
    assert received.callback.npci_reason, "a decline always says why"
    sleep_until(started + FIRST_CHECK_AFTER_S + 0.05)
    assert gateway.status(txn_id).npci_code == code


def test_timeout_leaves_the_outcome_unknown_then_fails_without_a_callback(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id, started = forced(sandbox_gateway, "timeout")
    with pytest.raises(GatewayTimeout):
        gateway.pay(pay_request(receiver, txn_id))
    assert time.monotonic() - started < STALL_S, "the client gave up at its own deadline"
    sleep_until(started + max(FIRST_CHECK_AFTER_S, CLIENT_TIMEOUT_S) + 0.02)
    assert gateway.status(txn_id).status is GatewayStatus.PENDING
    sleep_until(started + max(PENDING_EXPIRY_S, STALL_S + CALLBACK_DELAY_S) + 0.15)
    result = gateway.status(txn_id)
    assert (result.status, result.npci_code) == (GatewayStatus.FAILED, "BT")
    assert receiver.for_txn(txn_id) == []


def test_success_after_timeout_arrives_by_callback_and_status(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id, started = forced(sandbox_gateway, "success_after_timeout")
    with pytest.raises(GatewayTimeout):
        gateway.pay(pay_request(receiver, txn_id))
    assert gateway.status(txn_id).status is GatewayStatus.PENDING
    [received] = receiver.wait_for(txn_id, 1)
    assert received.callback.status is GatewayStatus.SUCCESS
    assert received.at - started >= STALL_S
    assert gateway.status(txn_id).status is GatewayStatus.SUCCESS


def test_duplicate_callbacks_repeat_one_callback_byte_for_byte(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id, _ = forced(sandbox_gateway, "duplicate_callbacks")
    gateway.pay(pay_request(receiver, txn_id))
    received = receiver.wait_for(txn_id, 2)
    time.sleep(0.2)  # a third copy, if the RNG chose three, is 0.05 s behind the second
    received = receiver.for_txn(txn_id)
    assert len(received) in (2, 3)
    assert len({item.callback.callback_id for item in received}) == 1
    assert len({item.body for item in received}) == 1


def test_out_of_order_delivers_an_older_pending_after_the_success(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id, _ = forced(sandbox_gateway, "out_of_order")
    gateway.pay(pay_request(receiver, txn_id))
    first, second = (item.callback for item in receiver.wait_for(txn_id, 2))
    assert (first.status, second.status) == (GatewayStatus.SUCCESS, GatewayStatus.PENDING)
    assert first.callback_id != second.callback_id
    assert second.sent_at < first.sent_at, "the late one is recognisably stale"


def test_collect_expires_with_u69(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id, started = forced(sandbox_gateway, "collect_expired")
    ack = gateway.collect(collect_request(receiver, txn_id, expires_in_s=60))
    assert ack.accepted
    [received] = receiver.wait_for(txn_id, 1)
    assert (received.callback.status, received.callback.npci_code) == (GatewayStatus.EXPIRED, "U69")
    assert received.callback.rrn is None
    sleep_until(started + FIRST_CHECK_AFTER_S + 0.05)
    assert gateway.status(txn_id).status is GatewayStatus.EXPIRED


def test_status_checks_follow_npci_limits(
    sandbox_gateway: SandboxProcess, receiver: CallbackReceiver, gateway: HttpGateway
) -> None:
    txn_id, _ = forced(sandbox_gateway, "success")
    gateway.pay(pay_request(receiver, txn_id))
    with pytest.raises(StatusCheckRefused) as too_early:
        gateway.status(txn_id)
    assert too_early.value.reason == "status_check_too_early"
    assert too_early.value.retry_after_s is not None and too_early.value.retry_after_s > 0
    time.sleep(too_early.value.retry_after_s + 0.02)
    for _ in range(3):
        gateway.status(txn_id)
    with pytest.raises(StatusCheckRefused) as too_many:
        gateway.status(txn_id)
    assert too_many.value.reason == "status_check_limit_reached"
    assert isinstance(too_many.value, GatewayError) and too_many.value.status_code == 429


def test_unknown_transaction_is_not_found(gateway: HttpGateway) -> None:
    for _ in range(5):  # unknown ids are not rate limited: there is nothing to count against
        assert gateway.status(new_txn_id()).status is GatewayStatus.NOT_FOUND
