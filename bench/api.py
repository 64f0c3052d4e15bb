"""The API under concurrent clients, each endpoint against a bare one (prints, asserts nothing).

    uv run python bench/api.py [--users 50] [--months 60] [--clients 16] [--seconds 15]
                               [--rounds 3] [--home DIR]

A population of ``--users`` people over ``--months`` months is generated into a temporary
HISAAB_HOME, built by the ``bank_sync`` pipeline (ingest, dbt, publish) and enrolled; then two
servers run as uvicorn subprocesses: the real API (``api.main:app``, the sandbox UPI switch
behind it, no faults) and a "bare" app (this file, ``--serve-bare``) with two endpoints doing
the same single query / single insert with no auth, validation or domain logic:

- (a) ``GET /api/v1/transactions`` (the listing, a page of 50, newest first) for a person with
  the whole history, against the bare ``select … from marts.fct_ledger … limit 50`` on the same
  published snapshot; once with one client (a request's own latency) and once with all of them
  (throughput; on 2 cores 16 clients mostly measure the queue). Target: p99 < 50 ms.
- (b) ``POST /api/v1/payments/intents`` (₹250, a new Idempotency-Key each; audit, encryption,
  outbox in one transaction, committed together with whatever other requests' are queued
  (``payments.group_commit``); then queued for the dispatcher, which submits to the switch)
  against the bare insert of one row, a commit each. Target: at least 40% of the bare
  throughput.

``--clients`` httpx clients (threads, one person each) run for ``--seconds`` per endpoint,
in ``--rounds`` alternating windows (API, bare, API, bare …) so that a load that comes and goes
on the machine weighs on both sides alike. After each payment window of the API the bench
waits, uncounted, until every intent it created has an outcome (the switch calls back a second
after accepting a payment) and prints how long that took: the bare window after it then writes
to a file nobody else is writing to, and the wait shows how far submissions lag creations.
Creation is what the target is about, but the submissions and callbacks it causes run on the
same 2 cores within the API's windows. At the end the statuses of every intent are printed.

Each payment window also counts CPU time (user + system, from /proc) per request of each process
on those cores: the server, the sandbox switch and the bench's own client threads, the API's
counted until its submissions and callbacks are done. When the cores are busy in both windows,
throughput follows the CPU a request costs all processes together, so the same figures give the
ceiling of the ratio: what it would be if the API server itself cost nothing.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import Response

ROOT = Path(__file__).resolve().parents[1]
# This file is named like the ``api`` package it measures: keep its own folder off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
LEDGER_SQL = (
    "select * from marts.fct_ledger where person_ref = ? order by occurred_at desc,"
    " transaction_id desc limit 50"
)


def serve_bare(home: Path, port: int) -> None:
    """The bare app: the least an endpoint can do for the same answer."""
    import duckdb
    import uvicorn
    from fastapi import FastAPI

    from hisaab.serving import current_snapshot

    app, local = FastAPI(), threading.local()
    snapshot, app_db = str(current_snapshot()), str(home / "app.db")

    def ledger() -> Any:
        if not hasattr(local, "duck"):
            local.duck = duckdb.connect(snapshot, read_only=True)
        return local.duck

    @app.get("/bare/transactions")
    def bare_list(person_ref: str) -> Response:
        cursor = ledger().cursor()
        rows = cursor.execute(LEDGER_SQL, [person_ref]).fetchall()
        return Response(repr(rows).encode(), media_type="application/json")

    @app.post("/bare/payments")
    async def bare_pay(request: Request) -> Response:
        body = await request.body()
        with sqlite3.connect(app_db, timeout=30) as conn:
            conn.execute(
                "insert into bench_bare (id, body) values (?, ?)", (uuid.uuid4().hex, body)
            )
        return Response(b'{"ok":true}', status_code=201, media_type="application/json")

    with sqlite3.connect(app_db) as conn:
        conn.execute("pragma journal_mode=wal")
        conn.execute("create table if not exists bench_bare (id text primary key, body blob)")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def build(home: Path, users: int, months: int) -> None:
    from sandbox.generate import generate_population

    started = time.perf_counter()
    summary = generate_population(home / "landing", users=users, months=months, seed=2026)
    print(f"generated {summary.people} people, {summary.transactions:,} transactions", end=" ")
    print(f"over {months} months")
    run = [str(Path(PYTHON).with_name("hisaab")), "pipeline", "run"]
    subprocess.run(run, check=True, env=os.environ, cwd=ROOT, stdout=subprocess.DEVNULL)
    import api.tables  # noqa: F401
    from api.people.enrol import enrol_population
    from hisaab.crypto import field_cipher
    from payments.db import app_engine

    enrol_population(app_engine(), field_cipher(), home / "landing")
    print(f"built and enrolled in {time.perf_counter() - started:.0f} s")


@contextmanager
def server(args: list[str], port: int) -> Iterator[tuple[str, int]]:
    """The server's base URL and process id, once it answers."""
    log = Path(os.environ["HISAAB_HOME"]) / f"server-{port}.log"
    with log.open("wb") as sink:  # the API logs every request: keep it off the report
        process = subprocess.Popen(
            [PYTHON, *args], cwd=ROOT, env=os.environ, stdout=sink, stderr=sink
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/docs", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def login(base: str, home: Path, person_ref: str) -> dict[str, str]:
    """The real OTP flow (the sandbox SMS sink holds the code)."""
    import json

    phone = f"+91900000{int(person_ref[1:]):04d}"
    httpx.post(f"{base}/api/v1/auth/otp", json={"phone": phone}, timeout=10).raise_for_status()
    lines = (home / "sandbox" / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    code = next(json.loads(x)["body"].split()[0] for x in reversed(lines) if phone in x)
    body = {"phone": phone, "otp": code, "device_id": "bench"}
    verified = httpx.post(f"{base}/api/v1/auth/otp/verify", json=body, timeout=10)
    verified.raise_for_status()
    return {"Authorization": f"Bearer {verified.json()['access_token']}"}


Call = Callable[[httpx.Client, int], httpx.Response]


def load(base: str, calls: list[Call], seconds: float) -> tuple[float, list[float]]:
    """One thread per call (client); returns requests per second and every latency (s)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock, start = threading.Lock(), threading.Barrier(len(calls) + 1)
    deadline: list[float] = []

    def worker(call: Call) -> None:
        mine = []
        with httpx.Client(base_url=base, timeout=30) as client:
            start.wait()
            number = 0
            while time.perf_counter() < deadline[0]:
                began = time.perf_counter()
                response = call(client, number)
                mine.append(time.perf_counter() - began)
                if response.status_code >= 400:
                    failures.append(f"{response.status_code}: {response.text[:200]}")
                    break
                number += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    deadline.append(time.perf_counter() + seconds)
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} clients stopped on an error, first: {failures[0]}")
    return len(latencies) / (time.perf_counter() - began), latencies


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process (all its threads); of this one for ``None``."""
    if pid is None:
        own = os.times()
        return own.user + own.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class CpuMeter:
    """CPU seconds per process over the windows of one side: ``{name: pid}``, where the pid
    ``None`` is this process (the client threads)."""

    def __init__(self, processes: dict[str, int | None]) -> None:
        self.processes = processes
        self.spent = dict.fromkeys(processes, 0.0)
        self.started: dict[str, float] = {}

    def start(self) -> None:
        self.started = {name: cpu_seconds(pid) for name, pid in self.processes.items()}

    def stop(self) -> None:
        for name, pid in self.processes.items():
            self.spent[name] += cpu_seconds(pid) - self.started[name]

    def per_request(self, requests: int) -> dict[str, float]:
        """Milliseconds of CPU per request, by process."""
        return {name: spent * 1000 / max(requests, 1) for name, spent in self.spent.items()}


def compare(
    api: tuple[str, list[Call]],
    bare: tuple[str, list[Call]],
    seconds: float,
    rounds: int,
    drain: Callable[[], float] | None = None,
    meters: dict[str, CpuMeter] | None = None,
) -> tuple[tuple[float, list[float]], tuple[float, list[float]]]:
    """Both sides in ``rounds`` alternating windows; each side's overall rate and latencies.

    ``drain`` (payments) runs after each API window and returns how long it waited: the bare
    window then has the file to itself instead of queueing behind the submissions and callbacks
    the API window left behind. The waits are printed, not counted in either side's rate.
    ``meters`` (by side) count CPU over each window, the API's drain included."""
    totals: dict[str, list[Any]] = {"api": [0.0, []], "bare": [0.0, []]}
    for _ in range(rounds):
        for side, (base, calls) in (("api", api), ("bare", bare)):
            meter = (meters or {}).get(side)
            if meter is not None:
                meter.start()
            rps, latencies = load(base, calls, seconds / rounds)
            totals[side][0] += len(latencies) / rps  # the window's length
            totals[side][1].extend(latencies)
            if side == "api" and drain is not None:
                print(f"  API window: {len(latencies)} payments; their submissions and"
                      f" callbacks finished {drain():.1f} s after it")  # fmt: skip
            if meter is not None:
                meter.stop()
    return (
        (len(totals["api"][1]) / totals["api"][0], totals["api"][1]),
        (len(totals["bare"][1]) / totals["bare"][0], totals["bare"][1]),
    )


def settled(home: Path, since: datetime, timeout: float = 120.0, quiet: bool = False) -> float:
    """Wait until no intent created ``since`` awaits the switch; how long that took (printed
    with the statuses unless ``quiet``; an earlier run's last intents, its switch gone, may wait
    for ever)."""
    began = time.perf_counter()
    query = (
        "select status, count(*) from payment_intents where created_at >= ?"
        " group by status order by status"
    )
    stamp = since.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    while True:
        with sqlite3.connect(home / "app.db", timeout=30) as conn:
            statuses = dict(conn.execute(query, (stamp,)).fetchall())
        waiting = sum(statuses.get(s, 0) for s in ("created", "submitted", "pending"))
        if not waiting or time.perf_counter() - began > timeout:
            break
        time.sleep(0.2)
    waited = time.perf_counter() - began
    if not quiet:
        print(f"  every intent had its outcome {waited:.1f} s after the last")
        print(f"  window ended: {statuses}")
    return waited


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def report(name: str, rps: float, latencies: list[float]) -> float:
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(f"  {name:<40} {rps:8.0f} req/s   p50 {p50:7.1f} ms   p99 {p99:7.1f} ms")
    return rps


def listing_calls(
    headers: list[dict[str, str]], people: list[str]
) -> tuple[list[Call], list[Call]]:
    def api(h: dict[str, str]) -> Call:
        return lambda c, _n: c.get("/api/v1/transactions", params={"limit": 50}, headers=h)

    def bare(ref: str) -> Call:
        return lambda c, _n: c.get("/bare/transactions", params={"person_ref": ref})

    return [api(h) for h in headers], [bare(ref) for ref in people]


def payment_calls(headers: list[dict[str, str]]) -> tuple[list[Call], list[Call]]:
    body = {"kind": "pay", "payer_vpa": "bench.payer@okhdfcbank", "payee_vpa": "chai.42@ybl",
            "payee_name": "Sharma Tea Stall", "amount_paise": 25_000, "note": "bench"}  # fmt: skip

    def api(h: dict[str, str]) -> Call:
        def call(client: httpx.Client, _n: int) -> httpx.Response:
            keyed = {**h, "Idempotency-Key": str(uuid.uuid4())}
            return client.post("/api/v1/payments/intents", json=body, headers=keyed)

        return call

    bare: Call = lambda c, _n: c.post("/bare/payments", json=body)  # noqa: E731
    return [api(h) for h in headers], [bare] * len(headers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--home", type=Path, help="keep the built population here and reuse it")
    parser.add_argument("--serve-bare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        return serve_bare(Path(os.environ["HISAAB_HOME"]), args.serve_bare)
    if args.home:
        return run(args.home.resolve(), args)
    with tempfile.TemporaryDirectory(prefix="hisaab-bench-api-") as temp:
        run(Path(temp), args)
    return None


def run(home: Path, args: argparse.Namespace) -> None:
    from sandbox.gateway.process import free_port, start_sandbox

    api_port, bare_port = free_port(), free_port()
    secret = uuid.uuid4().hex * 2
    os.environ.update(HISAAB_HOME=str(home), HISAAB_GATEWAY_WEBHOOK=secret,
                      HISAAB_CALLBACK_BASE_URL=f"http://127.0.0.1:{api_port}")  # fmt: skip
    if not (home / "published").exists():  # built already when --home is reused
        build(home, args.users, args.months)
    else:  # an earlier run's sign-in codes would count against this run's logins
        with sqlite3.connect(home / "app.db") as conn:
            conn.execute("delete from otp_challenges")
    switch = start_sandbox(home / "switch", secret.encode(), ["--log-level", "warning",
                           *[f"--p-{f}=0" for f in _fault_names()]])  # fmt: skip
    os.environ["HISAAB_GATEWAY_URL"] = switch.base_url
    uvicorn = ["-m", "uvicorn", "--factory", "--log-level", "warning", "--no-access-log"]
    try:
        api_server = server([*uvicorn, "api.main:app", "--port", str(api_port)], api_port)
        bare_server = server([__file__, "--serve-bare", str(bare_port)], bare_port)
        with api_server as (base, api_pid), bare_server as (bare, bare_pid):
            people = [f"P{n:06d}" for n in range(1, min(args.clients, args.users) + 1)]
            headers = [login(base, home, ref) for ref in people]
            headers = (headers * args.clients)[: args.clients]
            people = (people * args.clients)[: args.clients]
            meters = {
                "api": CpuMeter({"server": api_pid, "switch": switch.process.pid, "clients": None}),
                "bare": CpuMeter(
                    {"server": bare_pid, "switch": switch.process.pid, "clients": None}
                ),
            }
            measure(home, base, bare, headers, people, args, meters)
    finally:
        switch.stop()


def _fault_names() -> list[str]:
    from dataclasses import fields

    from sandbox.gateway.config import FaultRates

    return [f.name.replace("_", "-") for f in fields(FaultRates)]


def measure(
    home: Path,
    base: str,
    bare: str,
    headers: list[dict[str, str]],
    people: list[str],
    args: Any,
    meters: dict[str, CpuMeter],
) -> None:
    print(f"{args.clients} clients, {args.seconds:.0f} s per endpoint in {args.rounds} windows")
    api_calls, bare_calls = listing_calls(headers, people)
    load(base, api_calls[:2], 1.0), load(bare, bare_calls[:2], 1.0)  # warm both
    # One client first: the latency of one request, before 2 cores queue 16 clients' requests.
    report("(a) GET /transactions (API), 1 client", *load(base, api_calls[:1], args.seconds))
    report("(a) bare single query, 1 client", *load(bare, bare_calls[:1], args.seconds))
    api_side, bare_side = compare((base, api_calls), (bare, bare_calls), args.seconds, args.rounds)
    listed = report("(a) GET /transactions (API)", *api_side)
    bare_listed = report("(a) bare single query", *bare_side)
    api_calls, bare_calls = payment_calls(headers)
    since = datetime.now(UTC)
    drain = lambda: settled(home, since, quiet=True)  # noqa: E731
    api_side, bare_side = compare((base, api_calls), (bare, bare_calls), args.seconds, args.rounds,
                                  drain, meters)  # fmt: skip
    paid = report("(b) POST /payments/intents (API)", *api_side)
    bare_paid = report("(b) bare single insert", *bare_side)
    settled(home, since)
    api_cpu = meters["api"].per_request(len(api_side[1]))
    bare_cpu = meters["bare"].per_request(len(bare_side[1]))
    for name, cpu in (("API", api_cpu), ("bare", bare_cpu)):
        parts = ", ".join(f"{process} {ms:.2f}" for process, ms in cpu.items())
        print(f"  CPU per payment, {name}: {sum(cpu.values()):.2f} ms ({parts})")
    ceiling = sum(bare_cpu.values()) / (api_cpu["switch"] + api_cpu["clients"])
    print(f"  listing throughput: API / bare = {listed / bare_listed:.0%}  (target: p99 < 50 ms)")
    print(f"  payments throughput: API / bare = {paid / bare_paid:.0%}  (target: >= 40%);"
          f" by CPU per payment {sum(bare_cpu.values()) / sum(api_cpu.values()):.0%},"
          f" and {ceiling:.0%} if the API server cost nothing")  # fmt: skip


if __name__ == "__main__":
    main()
