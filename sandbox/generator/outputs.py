"""Turning a simulation into the landing folder of docs/landing-formats.md."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from sandbox.generator.aa import AaAccount, aa_files, aa_transaction_lines
from sandbox.generator.catalog.banks import BANKS
from sandbox.generator.common import stream, to_date
from sandbox.generator.frame import ledger_frame
from sandbox.generator.identity import people_frame
from sandbox.generator.narrations import with_narrations
from sandbox.generator.simulate import Simulation
from sandbox.generator.sms import sms_lines
from sandbox.generator.statement_rows import statement_lines
from sandbox.generator.statements import StatementAccount, first_row_lines, statement_files
from sandbox.generator.truth import accounts_truth, source_rows_truth, transactions_truth
from sandbox.generator.writer import joined, write_files

C = pl.col


@dataclass(frozen=True)
class Written:
    statement_lines: int
    sms_messages: int
    sms_alerts: int
    aa_accounts: int
    aa_transactions: int
    anomalies: int
    files: int


@dataclass(frozen=True)
class Truth:
    transactions: pl.DataFrame  # one row per true event
    source_rows: pl.DataFrame  # one row per source row that reports an event


def write_landing(out: Path, simulation: Simulation, seed: int) -> tuple[Written, Truth]:
    world, ledger = simulation.world, simulation.ledger
    accounts = _with_balances(simulation)
    frame = with_narrations(ledger_frame(world, ledger, accounts))
    lines = statement_lines(frame)
    summaries = _statement_accounts(accounts, frame)
    files = write_files(out, statement_files(summaries, joined(lines, "account"), world.period))
    sms, delivered = sms_lines(
        stream(seed, "sms"), stream(seed, "sms-wording"), world, frame, ledger, accounts
    )
    files += write_files(
        out,
        (
            (f"person={ref}/sms/messages.jsonl", body + "\n")
            for ref, body in joined(sms, "person_ref").items()
        ),
    )
    aa_lines = aa_transaction_lines(stream(seed, "aa-ids"), frame)
    linked = _aa_accounts(accounts)
    files += write_files(
        out, aa_files(stream(seed, "aa"), linked, joined(aa_lines, "account", ","), world.period)
    )
    truth = Truth(
        transactions=transactions_truth(frame.with_columns(in_sms=pl.Series(delivered))),
        source_rows=source_rows_truth(
            frame, first_row_lines(summaries, world.period), sms, aa_lines
        ),
    )
    written = Written(
        statement_lines=lines.height,
        sms_messages=sms.height,
        sms_alerts=int(delivered.sum()),
        aa_accounts=len(linked),
        aa_transactions=aa_lines.height,
        anomalies=int(truth.transactions["is_anomaly"].sum()),
        files=files,
    )
    return written, truth


def write_truth(
    out: Path, simulation: Simulation, truth: Truth, manifest: dict[str, object]
) -> int:
    folder = out / "_truth"
    folder.mkdir(parents=True, exist_ok=True)
    truth.transactions.write_csv(folder / "transactions.csv")
    truth.source_rows.write_csv(folder / "source_rows.csv")
    people_frame(simulation.world.population).write_csv(folder / "people.csv")
    accounts_truth(_with_balances(simulation)).write_csv(folder / "accounts.csv")
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    return 5


def _with_balances(simulation: Simulation) -> pl.DataFrame:
    ledger = simulation.ledger
    return simulation.accounts.with_columns(
        pl.Series("opening_balance_paise", ledger.opening_paise),
        pl.Series("closing_balance_paise", ledger.closing_paise),
        C("bank").replace_strict({b.key: b.fip_id for b in BANKS}).alias("fip_id"),
    )


def _statement_accounts(accounts: pl.DataFrame, frame: pl.DataFrame) -> list[StatementAccount]:
    size = accounts.height
    totals = {name: np.zeros(size, dtype=np.int64) for name in ("dr", "cr", "n_dr", "n_cr")}
    account = frame["account"].to_numpy()
    amount = frame["amount_paise"].to_numpy()
    credit = frame["is_credit"].to_numpy()
    np.add.at(totals["dr"], account[~credit], amount[~credit])
    np.add.at(totals["cr"], account[credit], amount[credit])
    np.add.at(totals["n_dr"], account[~credit], 1)
    np.add.at(totals["n_cr"], account[credit], 1)
    rows = accounts.to_dicts()
    return [
        StatementAccount(
            person_ref=r["person_ref"],
            bank=r["bank"],
            last4=r["last4"],
            account_number=r["account_number"],
            title=r["title"],
            holder=r["holder"],
            branch=r["branch"],
            city=r["city"],
            customer_id=r["customer_id"],
            ifsc=r["ifsc"],
            micr=r["micr"],
            opening_date=f"{to_date(r['opening_day']):%d/%m/%y}",
            opening_paise=r["opening_balance_paise"],
            closing_paise=r["closing_balance_paise"],
            debits_paise=int(totals["dr"][i]),
            credits_paise=int(totals["cr"][i]),
            debit_count=int(totals["n_dr"][i]),
            credit_count=int(totals["n_cr"][i]),
        )
        for i, r in enumerate(rows)
    ]


def _aa_accounts(accounts: pl.DataFrame) -> list[tuple[int, AaAccount]]:
    linked = []
    for r in accounts.filter(C("has_aa")).to_dicts():
        holder = {
            "name": f"{r['title']} {r['holder']}",
            "dob": f"{to_date(r['birth_day']):%Y-%m-%d}",
            "mobile": f"9XXXXXX{r['mobile_tail']}",
            "nominee": "REGISTERED",
            "email": f"{r['first_name'].lower()}{r['handle_suffix']}@example.com",
            "pan": f"{r['pan_letters'][:3]}P{r['surname'][0]}{r['customer_id'][-4:]}"
            f"{r['pan_letters'][3]}",
            "ckycCompliance": "true",
        }
        linked.append(
            (
                r["account"],
                AaAccount(
                    person_ref=r["person_ref"],
                    fip_id=r["fip_id"],
                    last4=r["last4"],
                    holder=holder,
                    branch=r["branch"],
                    ifsc=r["ifsc"],
                    micr=r["micr"],
                    opening_day=r["opening_day"],
                    closing_paise=r["closing_balance_paise"],
                ),
            )
        )
    return linked
