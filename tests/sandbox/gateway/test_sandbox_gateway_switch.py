"""The switch without HTTP: status-check rules, seeded references, signed redelivery, flags."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from payments.signing import verify
from sandbox.gateway.__main__ import build_config, parse_args
from sandbox.gateway.config import FaultRates, SandboxConfig, StatusRules, Timings
from sandbox.gateway.dispatch import CallbackDispatcher, Outgoing
from sandbox.gateway.faults import Kind
from sandbox.gateway.status_rules import LIMIT_REACHED, TOO_EARLY, refusal
from sandbox.gateway.switch import Switch
from sandbox.gateway.wire import PayBody

RULES, CLOCK = StatusRules(), Timings()


def test_status_rules_match_npci_timing() -> None:
    early = refusal(RULES, CLOCK, 89.0, [])
    assert early is not None and early.error == TOO_EARLY and early.retry_after_s == 1.0
    assert early.headers() == {"Retry-After": "1"}
    assert refusal(RULES, CLOCK, 90.0, []) is None
    limited = refusal(RULES, CLOCK, 200.0, [90.0, 120.0, 150.0])
    assert limited is not None and limited.error == LIMIT_REACHED
    assert refusal(RULES, CLOCK, 7200.0, [90.0, 120.0, 150.0]) is None  # the window closed


def test_status_rules_scale_with_the_npci_clock() -> None:
    fast = Timings(time_scale=0.01)
    assert refusal(RULES, fast, 0.89, []) is not None
    assert refusal(RULES, fast, 0.9, []) is None


def make_switch(seed: int) -> Switch:
    config = SandboxConfig(secret=b"k", seed=seed, faults=FaultRates(decline=0.5))
    return Switch(config, CallbackDispatcher(b"k", config.timings))  # never started


def pay_body(txn_id: str) -> PayBody:
    return PayBody(
        txn_id=txn_id,
        payer_vpa="asha@oksbi",
        payee_vpa="kirana.store@paytm",
        payee_name="Kirana",
        amount_paise=49_900,
        note="groceries",
        callback_url="http://127.0.0.1:9/callbacks",
    )


def test_the_same_seed_and_requests_give_the_same_answers() -> None:
    def answers(seed: int) -> list[object]:
        switch = make_switch(seed)
        return [switch.submit(Kind.PAY, pay_body(f"T{i}")).body for i in range(20)]

    assert answers(7) == answers(7)
    assert answers(7) != answers(8)


def test_failed_deliveries_are_retried_then_given_up_signed_every_time() -> None:
    attempts: list[dict[str, str]] = []
    done = threading.Event()

    def refuse(url: str, body: bytes, headers: dict[str, str]) -> int:
        attempts.append(headers)
        if len(attempts) == 3:
            done.set()
        return 503

    timings = Timings(retry_backoff_s=0.01, callback_attempts=3)
    dispatcher = CallbackDispatcher(b"secret", timings, send=refuse)
    dispatcher.start()
    dispatcher.schedule(Outgoing("http://x/cb", b"{}", "cb_1", "T1"), at=0.0)
    assert done.wait(2.0)
    dispatcher.stop()
    assert len(attempts) == 3 and dispatcher.pending() == 0
    for headers in attempts:
        verify(b"secret", headers, b"{}", datetime.now(UTC))


def test_flags_and_environment_build_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_bytes(b"s3cret\n")
    monkeypatch.setenv("HISAAB_SANDBOX_GATEWAY_P_DECLINE", "0.25")
    args = parse_args(["--secret-file", str(secret_file), "--stall-s", "3", "--seed", "11"])
    config = build_config(args)
    assert config.secret == b"s3cret" and config.seed == 11
    assert config.faults.decline == 0.25 and config.timings.stall_s == 3.0
    assert "s3cret" not in repr(config), "the secret never reaches a log line"
    with pytest.raises(SystemExit):
        build_config(parse_args([]))


def scheduled_callback_ids(switch: Switch, txn_ids: list[str]) -> list[str]:
    ids: list[str] = []
    switch._dispatcher.schedule = lambda outgoing, _at: ids.append(outgoing.callback_id)  # type: ignore[method-assign]
    for txn_id in txn_ids:
        switch.submit(Kind.PAY, pay_body(txn_id))
    return ids


def test_a_restarted_switch_does_not_reuse_callback_ids_for_new_payments() -> None:
    """The app keeps every callback id it applied; a repeat would be dropped as a replay."""
    before = scheduled_callback_ids(make_switch(7), [f"T{i}" for i in range(10)])
    after = scheduled_callback_ids(make_switch(7), [f"U{i}" for i in range(10)])
    assert before and after and not set(before) & set(after)
    assert before == scheduled_callback_ids(make_switch(7), [f"T{i}" for i in range(10)])
