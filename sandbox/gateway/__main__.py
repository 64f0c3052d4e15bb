"""``python -m sandbox.gateway``: run the sandbox UPI switch as its own process.

Every flag can also come from the environment as ``HISAAB_SANDBOX_GATEWAY_<FLAG>`` (``--p-decline``
→ ``HISAAB_SANDBOX_GATEWAY_P_DECLINE``). The signing secret is read from a file, never passed on
the command line, so it does not show up in ``ps``.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import uvicorn

from sandbox.gateway.app import create_app
from sandbox.gateway.config import (
    MAX_AMOUNT_PAISE,
    FaultRates,
    SandboxConfig,
    StatusRules,
    Timings,
)

ENV_PREFIX = "HISAAB_SANDBOX_GATEWAY_"
# One flag per config field, prefixed by group: --p-decline, --stall-s, --status-max-checks.
GROUPS: tuple[tuple[str, Any], ...] = (("p_", FaultRates), ("", Timings), ("status_", StatusRules))


def _add(
    parser: argparse.ArgumentParser, name: str, kind: Callable[[str], Any], default: Any
) -> None:
    """``--name``, its default taken from the environment when set there."""
    env = ENV_PREFIX + name.upper()
    value = os.environ.get(env)
    parser.add_argument(
        "--" + name.replace("_", "-"),
        dest=name,
        type=kind,
        default=kind(value) if value is not None else default,
        help=f"default {default} (env {env})",
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox.gateway", description=__doc__)
    _add(parser, "host", str, "127.0.0.1")
    _add(parser, "port", int, 8710)
    _add(parser, "secret_file", Path, None)
    _add(parser, "seed", int, 7)
    _add(parser, "log_level", str, "info")
    for prefix, group in GROUPS:
        for option in fields(group):
            _add(parser, prefix + option.name, type(option.default), option.default)
    _add(parser, "max_amount_paise", int, MAX_AMOUNT_PAISE)
    return parser.parse_args(argv)


def build_config(args: argparse.Namespace) -> SandboxConfig:
    if args.secret_file is None:
        raise SystemExit("--secret-file is required (the callback signing secret)")
    faults, timings, status_rules = (
        group(**{option.name: getattr(args, prefix + option.name) for option in fields(group)})
        for prefix, group in GROUPS
    )
    return SandboxConfig(
        secret=Path(args.secret_file).read_bytes().strip(),
        seed=args.seed,
        faults=faults,
        timings=timings,
        status_rules=status_rules,
        max_amount_paise=args.max_amount_paise,
    )


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    config = build_config(args)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("sandbox.gateway").info("sandbox switch on port %d: %s", args.port, config)
    uvicorn.run(
        create_app(config),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        timeout_graceful_shutdown=1,
    )


if __name__ == "__main__":
    main()
