"""What the API and web app read from the environment, once, when the app is created."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from dualuse.interfaces.api.hardening import LOOPBACK_HOSTS

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024
UPLOAD_PATHS = ("/api/v1/batch", "/api/v1/impact/exposure", "/batch", "/impact/exposure")
"""Routes that take a file upload: their bodies are capped by `max_upload_bytes`, not `max_body_bytes`."""


@dataclass(frozen=True)
class Settings:
    """`DUALUSE_REQUIRE_AUTH=1` closes the reads; `DUALUSE_API_TOKENS` lists extra read-only bearer
    tokens (comma-separated); `DUALUSE_MAX_BODY_BYTES` caps a request body; `DUALUSE_DATABASE_URL`
    names the store (cases, applications, licences, users), else the app runs without one;
    `DUALUSE_SESSION_SECRET` keys the hashes of web session tokens (else a key file next to the
    database); `DUALUSE_SESSION_HOURS` (12) and `DUALUSE_SESSION_IDLE_MINUTES` (30) end a session;
    `DUALUSE_MAX_UPLOAD_BYTES` caps a file upload (batch jobs, exposure portfolios);
    `DUALUSE_JOBS_DIR` is where batch uploads and results are kept (else next to the database)."""

    require_auth: bool = False
    api_tokens: tuple[str, ...] = field(default=(), repr=False)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_web_screen_names: int = 200
    database_url: str | None = None
    session_secret: str | None = field(default=None, repr=False)
    session_hours: int = 12
    session_idle_minutes: int = 30
    login_max_failures: int = 5
    login_max_failures_per_address: int = 20
    login_window_minutes: int = 15
    allowed_hosts: tuple[str, ...] = ("*",)
    jobs_keep_days: int = 7
    jobs_max_active_per_user: int = 2
    jobs_max_bytes_per_user: int = 512 * 1024 * 1024
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    jobs_dir: str | None = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        tokens = tuple(t.strip() for t in env.get("DUALUSE_API_TOKENS", "").split(",") if t.strip())
        return cls(
            require_auth=env.get("DUALUSE_REQUIRE_AUTH", "").strip().lower() in ("1", "true", "yes", "on"),
            api_tokens=tokens,
            max_body_bytes=_positive_int(env.get("DUALUSE_MAX_BODY_BYTES"), DEFAULT_MAX_BODY_BYTES),
            database_url=env.get("DUALUSE_DATABASE_URL", "").strip() or None,
            session_secret=env.get("DUALUSE_SESSION_SECRET", "").strip() or None,
            session_hours=_positive_int(env.get("DUALUSE_SESSION_HOURS"), 12),
            session_idle_minutes=_positive_int(env.get("DUALUSE_SESSION_IDLE_MINUTES"), 30),
            login_max_failures=_positive_int(env.get("DUALUSE_LOGIN_MAX_FAILURES"), 5),
            login_max_failures_per_address=_positive_int(env.get("DUALUSE_LOGIN_MAX_FAILURES_PER_ADDRESS"), 20),
            login_window_minutes=_positive_int(env.get("DUALUSE_LOGIN_WINDOW_MINUTES"), 15),
            allowed_hosts=tuple(h.strip() for h in env.get("DUALUSE_ALLOWED_HOSTS", "").split(",") if h.strip())
            or LOOPBACK_HOSTS,
            jobs_keep_days=_positive_int(env.get("DUALUSE_JOBS_KEEP_DAYS"), 7),
            jobs_max_active_per_user=_positive_int(env.get("DUALUSE_JOBS_MAX_ACTIVE_PER_USER"), 2),
            jobs_max_bytes_per_user=_positive_int(env.get("DUALUSE_JOBS_MAX_BYTES_PER_USER"), 512 * 1024 * 1024),
            max_upload_bytes=_positive_int(env.get("DUALUSE_MAX_UPLOAD_BYTES"), DEFAULT_MAX_UPLOAD_BYTES),
            jobs_dir=env.get("DUALUSE_JOBS_DIR", "").strip() or None,
        )


def _positive_int(value: str | None, default: int) -> int:
    try:
        number = int(value) if value else default
    except ValueError:
        return default
    return number if number > 0 else default
