"""One settings object for every part of Hisaab, read from ``HISAAB_*`` environment variables.

The embedded profile (a laptop, ``make demo``) needs no configuration at all: everything lives under
``HISAAB_HOME``. Production points the warehouse and app database at PostgreSQL.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Profile = Literal["embedded", "production"]
SmsProvider = Literal["sandbox", "http"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HISAAB_", extra="ignore")

    profile: Profile = "embedded"
    home: Path = Field(default=Path(".hisaab"))
    warehouse_url: str | None = None
    database_url: str | None = None
    kafka_bootstrap: str | None = None
    # The UPI gateway (the sandbox switch in the embedded profile) and where it calls us back.
    gateway_url: str = "http://127.0.0.1:8710"
    callback_base_url: str = "http://127.0.0.1:8711"
    # The API (`hisaab serve api`). Origins are a comma-separated list; none means no CORS.
    api_port: int = 8000
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    api_max_body_bytes: int = 1024 * 1024
    # OTP codes per phone and per client address in 10 minutes (mobile carriers NAT many
    # people behind one address, so the client limit is generous).
    otp_limit_per_phone: int = 3
    otp_limit_per_client: int = 20
    jwt_issuer: str = "https://hisaab.dev"
    jwt_audience: str = "hisaab-api"
    # Field encryption: new values use this key id; older ids stay readable (hisaab.crypto).
    field_key_id: str = "k1"
    # Login SMS: the sandbox sink writes $HISAAB_HOME/sandbox/sms.jsonl; production needs "http".
    sms_provider: SmsProvider = "sandbox"
    sms_http_url: str | None = None

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @property
    def resolved_home(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def landing_dir(self) -> Path:
        """Where bank files, SMS exports and AA bundles are dropped for ingestion."""
        return self.resolved_home / "landing"

    @property
    def warehouse(self) -> WarehouseLocation:
        return WarehouseLocation.parse(self.warehouse_url, self.resolved_home)


class WarehouseLocation:
    """Where the warehouse lives: a DuckDB file (embedded) or a PostgreSQL database."""

    def __init__(
        self,
        kind: Literal["duckdb", "postgres"],
        *,
        path: Path | None = None,
        host: str = "",
        port: int = 5432,
        user: str = "",
        password: str = "",
        dbname: str = "",
    ) -> None:
        self.kind = kind
        self.path = path
        self.host, self.port, self.dbname = host, port, dbname
        self.user, self.password = user, password

    @classmethod
    def parse(cls, url: str | None, home: Path) -> WarehouseLocation:
        """``None`` or ``duckdb:///path`` → DuckDB; ``postgresql://user@host/db`` → Postgres."""
        if not url:
            return cls("duckdb", path=home / "warehouse.duckdb")
        parts = urlsplit(url)
        if parts.scheme == "duckdb":
            raw_path = url.removeprefix("duckdb://")
            return cls("duckdb", path=Path(raw_path).expanduser().resolve())
        if parts.scheme in {"postgres", "postgresql", "postgresql+psycopg"}:
            return cls(
                "postgres",
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or ""),
                dbname=parts.path.lstrip("/") or "postgres",
            )
        raise ValueError(
            f"HISAAB_WAREHOUSE_URL must start with duckdb:// or postgresql://, got {parts.scheme!r}"
        )

    @property
    def dbt_target(self) -> str:
        return self.kind

    def postgres_conninfo(self) -> str:
        if self.kind != "postgres":
            raise ValueError("not a PostgreSQL warehouse")
        password = f" password={self.password}" if self.password else ""
        return f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}{password}"

    def dbt_env(self) -> dict[str, str]:
        """Environment variables read by ``dbt/profiles.yml`` for this location."""
        if self.kind == "duckdb":
            assert self.path is not None
            return {"HISAAB_DBT_TARGET": "duckdb", "HISAAB_DUCKDB_PATH": str(self.path)}
        return {
            "HISAAB_DBT_TARGET": "postgres",
            "HISAAB_PG_HOST": self.host,
            "HISAAB_PG_PORT": str(self.port),
            "HISAAB_PG_USER": self.user,
            "HISAAB_PG_PASSWORD": self.password,
            "HISAAB_PG_DBNAME": self.dbname,
        }

    def __repr__(self) -> str:
        where = self.path if self.kind == "duckdb" else f"{self.host}:{self.port}/{self.dbname}"
        return f"WarehouseLocation({self.kind}, {where})"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
