"""SIGKILL mid-operation: what was committed is there, nothing half-written, the chain verifies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from store_stubs import EXPORTER

from dualuse.services import applications, audit, licences
from dualuse.services.licences import LicenceView
from dualuse.storage.database import Store

HERE = Path(__file__).parent

IMPORT = """
import sys
from store_stubs import StubDecider, transaction
from dualuse.services import cases
from dualuse.storage.database import Store
store = Store(sys.argv[1])
orders = ((f"order-{i}.json", transaction(f"Customer {i}")) for i in range(1_000_000))
for case in cases.import_cases(store, "ezra", orders, decider=StubDecider()):
    print(case.id, flush=True)
"""

# Stall inside the transaction, after the change and its audit entry are written but before
# the commit, so the kill lands exactly in the middle of the operation.
TRANSITION = """
import sys, time
from datetime import date
from dualuse.services import applications, audit, licences
from dualuse.storage.database import Store
real_record = audit.record
def record_then_stall(*args, **kwargs):
    entry = real_record(*args, **kwargs)
    print("in transaction", flush=True)
    time.sleep(120)
    return entry
licences.record = applications.record = record_then_stall
store, target, action = Store(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
if action == "ship":
    licences.ship(store, "ezra", target, shipped_on=date(2026, 4, 1), quantity=10, value=10,
                  end_user_name="Acme Magnets GmbH", end_user_country="DE")
elif action == "revoke":
    licences.revoke_licence(store, "rita", target, "end user listed")
elif action == "approve":
    applications.transition(store, "rita", target, "approve")
"""


def _spawn(script: str, *args: str) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env)


def _kill_after(process: subprocess.Popen[str], lines: int) -> list[str]:
    seen = []
    assert process.stdout is not None
    for line in process.stdout:
        seen.append(line.strip())
        if len(seen) >= lines:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL, f"the subprocess ended before the kill: {seen[-3:]}"
    return seen


def test_sigkill_during_a_large_import(people: Store) -> None:
    printed = _kill_after(_spawn(IMPORT, people.url), 150)
    store = Store(people.url)
    with store.engine.connect() as conn:
        ids = conn.execute(text("SELECT id FROM cases ORDER BY id")).scalars().all()
        incomplete = conn.execute(
            text("SELECT count(*) FROM cases WHERE outcome IS NULL OR decision IS NULL OR data_version IS NULL")
        ).scalar()
    assert {int(i) for i in printed} <= set(ids)  # every case reported as committed is there
    assert ids == list(range(1, len(ids) + 1)) and incomplete == 0
    logged = [e["entity_id"] for e in audit.log(store) if e["action"] == "case.add"]
    assert logged == [str(i) for i in ids]  # one audit entry per case, none without its case
    assert audit.verify(store).ok
    store.dispose()


@pytest.mark.parametrize("action", ["ship", "revoke", "approve"])
def test_sigkill_during_a_licence_transition(people: Store, issued: Callable[..., LicenceView], action: str) -> None:
    licence = issued()
    target = licence.data["application_id"] if action == "approve" else licence.id
    if action == "approve":  # a second application, accepted and waiting for approval
        app = applications.get_application(people, EXPORTER, licence.data["application_id"])
        new = applications.create_application(people, EXPORTER, app.case_id)
        for kind, ref in app.documents:
            applications.add_document(people, EXPORTER, new.id, kind, ref)
        applications.transition(people, EXPORTER, new.id, "submit")
        applications.transition(people, "rita", new.id, "accept")
        target = new.id
    before_entries = audit.log(people)
    before_licence = licences.get_licence(people, EXPORTER, licence.id).to_dict()

    _kill_after(_spawn(TRANSITION, people.url, str(target), action), 1)

    store = Store(people.url)
    assert audit.log(store) == before_entries  # the stalled entry was never committed
    assert licences.get_licence(store, EXPORTER, licence.id).to_dict() == before_licence
    if action == "approve":
        assert applications.get_application(store, EXPORTER, target).state.value == "accepted"
    # nothing is left locked: the same operation now goes through
    after = licences.ship(
        store,
        EXPORTER,
        licence.id,
        shipped_on=date(2026, 4, 1),
        quantity=10,
        value=10,
        end_user_name="Acme Magnets GmbH",
        end_user_country="DE",
    )
    assert after.data["quantity_used"] == "10.0000"
    assert audit.verify(store).ok
    store.dispose()
