"""A sandbox UPI switch (NPCI through a PSP) that misbehaves the way real ones do.

It runs as its own process (``python -m sandbox.gateway``), speaks the JSON protocol of
``payments.gateway.http`` and pushes signed callbacks, so the payments layer is tested against
timeouts, late successes, duplicate and out-of-order callbacks, expired collects and NPCI's
status-check limits over a real network hop. It is the outside world: it shares no code with
``payments`` (not even the signing), only the wire format.

- ``config``: every knob; fault delays in real seconds, NPCI durations scaled by ``time_scale``.
- ``faults``: the scenarios, how one is forced or drawn from the seeded RNG, decline codes.
- ``plans``: a transaction's future (status timeline and callback deliveries) per scenario.
- ``switch``: the in-memory switch; ``status_rules``: NPCI's limits on status checks.
- ``dispatch``: the thread that signs, delivers and retries callbacks.
- ``wire`` and ``app``: the HTTP surface; ``__main__``: flags, environment, uvicorn.

Forcing a scenario: ``POST /sandbox/scenario {"txn_id": ..., "scenario": ...}`` before the pay
or collect with that ``txn_id``. Readiness: ``GET /sandbox/health``.
"""
