"""Structured JSON logs with personal identifiers masked before they are written.

Logs outlive the app database's encryption (they are shipped, grepped, kept a year under the
DPDP rules), so phones, VPAs and account numbers never reach them in clear: every string field
goes through ``mask`` on its way out. Keys that name opaque ids (``*_id``, ``*_ref``, ``rrn``)
are kept as they are, because an id that cannot be traced is useless in an incident.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

_PHONE = re.compile(r"(?<![\w@])(?:\+?91[\s-]?)?([6-9]\d{4})[\s-]?(\d{5})(?![\w@])")
_VPA = re.compile(r"\b([\w.-]{1,256})@([a-zA-Z][a-zA-Z0-9]{1,63})\b")
_ACCOUNT = re.compile(r"(?<![\w.])\d{9,18}(?![\w.])")
_OPAQUE_KEYS = re.compile(r"(?:^|_)(?:id|ref|rrn|utr)$")
# Each pattern above needs a digit or an ``@``: text with neither (a method, a route template,
# an event name) has nothing to mask, and one search is cheaper than three substitutions.
_MAYBE_PERSONAL = re.compile(r"[\d@]")
_RESERVED = frozenset(vars(logging.makeLogRecord({})))


def mask(text: str) -> str:
    """``+919000000001`` → ``+91 ••••• ••001``; ``ravi@okaxis`` → ``r••@okaxis``; long digit
    runs (account numbers) keep their last four."""
    if not _MAYBE_PERSONAL.search(text):
        return text
    text = _VPA.sub(lambda m: f"{m.group(1)[0]}••@{m.group(2)}", text)
    text = _PHONE.sub(lambda m: f"+91 ••••• ••{m.group(2)[-3:]}", text)
    return _ACCOUNT.sub(lambda m: "•" * (len(m.group(0)) - 4) + m.group(0)[-4:], text)


def masked(key: str, value: Any) -> Any:
    """``value`` with personal data masked, unless ``key`` names an opaque id."""
    if isinstance(value, str):
        return value if _OPAQUE_KEYS.search(key) else mask(value)
    if isinstance(value, dict):
        return {k: masked(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked(key, item) for item in value]
    return value


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and every ``extra`` field."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                body[key] = masked(key, value)
        if record.exc_info:
            body["error"] = mask(self.formatException(record.exc_info))
        return json.dumps(body, default=str, ensure_ascii=False)


def configure(level: int = logging.INFO) -> None:
    """Send the ``hisaab`` loggers to stderr as JSON (idempotent)."""
    root = logging.getLogger("hisaab")
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level)


def log_event(logger: logging.Logger, event: str, **fields: Any) -> None:
    """Log ``event`` with structured fields (masked by the formatter)."""
    logger.info(event, extra={"event": event, **fields})
