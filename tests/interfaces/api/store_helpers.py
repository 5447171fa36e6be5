"""An app bound to a temporary SQLite store with one user per role, and a client that acts as any of them."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.runtime import Runtime
from dualuse.interfaces.api.settings import Settings
from dualuse.services import users
from dualuse.storage.database import Store

from .helpers import TestClient

PEOPLE = {"admin": "ada", "reviewer": "rita", "exporter": "erin", "auditor": "otto"}
PASSWORD = "correct horse battery staple"
DOCUMENTS = ("contract", "end_user_certificate", "end_use_certificate", "technical_description")


def populate(store: Store) -> dict[str, str]:
    """One user per role (password PASSWORD); returns a bearer token per role."""
    users.add_user(store, None, PEOPLE["admin"], "admin", PASSWORD)
    for role, name in PEOPLE.items():
        if role != "admin":
            users.add_user(store, PEOPLE["admin"], name, role, PASSWORD)
    return {role: users.create_token(store, name, name) for role, name in PEOPLE.items()}


@lru_cache(maxsize=1)
def _template() -> tuple[Path, dict[str, str]]:
    """A migrated database with the people in it, made once per session (argon2 and the
    migrations take a second or two) and copied for each test."""
    folder = Path(tempfile.mkdtemp(prefix="dualuse-api-template-"))
    atexit.register(shutil.rmtree, folder, True)
    store = Store(f"sqlite:///{folder / 'dualuse.sqlite'}")
    tokens = populate(store)
    store.dispose()
    return folder, tokens


def fresh_store(folder: Path) -> tuple[Store, dict[str, str]]:
    """A store of its own in `folder`, with one user per role; returns it and a token per role."""
    template, tokens = _template()
    for name in ("dualuse.sqlite", "dualuse.sqlite-wal"):
        if (template / name).exists():
            shutil.copy(template / name, folder / name)
    return Store(f"sqlite:///{folder / 'dualuse.sqlite'}"), tokens


@dataclass
class StoreApi:
    anonymous: TestClient
    tokens: dict[str, str]
    store: Store

    @classmethod
    def create(cls, runtime: Runtime, folder: Path, **settings: Any) -> "StoreApi":
        store, tokens = fresh_store(folder)
        app = create_app(Settings(session_secret="s" * 32, **settings), runtime=runtime, store=store)
        return cls(TestClient(app, raise_server_exceptions=False), tokens, store)

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def get(self, role: str, url: str, **kwargs: Any):
        return self.anonymous.get(url, headers=self.headers(role), **kwargs)

    def post(self, role: str, url: str, body: Any = None, **kwargs: Any):
        if body is not None:
            kwargs["json"] = body
        return self.anonymous.post(url, headers=self.headers(role), **kwargs)

    def licence(self, transaction: dict, licence_type: str = "general") -> dict:
        """A transaction taken the whole way to an issued licence."""
        case_id = self.post("exporter", "/api/v1/cases", transaction).json()["case_id"]
        app_id = self.post("exporter", "/api/v1/applications", {"case_id": case_id, "licence_type": licence_type}).json()["application_id"]
        for kind in DOCUMENTS:
            self.post("exporter", f"/api/v1/applications/{app_id}/documents", {"kind": kind, "reference": f"{kind}.pdf"})
        for role, action in (("exporter", "submit"), ("reviewer", "accept"), ("reviewer", "approve")):
            answer = self.post(role, f"/api/v1/applications/{app_id}/{action}")
            assert answer.status_code == 200, answer.text
        issued = self.post("reviewer", "/api/v1/licences", {"application_id": app_id, "valid_from": "2026-03-01", "valid_until": "2027-02-28"})
        assert issued.status_code == 201, issued.text
        return issued.json()
