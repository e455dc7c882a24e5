"""Configuration from the environment, with defaults that run on one machine with no server."""

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("CITIZENPLAN_DATA_DIR", PROJECT_DIR / "data"))
    )
    database_url: str = field(default_factory=lambda: os.environ.get("CITIZENPLAN_DATABASE_URL", ""))
    public_url: str = field(
        default_factory=lambda: os.environ.get("CITIZENPLAN_PUBLIC_URL", "http://localhost:3000")
    )
    session_idle_minutes: int = field(default_factory=lambda: _env_int("CITIZENPLAN_SESSION_IDLE_MINUTES", 30))
    session_max_hours: int = field(default_factory=lambda: _env_int("CITIZENPLAN_SESSION_MAX_HOURS", 12))
    invitation_days: int = 7
    # argon2 cost; tests lower it through the environment so that hundreds of logins stay quick.
    argon2_memory_kib: int = field(default_factory=lambda: _env_int("CITIZENPLAN_ARGON2_MEMORY_KIB", 65536))
    argon2_time_cost: int = field(default_factory=lambda: _env_int("CITIZENPLAN_ARGON2_TIME_COST", 3))

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'citizenplan.db'}"


def get_settings() -> Settings:
    return Settings()
