"""One typed settings object, read from the environment (prefix ``PANTAU_``).

Inside Airflow, the connections ``pantau_warehouse``, ``bpjs_export_http`` and ``ckan_portal``
take precedence over these values (resolved in the task layer, :mod:`pantau.airflow_support`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.version import package_version

# Where the packages are: the repository in a checkout, site-packages in an installed wheel. What
# the code reads (news registry, reference series, migrations, templates) is found from here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Where the pipeline writes by default (var/): the checkout itself, or the working folder of an
# installed package (never site-packages).
WORK_ROOT = PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").is_file() else Path.cwd()


class Settings(BaseSettings):
    """Every setting, one line each in docs/operations.md ("Settings")."""

    model_config = SettingsConfigDict(env_prefix="PANTAU_", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: WORK_ROOT / "var" / "data")
    warehouse_url: str = ""
    # Required for rosters and never defaulted: without it a roster is refused, never hashed weakly.
    pseudonym_key: SecretStr | None = None

    # HTTP sources
    http_timeout_connect: float = 5.0
    http_timeout_read: float = 30.0
    http_retries: int = 4
    http_backoff: float = 0.5
    http_deadline: float = 120.0  # seconds one fetch may take in all: retries, waits and reading
    http_max_retry_wait: float = 30.0  # a longer Retry-After is cut to this (and the log says so)
    export_http_url: str | None = None
    export_http_token: SecretStr | None = None
    ckan_url: str | None = None

    # Export calendar: a month's export is due by this day of the following month (Jakarta time).
    # Until then the coverage DAG waits for it; after it, a month without an export fails its run.
    export_due_day: int = Field(default=10, ge=1, le=28)
    # The first month an export is expected for (YYYY-MM): the index lists every month since.
    first_period: str = "2024-01"

    # News crawler
    contact: str = "data-pantau@jambiprov.go.id"
    crawl_rate_per_host: float = 1.0
    crawl_concurrency: int = 4
    crawl_max_bytes: int = 5_000_000
    allow_private_addresses: bool = False
    sites_file: Path | None = None  # None: the government's own news registry

    # The government this deployment serves: its region, programmes, funding sources, news registry
    # and denominators (core/government.py). A bare name ("ppu.yaml") is looked up in reference/governments.
    government_file: Path = Field(default=PROJECT_ROOT / "reference" / "governments" / "jambi.yaml")
    # Rows of an export about regions outside the government's: set aside (kept, counted, not loaded) or
    # the whole file refused (pantau/outside_rows.py).
    outside_rows: Literal["set_aside", "refuse"] = "set_aside"

    # Published aggregates suppress cells smaller than this (privacy).
    small_cell_threshold: int = 5

    # The command line and the task layer
    log_level: str = "WARNING"  # the CLI's log level (a logging level name)
    debug: bool = False  # the CLI shows the traceback of an internal error
    # Read Airflow connections outside a running task (a process that binds them itself, e.g. a shell)
    use_airflow_connections: bool = False

    @property
    def resolved_warehouse_url(self) -> str:
        return self.warehouse_url or f"sqlite:///{WORK_ROOT / 'var' / 'warehouse.sqlite'}"

    @property
    def landing_dir(self) -> Path:
        return self.data_dir / "landing"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def quarantine_dir(self) -> Path:
        """The rejected folder: each rejected file in ``batch-N/`` with its reason beside it."""
        return self.data_dir / "quarantine"

    @property
    def gx_dir(self) -> Path:
        return self.data_dir / "gx"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def user_agent(self) -> str:
        return f"PantauBot/{package_version()} (+{self.contact})"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment)."""
    get_settings.cache_clear()
