"""Resources shared by every domain, chosen by one switch: the warehouse location (embedded/prod).

Secrets and locations are read when a run starts (``dg.EnvVar``), never at import time.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path

import dagster as dg

from hisaab.settings import WarehouseLocation, get_settings


class WarehouseResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The analytical warehouse: a DuckDB file in the embedded profile, PostgreSQL in production."""

    url: str | None = None
    home: str | None = None

    @property
    def location(self) -> WarehouseLocation:
        settings = get_settings()
        home = Path(self.home) if self.home else settings.resolved_home
        return WarehouseLocation.parse(self.url or settings.warehouse_url, home)

    def export_dbt_env(self) -> None:
        """dbt runs as a subprocess and reads its profile from the environment."""
        os.environ.update(self.location.dbt_env())


class BankFeed(dg.ConfigurableResource, ABC):  # type: ignore[type-arg]
    """Where statements, SMS exports and AA bundles come from, as files in the landing format."""

    @abstractmethod
    def landing_paths(self) -> list[Path]:
        """Folders or files to ingest now (``docs/landing-formats.md``)."""


class LandingFolderFeed(BankFeed):
    """Live feed: files people and connectors drop in ``$HISAAB_HOME/landing`` (one ``person=<id>``
    folder each)."""

    path: str | None = None

    def landing_paths(self) -> list[Path]:
        folder = Path(self.path) if self.path else get_settings().landing_dir
        folder.mkdir(parents=True, exist_ok=True)
        return [folder]


class SandboxFeed(BankFeed):
    """Sandbox feed: a synthetic population from ``sandbox/``, generated once into ``folder``."""

    folder: str
    users: int = 20
    months: int = 2
    seed: int = 42

    def landing_paths(self) -> list[Path]:
        from sandbox.generate import generate_population

        folder = Path(self.folder)
        if not (folder / "_truth" / "manifest.json").exists():
            generate_population(folder, users=self.users, months=self.months, seed=self.seed)
        return [folder]


def default_resources() -> dict[str, object]:
    return {
        "warehouse": WarehouseResource(),
        "bank_feed": LandingFolderFeed(),
    }
