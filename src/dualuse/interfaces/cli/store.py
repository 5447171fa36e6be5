"""The store's commands: db, user, case, disposition, application, licence, rescreen, audit.

Thin: each command parses its arguments, names who is acting (`--user NAME`, or the
DUALUSE_USER / DUALUSE_TOKEN environment variables) and calls one service; the services
check roles and write the audit log. Output is JSON. The main CLI registers every sub-app
in `SUB_APPS`; errors are `DualuseError`s, which it prints as one line with exit code 2.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from dualuse import limits
from dualuse.errors import InputError
from dualuse.interfaces.cli.common import lazy_module, parse_date
from dualuse.storage.vocabulary import ApplicationAction, DocumentKind, LicenceState, LicenceType, ReviewDisposition, Role
from dualuse.vocabulary import Outcome

if TYPE_CHECKING:
    from dualuse.storage.database import Store

# imported when a command calls them, not for `--help` or another command (SQLAlchemy, Alembic)
applications = lazy_module("dualuse.services.applications")
audit = lazy_module("dualuse.services.audit")
cases = lazy_module("dualuse.services.cases")
dispositions = lazy_module("dualuse.services.dispositions")
licences = lazy_module("dualuse.services.licences")
rescreen = lazy_module("dualuse.services.rescreen")
users = lazy_module("dualuse.services.users")
database = lazy_module("dualuse.storage.database")
transaction_io = lazy_module("dualuse.transaction")

_USER_HELP = "Who is acting (default: $DUALUSE_USER; $DUALUSE_TOKEN authenticates by API token instead)."
UserOption = typer.Option(None, "--user", envvar="DUALUSE_USER", help=_USER_HELP)

db_app = typer.Typer(help="The database: migrate and show the schema revision.", no_args_is_help=True)
user_app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
case_app = typer.Typer(help="Cases: decided transactions, kept with their reasons.", no_args_is_help=True)
disposition_app = typer.Typer(help="Screening dispositions: a match reviewed as false, with expiry.", no_args_is_help=True)
application_app = typer.Typer(help="Licence applications, their lifecycle and the 45-working-day queue.", no_args_is_help=True)
licence_app = typer.Typer(help="Licences: issue, show, record shipments, revoke.", no_args_is_help=True)
rescreen_app = typer.Typer(
    help="Decide open cases, applications and licences again on current data.", invoke_without_command=True
)
audit_app = typer.Typer(help="The hash-chained audit log: verify it, read it.", no_args_is_help=True)

SUB_APPS = (
    ("db", db_app),
    ("user", user_app),
    ("case", case_app),
    ("disposition", disposition_app),
    ("application", application_app),
    ("licence", licence_app),
    ("rescreen", rescreen_app),
    ("audit", audit_app),
)


# --- db ---------------------------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the migrations the code ships (creates the database on first use)."""
    url = database.database_url()
    engine = database.make_engine(url)
    before = database.current_revision(engine)
    after = database.upgrade(engine)
    _print({"database": _safe_url(url), "from": before, "to": after})


@db_app.command("current")
def db_current() -> None:
    """The database's schema revision and the one the code expects."""
    url = database.database_url()
    engine = database.make_engine(url)
    current, expected = database.current_revision(engine), database.head_revision()
    _print({"database": _safe_url(url), "current": current, "expected": expected, "up_to_date": current == expected})


# --- user -------------------------------------------------------------------------------
@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="The new user's name."),
    role: Role = typer.Option(..., "--role", help="exporter, reviewer, auditor or admin."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read a password from the first line of stdin."),
    user: Optional[str] = UserOption,
) -> None:
    """Add a user. On an empty database the first user needs no --user and must be an admin."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    store = _store()
    _print(users.add_user(store, _actor(store, user), name, role, password).to_dict())


@user_app.command("passwd")
def user_passwd(
    name: str = typer.Argument(..., help="Whose password (yourself, or anyone for an admin)."),
    user: Optional[str] = UserOption,
) -> None:
    """Set a password, read from the first line of stdin (prompted for, unechoed, on a terminal).
    It must meet the policy of rules.yaml `passwords`; the user's web sessions end. Audited."""
    password = _read_password()
    store = _store()
    _print(users.set_password(store, _actor(store, user), name, password).to_dict() | {"password": "changed"})


@user_app.command("deactivate")
def user_deactivate(name: str = typer.Argument(..., help="The user to deactivate."), user: Optional[str] = UserOption) -> None:
    """Deactivate a user (an admin): no more sign-in or token use, web sessions ended; records stay. Audited."""
    store = _store()
    _print(users.deactivate_user(store, _actor(store, user), name).to_dict())


@user_app.command("end-sessions")
def user_end_sessions(name: str = typer.Argument(..., help="Whose web sessions (yourself, or anyone for an admin)."),
                      user: Optional[str] = UserOption) -> None:
    """Sign a user out everywhere: every web session of theirs ends on the server. Audited."""
    store = _store()
    _print({"user": name, "sessions_ended": users.end_sessions(store, _actor(store, user), name)})


@user_app.command("list")
def user_list(user: Optional[str] = UserOption) -> None:
    store = _store()
    _print([u.to_dict() for u in users.list_users(store, _actor(store, user))])


@user_app.command("token")
def user_token(
    name: str = typer.Argument(..., help="Whose token (an admin may create one for anyone; anyone for themself)."),
    label: str = typer.Option("", "--label"),
    expires: Optional[str] = typer.Option(None, "--expires", help="YYYY-MM-DD"),
    user: Optional[str] = UserOption,
) -> None:
    """Create an API token; it is printed once and stored only as a hash."""
    store = _store()
    token = users.create_token(store, _actor(store, user), name, label, _date(expires, "--expires"))
    _print({"user": name, "token": token})


@user_app.command("revoke-token")
def user_revoke_token(user: Optional[str] = UserOption) -> None:
    """Revoke an API token (an admin, or its owner); the token is read from stdin, kept off the command line."""
    token = sys.stdin.readline().strip()
    if not token:
        raise InputError("no token on stdin", field="stdin")
    store = _store()
    users.revoke_token(store, _actor(store, user), token)
    _print({"revoked": True})


# --- case -------------------------------------------------------------------------------
@case_app.command("add")
def case_add(
    file: Path = typer.Argument(..., help="A transaction JSON file (the `dualuse check` contract)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Decide as of this date (default: the ship date)."),
    user: Optional[str] = UserOption,
) -> None:
    """Decide a transaction and keep it as a case; prints {"case_id", "outcome"}."""
    transaction = transaction_io.read_transaction(file)
    store = _store()
    case = cases.add_case(store, _actor(store, user), transaction, as_of=_date(as_of, "--as-of"), source=str(file))
    _print({"case_id": case.id, "outcome": case.outcome.value})


@case_app.command("import")
def case_import(
    files: list[Path] = typer.Argument(..., help="Transaction JSON files or directories of them."),
    user: Optional[str] = UserOption,
) -> None:
    """Keep many transactions as cases, each committed on its own (an interruption keeps the committed ones)."""
    paths = [p for f in files for p in (sorted(f.glob("*.json")) if f.is_dir() else [f])]
    transactions = [(str(p), transaction_io.read_transaction(p)) for p in paths]  # all validated before the first write
    store = _store()
    for case in cases.import_cases(store, _actor(store, user), transactions):
        print(json.dumps({"case_id": case.id, "outcome": case.outcome.value}), flush=True)


@case_app.command("show")
def case_show(case_id: int = typer.Argument(...), user: Optional[str] = UserOption) -> None:
    store = _store()
    _print(cases.get_case(store, _actor(store, user), case_id).to_dict())


@case_app.command("list")
def case_list(
    outcome: Optional[Outcome] = typer.Option(None, "--outcome"),
    limit: Optional[int] = typer.Option(None, "--limit"),
    user: Optional[str] = UserOption,
) -> None:
    store = _store()
    _print([c.summary() for c in cases.list_cases(store, _actor(store, user), outcome=outcome, limit=limit)])


@case_app.command("dispose")
def case_dispose(
    case_id: int = typer.Argument(...),
    disposition: ReviewDisposition = typer.Option(..., "--disposition"),
    reason: str = typer.Option(..., "--reason"),
    user: Optional[str] = UserOption,
) -> None:
    """Settle a REVIEW case: cleared, licence_required or prohibited, with the reason."""
    store = _store()
    _print(cases.dispose_case(store, _actor(store, user), case_id, disposition, reason).summary())


@case_app.command("delete")
def case_delete(case_id: int = typer.Argument(...), user: Optional[str] = UserOption) -> None:
    """Delete a case once its retention period (Regs Art. 27) is over."""
    store = _store()
    cases.delete_case(store, _actor(store, user), case_id)
    _print({"deleted": case_id})


# --- disposition ------------------------------------------------------------------------
@disposition_app.command("add")
def disposition_add(
    party: str = typer.Option(..., "--party", help="The party name as it appears in transactions."),
    entry: str = typer.Option(..., "--entry", help="The list entry id the party was matched to."),
    reason: str = typer.Option(..., "--reason"),
    expires: str = typer.Option(..., "--expires", help="YYYY-MM-DD"),
    user: Optional[str] = UserOption,
) -> None:
    """Record that PARTY is not list entry ENTRY, until EXPIRES or until the entry changes."""
    content_hash = cases.regime_decider().entry_hash(entry)
    if content_hash is None:
        raise InputError(f"no list entry or military user {entry!r} in the regime data", field="--entry")
    store = _store()
    view = dispositions.add_disposition(
        store,
        _actor(store, user),
        party_name=limits.check_name(party, "--party"),
        entity_id=entry,
        entry_hash=content_hash,
        reason=reason,
        expires_on=_required_date(expires, "--expires"),
    )
    _print(view.to_dict())


@disposition_app.command("list")
def disposition_list(
    active_on: Optional[str] = typer.Option(None, "--active-on", help="Only those in force on YYYY-MM-DD."),
    user: Optional[str] = UserOption,
) -> None:
    store = _store()
    rows = dispositions.list_dispositions(store, _actor(store, user), active_on=_date(active_on, "--active-on"))
    _print([d.to_dict() for d in rows])


# --- application ------------------------------------------------------------------------
@application_app.command("create")
def application_create(
    case_id: int = typer.Argument(..., help="The case the application is for."),
    licence_type: LicenceType = typer.Option(LicenceType.SINGLE, "--type"),
    watch_list: Optional[bool] = typer.Option(None, "--watch-list/--not-watch-list", help="Default: from the case's screening."),
    note: str = typer.Option("", "--note"),
    user: Optional[str] = UserOption,
) -> None:
    store = _store()
    view = applications.create_application(store, _actor(store, user), case_id, licence_type, watch_list=watch_list, note=note)
    _print(view.to_dict())


@application_app.command("document")
def application_document(
    application_id: int = typer.Argument(...),
    kind: DocumentKind = typer.Option(..., "--kind"),
    reference: str = typer.Option(..., "--reference", help="File name or document number."),
    user: Optional[str] = UserOption,
) -> None:
    store = _store()
    _print(applications.add_document(store, _actor(store, user), application_id, kind, reference).to_dict())


def _transition_command(action: ApplicationAction) -> None:
    def command(
        application_id: int = typer.Argument(...),
        on: Optional[str] = typer.Option(None, "--date", help="The day it happened (default today; sets the clock on accept)."),
        note: str = typer.Option("", "--note"),
        user: Optional[str] = UserOption,
    ) -> None:
        store = _store()
        day = _date(on, "--date")
        view = applications.transition(store, _actor(store, user), application_id, action, today=day, note=note)
        _print(view.to_dict(day))

    command.__doc__ = f"{action.value.capitalize()} an application (allowed states and roles: dualuse/storage/rules.yaml)."
    application_app.command(action.value)(command)


for _action in ApplicationAction:
    _transition_command(_action)


@application_app.command("show")
def application_show(application_id: int = typer.Argument(...), user: Optional[str] = UserOption) -> None:
    store = _store()
    _print(applications.get_application(store, _actor(store, user), application_id).to_dict())


@application_app.command("queue")
def application_queue(
    today: Optional[str] = typer.Option(None, "--today", help="Count working days left from this date."),
    user: Optional[str] = UserOption,
) -> None:
    """Pending applications, soonest due first, with the working days left."""
    store = _store()
    day = _date(today, "--today") or date.today()
    _print([a.to_dict(day) for a in applications.queue(store, _actor(store, user))])


# --- licence ----------------------------------------------------------------------------
@licence_app.command("issue")
def licence_issue(
    application_id: int = typer.Argument(..., help="An approved application."),
    valid_from: str = typer.Option(..., "--valid-from"),
    valid_until: str = typer.Option(..., "--valid-until"),
    number: Optional[str] = typer.Option(None, "--number", help="The licence number (default DU-YEAR-ID)."),
    quantity: Optional[str] = typer.Option(None, "--quantity", help="Quantity limit (default: the transaction's total)."),
    value: Optional[str] = typer.Option(None, "--value", help="Value limit (default: the transaction's total)."),
    user: Optional[str] = UserOption,
) -> None:
    store = _store()
    view = licences.issue_licence(
        store,
        _actor(store, user),
        application_id,
        valid_from=_required_date(valid_from, "--valid-from"),
        valid_until=_required_date(valid_until, "--valid-until"),
        number=number,
        quantity_limit=quantity,
        value_limit=value,
    )
    _print(view.to_dict())


@licence_app.command("show")
def licence_show(licence_id: int = typer.Argument(...), user: Optional[str] = UserOption) -> None:
    store = _store()
    _print(licences.get_licence(store, _actor(store, user), licence_id).to_dict())


@licence_app.command("list")
def licence_list(state: Optional[LicenceState] = typer.Option(None, "--state"), user: Optional[str] = UserOption) -> None:
    store = _store()
    _print([lic.to_dict() for lic in licences.list_licences(store, _actor(store, user), state=state)])


@licence_app.command("ship")
def licence_ship(
    licence_id: int = typer.Argument(...),
    on: str = typer.Option(..., "--date", help="Ship date YYYY-MM-DD."),
    quantity: str = typer.Option(..., "--quantity"),
    value: str = typer.Option(..., "--value"),
    end_user: str = typer.Option(..., "--end-user"),
    country: str = typer.Option(..., "--country", help="The end user's country (ISO alpha-2)."),
    reference: str = typer.Option("", "--reference", help="Customs declaration or invoice number."),
    user: Optional[str] = UserOption,
) -> None:
    """Record a shipment against a licence; refused, with every reason, when the licence does not cover it."""
    store = _store()
    view = licences.ship(
        store,
        _actor(store, user),
        licence_id,
        shipped_on=_required_date(on, "--date"),
        quantity=quantity,
        value=value,
        end_user_name=limits.check_name(end_user, "--end-user"),
        end_user_country=country,
        reference=reference,
    )
    _print(view.to_dict())


@licence_app.command("revoke")
def licence_revoke(
    licence_id: int = typer.Argument(...), reason: str = typer.Option(..., "--reason"), user: Optional[str] = UserOption
) -> None:
    store = _store()
    _print(licences.revoke_licence(store, _actor(store, user), licence_id, reason).to_dict())


# --- rescreen ---------------------------------------------------------------------------
@rescreen_app.callback()
def rescreen_run(
    ctx: typer.Context,
    today: Optional[str] = typer.Option(None, "--today", help="Decide as of this date (default today)."),
    data: Optional[Path] = typer.Option(None, "--data", help="A regime data directory (default: bundled)."),
    user: Optional[str] = UserOption,
) -> None:
    """Re-decide open cases, pending applications and valid licences; alert on any that got worse."""
    if ctx.invoked_subcommand is not None:
        return
    store = _store()
    report = rescreen.rescreen(store, _actor(store, user), decider=cases.regime_decider(data), today=_date(today, "--today"))
    _print(report.to_dict())


@rescreen_app.command("alerts")
def rescreen_alerts(user: Optional[str] = UserOption) -> None:
    """Every alert re-screening has recorded."""
    store = _store()
    _print(rescreen.list_alerts(store, _actor(store, user)))


# --- audit ------------------------------------------------------------------------------
@audit_app.command("verify")
def audit_verify() -> None:
    """Exit 0 when the chain is intact; exit 1 naming the first entry edited or removed."""
    result = audit.verify(_store())
    print(result.message)
    raise typer.Exit(0 if result.ok else 1)


@audit_app.command("log")
def audit_log(
    entity: Optional[str] = typer.Option(None, "--entity", help="case, application, licence, ..."),
    entity_id: Optional[str] = typer.Option(None, "--id"),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the last N entries."),
    user: Optional[str] = UserOption,
) -> None:
    from dualuse.storage.vocabulary import Entity

    store = _store()
    with store.reading() as session:
        users.known_user(session, _actor(store, user))
    try:
        kind = Entity(entity) if entity else None
    except ValueError:
        raise InputError(f"unknown entity {entity!r}", field="--entity") from None
    _print(audit.log(store, entity=kind, entity_id=entity_id, limit=limit))


# --- helpers ----------------------------------------------------------------------------
def _read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        first, second = getpass.getpass("New password: "), getpass.getpass("Again: ")
        if first != second:
            raise InputError("the two passwords differ", field="password")
        return first
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise InputError("no password on stdin", field="password")
    return password


def _store() -> "Store":
    return database.Store()


def _actor(store: "Store", user: str | None) -> str | None:
    return users.resolve_actor(store, user, os.environ.get("DUALUSE_TOKEN"))


_date = parse_date


def _required_date(value: str, option: str) -> date:
    day = _date(value, option)
    assert day is not None
    return day


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _print(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
