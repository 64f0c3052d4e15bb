"""Writing the landing folder: one call per file, directories made once, UTF-8, ``\\n`` lines."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl


def clear_previous(out: Path) -> None:
    """Remove what an earlier generation left (person folders and ``_truth``), nothing else."""
    if not out.exists():
        return
    for child in sorted(out.iterdir()):
        if child.is_dir() and (child.name.startswith("person=") or child.name == "_truth"):
            shutil.rmtree(child)


def write_files(out: Path, files: Iterable[tuple[str, str]]) -> int:
    made: set[Path] = set()
    count = 0
    for relative, text in files:
        path = out / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(text.encode())
        count += 1
    return count


def joined(lines: pl.DataFrame, key: str, separator: str = "\n") -> dict[Any, str]:
    """``key → lines joined``, keeping the frame's order inside each group."""
    grouped = lines.group_by(key, maintain_order=True).agg(pl.col("line").str.join(separator))
    return dict(zip(grouped[key].to_list(), grouped["line"].to_list(), strict=True))
