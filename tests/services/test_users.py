"""Users, roles and tokens: the first run, and every write checking the role at the service layer."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from store_stubs import ADMIN, AUDITOR, EXPORTER, REVIEWER, StubDecider, transaction

from dualuse.errors import InputError
from dualuse.services import applications, audit, cases, dispositions, rescreen, users
from dualuse.storage.database import Store
from dualuse.storage.errors import RefusedError


def test_first_run_bootstrap_needs_an_admin(store: Store) -> None:
    with pytest.raises(RefusedError, match="the first user must be an admin"):
        users.add_user(store, None, "someone", "exporter")
    users.add_user(store, None, ADMIN, "admin", password="correct horse")
    with pytest.raises(InputError, match="who is acting"):
        users.add_user(store, None, "second", "exporter")
    assert audit.log(store)[0]["actor"] == ADMIN


def test_passwords_are_argon2_and_tokens_are_stored_hashed(people: Store) -> None:
    users.add_user(people, ADMIN, "pat", "auditor", password="s3cret-enough-now")
    assert users.check_password(people, "pat", "s3cret-enough-now") and not users.check_password(people, "pat", "wrong")
    token = users.create_token(people, "pat", "pat", "laptop")
    assert users.authenticate_token(people, token) == "pat"
    with people.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users WHERE name = 'pat'")).scalar()
        hashes = conn.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
    assert stored.startswith("$argon2id$")
    assert token not in hashes and len(hashes[0]) == 64
    with pytest.raises(RefusedError, match="invalid API token"):
        users.authenticate_token(people, token + "x")
    expiring = users.create_token(people, ADMIN, "pat", expires_on=date(2026, 1, 1))
    with pytest.raises(RefusedError, match="expired on 2026-01-01"):
        users.authenticate_token(people, expiring, today=date(2026, 1, 2))
    with pytest.raises(RefusedError, match="may not token.create"):
        users.create_token(people, EXPORTER, "pat")
    with pytest.raises(RefusedError, match="may not token.create"):
        users.revoke_token(people, EXPORTER, token)
    users.revoke_token(people, "pat", token)
    with pytest.raises(RefusedError, match="invalid API token"):
        users.authenticate_token(people, token)
    assert audit.log(people)[-1]["action"] == "token.revoke"


def _add_user(store: Store, actor: str) -> None:
    users.add_user(store, actor, f"new-{actor}", "exporter")


def _add_case(store: Store, actor: str) -> None:
    cases.add_case(store, actor, transaction(), decider=StubDecider())


def _add_disposition(store: Store, actor: str) -> None:
    dispositions.add_disposition(
        store, actor, party_name="X", entity_id="E", entry_hash="h", reason="r", expires_on=date(2099, 1, 1)
    )


def _create_application(store: Store, actor: str) -> None:
    applications.create_application(store, actor, 1)  # the case the test adds first


def _rescreen(store: Store, actor: str) -> None:
    rescreen.rescreen(store, actor, decider=StubDecider())


WRITES = {
    "user.add": _add_user,
    "case.add": _add_case,
    "disposition.add": _add_disposition,
    "application.create": _create_application,
    "rescreen.run": _rescreen,
}

# permission x role -> allowed (rules.yaml, restated here as the behaviour we promise)
ROLE_TABLE = [
    ("user.add", {ADMIN}),
    ("case.add", {ADMIN, REVIEWER, EXPORTER}),
    ("disposition.add", {ADMIN, REVIEWER}),
    ("application.create", {ADMIN, EXPORTER}),
    ("rescreen.run", {ADMIN, REVIEWER}),
]


@pytest.mark.parametrize(("permission", "allowed"), ROLE_TABLE)
def test_every_write_checks_the_role(people: Store, permission: str, allowed: set[str]) -> None:
    cases.add_case(people, EXPORTER, transaction(), decider=StubDecider())  # the exporter's own (rules.yaml own_records_only)
    for actor in (ADMIN, REVIEWER, EXPORTER, AUDITOR):
        entries = len(audit.log(people))
        if actor in allowed:
            WRITES[permission](people, actor)
        else:
            with pytest.raises(RefusedError, match=f"{actor} \\(\\w+\\) may not {permission}"):
                WRITES[permission](people, actor)
            assert len(audit.log(people)) == entries  # refused: nothing written
    with pytest.raises(RefusedError, match="unknown user 'ghost'"):
        WRITES[permission](people, "ghost")


def test_web_sessions_end_at_sign_out_idle_and_deactivation(people: Store) -> None:
    from datetime import timedelta

    from dualuse.services import sessions
    from dualuse.services.audit import utcnow

    key, idle, hour = b"k" * 32, timedelta(minutes=30), timedelta(hours=12)
    token = sessions.start(people, key, EXPORTER, lifetime=hour)
    assert sessions.resume(people, key, token, idle=idle).name == EXPORTER
    assert sessions.resume(people, b"another key" * 3, token, idle=idle) is None
    assert sessions.end(people, key, token) and sessions.resume(people, key, token, idle=idle) is None
    later = sessions.start(people, key, EXPORTER, lifetime=hour)
    assert sessions.resume(people, key, later, idle=idle, now=utcnow() + timedelta(minutes=31)) is None  # idle
    assert sessions.resume(people, key, later, idle=idle) is None  # and ended for good
    last = sessions.start(people, key, EXPORTER, lifetime=hour)
    users.deactivate_user(people, ADMIN, EXPORTER)
    assert sessions.resume(people, key, last, idle=idle) is None
    with pytest.raises(RefusedError, match="aude \\(auditor\\) may not user.manage"):
        users.deactivate_user(people, AUDITOR, REVIEWER)
