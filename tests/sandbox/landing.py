"""Reading a generated landing folder back, for the generator tests."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from sandbox.generate import GenerationSummary

USERS, MONTHS, SEED = 20, 2, 7


@dataclass(frozen=True)
class Landing:
    root: Path
    summary: GenerationSummary

    def files(self, pattern: str) -> list[Path]:
        return sorted(self.root.glob(pattern))

    def truth(self, name: str) -> list[dict[str, str]]:
        with (self.root / "_truth" / name).open(newline="") as handle:
            return list(csv.DictReader(handle))

    def sms(self) -> list[dict[str, str]]:
        return [
            json.loads(line)
            for path in self.files("person=*/sms/messages.jsonl")
            for line in path.read_text().splitlines()
        ]

    def bundles(self) -> list[dict[str, object]]:
        return [json.loads(path.read_text()) for path in self.files("person=*/aa/*.json")]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }
