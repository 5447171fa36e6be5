"""Every `dualuse` command as a whole process: exit code, stdout and stderr (issue 15 item 2).

Each command is run at least once on its success path (exit 0, its output on stdout, nothing
on stderr) and once with a bad input (exit 2, one line on stderr naming what is wrong, no
traceback). The store commands run in order against one SQLite database, as a user would use
them: users, cases, dispositions, an application through its lifecycle, a licence, re-screening
and the audit chain, which is then tampered with: `audit verify` exits 1.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "transactions"
SCENARIOS = ROOT / "src" / "dualuse" / "impact" / "scenarios"
PASSWORD = "correct-horse-battery-staple-42\n"


def dualuse(*args: str, env: dict[str, str], stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli", *args],
        capture_output=True, text=True, cwd=cwd, env=env, input=stdin if stdin is not None else "", timeout=300,
    )


def ok(result: subprocess.CompletedProcess, *expected: str, stderr: str | None = None) -> str:
    """Exit 0, the expected text on stdout, nothing on stderr (or the summary `stderr`); the stdout."""
    assert result.returncode == 0, f"{result.args[3:]}: exit {result.returncode}\n{result.stderr}"
    if stderr is None:
        assert result.stderr == "", result.stderr
    else:
        assert stderr in result.stderr and "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stdout, f"{text!r} not in the output of {result.args[3:]}:\n{result.stdout[:2000]}"
    return result.stdout


def bad(result: subprocess.CompletedProcess, *expected: str, code: int = 2) -> None:
    """Exit `code` (2 bad input, 3 refused, 4 state conflict), a short error on stderr naming what is
    wrong, no traceback."""
    assert result.returncode == code, f"{result.args[3:]}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.stderr.strip(), "no error message"
    for text in expected:
        assert text in result.stderr, f"{text!r} not in the error of {result.args[3:]}:\n{result.stderr}"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("cli")
    keep = {k: v for k, v in os.environ.items() if not k.startswith("DUALUSE_")}
    return keep | {"DUALUSE_DATABASE_URL": f"sqlite:///{folder / 'store.sqlite'}", "DUALUSE_HOME": str(folder)}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("files")
    paths = {
        "queries": ("queries.csv", "id,name,country\nq1,Mitsubishi Heavy Industries,JP\nq2,Nobody In Particular Ltd,DE\n"),
        "queries_bad": ("queries-bad.csv", "id,country\nq1,JP\n"),
        "list_old": ("old.csv", "id,name,country,list\ne1,Mitsubishi Heavy Industries,JP,control_list\n"),
        "list_new": ("new.csv", "id,name,country,list\ne1,Mitsubishi Heavy Industries,JP,control_list\n"
                                "e2,Nobody In Particular Ltd,DE,watch_list\n"),
        "malformed": ("malformed.json", '{"destination": "JP",\n'),
        "deep": ("deep.json", '{"a":' * 2000),
        "infinite": ("infinite.json", (EXAMPLES / "01-jp-civil-samarium-oxide.json").read_text(encoding="utf-8")
                     .replace('"value": ', '"value": 1e400, "was": ', 1)),
        "surrogate": ("surrogate.json", (EXAMPLES / "01-jp-civil-samarium-oxide.json").read_text(encoding="utf-8")
                      .replace('"name": "', '"name": "\\udcff', 2)),
        "list_surrogate": ("surrogate.ftm.jsonl", '{"id": "e1", "schema": "Company", "properties": {"name": ["\\udcffAcme"]}}\n'),
        "scenario_bad": ("bad.yaml", "title: [unclosed\n"),
        "scenario_twice": ("twice.yaml", "id: a\ntitle: one\nid: b\n"),
        "scenario_no_such_day": ("feb30.yaml", "id: a\ntitle: one\nas_of: 2026-02-30\n"),
        "deep_yaml": ("deep.yaml", "inputs: " + "[" * 5000 + "]" * 5000 + "\n"),
        "long_name": ("long.csv", "id,name\nq1," + "x" * 700 + "\n"),
        "rows_bad": ("rows.txt", "id\n1\n"),
    }
    out = {}
    for key, (name, text) in paths.items():
        out[key] = folder / name
        out[key].write_text(text, encoding="utf-8")
    out["folder"] = folder
    return out


# --- commands without the store ------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    expect: tuple[str, ...] = ()
    stderr: str | None = None  # a success's summary on stderr (lists diff, lists rescreen)


def stateless_cases(files: dict[str, Path]) -> dict[str, Case]:
    example, review = str(EXAMPLES / "01-jp-civil-samarium-oxide.json"), str(EXAMPLES / "05-jp-end-use-unknown.json")
    out = files["folder"]
    scenario = str(SCENARIOS / "nri-kiuchi-rare-earth-3m.yaml")
    return {
        "check": Case(("check", example, review), 0, ('"outcome": "LICENCE_REQUIRED"', '"outcome": "REVIEW"')),
        "check table": Case(("check", example, "--format", "table"), 0, ("LICENCE_REQUIRED",)),
        "check missing file": Case(("check", str(out / "nope.json")), 2, ("file not found",)),
        "check malformed": Case(("check", str(files["malformed"])), 2, ("malformed JSON",)),
        "check deeply nested": Case(("check", str(files["deep"])), 2, ("nested",)),
        "check infinite value": Case(("check", str(files["infinite"])), 2, ("items[0].value",)),
        "check unpaired surrogate": Case(("check", str(files["surrogate"])), 2, ("surrogate.json:", ".name: not text: an unpaired UTF-16 surrogate")),
        "check bad --as-of": Case(("check", example, "--as-of", "2026-02-30"), 2, ("--as-of",)),
        "regime status": Case(("regime", "status", "--as-of", "2026-03-01", "--format", "json"), 0, ('"rows"',)),
        "regime status bad date": Case(("regime", "status", "--as-of", "March"), 2, ("--as-of",)),
        "regime timeline": Case(("regime", "timeline", "--today", "2026-03-01"), 0, ("upcoming",)),
        "regime timeline bad date": Case(("regime", "timeline", "--today", "tomorrow"), 2, ("--today",)),
        "regime validate": Case(("regime", "validate"), 0, ("ok:", "data version")),
        "regime validate bad dir": Case(("regime", "validate", "--data", str(out / "nowhere")), 2),
        "regime build-lists": Case(("regime", "build-lists", "--shared", str(ROOT.parent / "shared/data/mofcom"),
                                    "--out", str(out / "designations")), 0, (".yaml",)),
        "regime build-lists bad dir": Case(("regime", "build-lists", "--shared", str(out / "nowhere")), 2, ("not a directory",)),
        "screen": Case(("screen", str(files["queries"]), "--list", str(files["list_new"])), 0, ("query_id,rank", "q1,1,e1")),
        "screen bad queries": Case(("screen", str(files["queries_bad"])), 2, ("name",)),
        "screen name too long": Case(("screen", str(files["long_name"])), 2, ("long.csv:2: name", "more than the 500")),
        "screen list unpaired surrogate": Case(("screen", str(files["queries"]), "--list", str(files["list_surrogate"])), 2,
                                               ("surrogate.ftm.jsonl:1: properties.name.0: not text",)),
        "screen unknown matcher": Case(("screen", str(files["queries"]), "--list", str(files["list_new"]), "--matcher", "nonesuch"), 2,
                                       ("--matcher", "no matcher 'nonesuch'", "known: best, crossscript, normalised")),
        "classify": Case(("classify", "氧化钐", "--format", "json"), 0, ('"status"',)),
        "classify bad customs code": Case(("classify", "", "--hs", "12"), 2, ("12",)),
        "batch": Case(("batch", "examples/batch/shipments.csv", "-o", str(out / "decisions.csv"), "--no-progress"), 0, ("rows",)),
        "batch bad input format": Case(("batch", str(files["rows_bad"]), "-o", str(out / "x.csv")), 2, ("unknown input format",)),
        "impact exposure": Case(("impact", "exposure", "examples/impact/portfolio.csv", "-o", str(out / "report")), 0, ("lines, total",)),
        "impact exposure missing": Case(("impact", "exposure", str(out / "nope.csv"), "-o", str(out / "r2")), 2),
        "impact scenario": Case(("impact", "scenario", scenario, "--format", "json"), 0, ('"reproduced": true',)),
        "impact scenario bad yaml": Case(("impact", "scenario", str(files["scenario_bad"])), 2, ("bad.yaml",)),
        "impact scenario duplicate key": Case(("impact", "scenario", str(files["scenario_twice"])), 2,
                                              ("twice.yaml:3", "duplicate key 'id' (first on line 1)")),
        "impact scenario impossible date": Case(("impact", "scenario", str(files["scenario_no_such_day"])), 2,
                                                ("feb30.yaml:3", "not a date: '2026-02-30'")),
        "impact scenario deeply nested": Case(("impact", "scenario", str(files["deep_yaml"])), 2, ("nested",)),
        "impact scenarios": Case(("impact", "scenarios"), 0, ("reproduced",)),
        "impact scenarios extra argument": Case(("impact", "scenarios", "extra"), 2, ("extra",)),
        "lists": Case(("lists", "--list", str(files["list_new"])), 0, ("China lists (bundled and imported)",)),
        "lists missing file": Case(("lists", "--list", str(out / "nope.csv")), 2, ("nope.csv",)),
        "lists diff": Case(("lists", "diff", str(files["list_old"]), str(files["list_new"])), 0, ("added,e2",),
                           "added 1, removed 0, changed 0"),
        "lists diff missing": Case(("lists", "diff", str(files["list_old"]), str(out / "nope.csv")), 2, ("nope.csv",)),
        "lists rescreen": Case(("lists", "rescreen", str(files["queries"]), "--old", str(files["list_old"]),
                                "--new", str(files["list_new"])), 0, ("q2,Nobody In Particular Ltd",),
                                "1 of 2 parties changed band"),
        "lists rescreen unknown matcher": Case(("lists", "rescreen", str(files["queries"]), "--old", str(files["list_old"]),
                                               "--new", str(files["list_new"]), "--matcher", "fuzzy"), 2, ("--matcher", "no matcher 'fuzzy'")),
        "lists rescreen bad parties": Case(("lists", "rescreen", str(files["queries_bad"]), "--old", str(files["list_old"]),
                                           "--new", str(files["list_new"])), 2, ("name",)),
        "serve port taken": Case(("serve", "--port", "{taken}"), 2, ("--port",)),
        "serve bad port": Case(("serve", "--port", "0"), 2, ("--port",)),
        "unknown command": Case(("frobnicate",), 2, ("frobnicate",)),
    }


STATELESS = [
    "check", "check table", "check missing file", "check malformed", "check deeply nested", "check infinite value",
    "check unpaired surrogate", "check bad --as-of", "regime status", "regime status bad date", "regime timeline", "regime timeline bad date",
    "regime validate", "regime validate bad dir", "regime build-lists", "regime build-lists bad dir", "screen",
    "screen bad queries", "screen name too long", "screen list unpaired surrogate", "screen unknown matcher", "classify", "classify bad customs code", "batch", "batch bad input format", "impact exposure",
    "impact exposure missing", "impact scenario", "impact scenario bad yaml", "impact scenario duplicate key", "impact scenario impossible date", "impact scenario deeply nested", "impact scenarios",
    "impact scenarios extra argument", "lists", "lists missing file", "lists diff", "lists diff missing", "lists rescreen",
    "lists rescreen unknown matcher", "lists rescreen bad parties", "serve port taken", "serve bad port", "unknown command",
]


@pytest.mark.parametrize("name", STATELESS)
def test_command(name: str, env: dict[str, str], files: dict[str, Path]) -> None:
    case = stateless_cases(files)[name]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        args = tuple(a.replace("{taken}", str(taken.getsockname()[1])) for a in case.args)
        result = dualuse(*args, env=env)
    if case.code == 0:
        ok(result, *case.expect, stderr=case.stderr)
    else:
        bad(result, *case.expect, code=case.code)


def _answers(url: str, process: subprocess.Popen, tries: int = 600) -> bool:
    """Whether the server answers `url` before it exits (polled, not timed: Ctrl-C is sent only
    once it serves, so the test does not race the server's start on a loaded machine)."""
    import urllib.error
    import urllib.request

    for _ in range(tries):
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    return False


def test_serve_starts_and_stops(env: dict[str, str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "dualuse.interfaces.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("dualuse ") and "serving regime data" in first, first
        assert _answers(f"http://127.0.0.1:{port}/api/v1/health", process), "the server never answered /api/v1/health"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(60)
    stderr = process.stderr.read() if process.stderr else ""
    assert process.returncode in (0, 130) and "Traceback" not in stderr, stderr  # 130: stopped by Ctrl-C


# --- the store, in the order a user works ----------------------------------------------------


def test_store_commands_in_order(env: dict[str, str], files: dict[str, Path]) -> None:
    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return dualuse(*args, env=env, stdin=stdin)

    def data(*args: str, stdin: str | None = None):
        return json.loads(ok(run(*args, stdin=stdin)))

    admin, exporter, reviewer = ("--user", "ada"), ("--user", "ezra"), ("--user", "rita")
    assert data("db", "upgrade")["to"]
    assert data("db", "current")["up_to_date"] is True

    data("user", "add", "ada", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    bad(run("user", "add", "bob", "--role", "king", *admin), "king")
    data("user", "add", "ezra", "--role", "exporter", "--password-stdin", *admin, stdin=PASSWORD)
    data("user", "add", "rita", "--role", "reviewer", "--password-stdin", *admin, stdin=PASSWORD)
    assert {u["name"] for u in data("user", "list", *admin)} >= {"ada", "ezra", "rita"}
    bad(run("user", "list", "--user", "nobody"), "nobody", code=3)  # an unknown user is refused (PermissionRefused)
    token = data("user", "token", "ezra", "--label", "ci", *admin)["token"]
    bad(run("user", "token", "ezra", "--expires", "2026-13-01", *admin), "--expires")
    assert data("user", "revoke-token", *admin, stdin=token + "\n") == {"revoked": True}
    bad(run("user", "revoke-token", *admin), "stdin")

    licensable = data("case", "add", str(EXAMPLES / "01-jp-civil-samarium-oxide.json"), *exporter)
    assert licensable["outcome"] == "LICENCE_REQUIRED"
    bad(run("case", "add", str(files["infinite"]), *exporter), "items[0].value")
    bad(run("case", "add", str(files["deep"]), *exporter), "nested")
    imported = [json.loads(line) for line in ok(run("case", "import", str(EXAMPLES), *exporter)).splitlines()]
    assert len(imported) == len(list(EXAMPLES.glob("*.json")))
    bad(run("case", "import", str(files["malformed"]), *exporter), "malformed JSON")
    assert data("case", "show", str(licensable["case_id"]), *exporter)["outcome"] == "LICENCE_REQUIRED"
    bad(run("case", "show", "99999", *exporter), "99999")
    assert data("case", "list", "--outcome", "REVIEW", *exporter)
    bad(run("case", "list", "--outcome", "MAYBE", *exporter), "MAYBE")
    review = next(c for c in imported if c["outcome"] == "REVIEW")
    data("case", "dispose", str(review["case_id"]), "--disposition", "licence_required", "--reason", "end use checked", *reviewer)
    bad(run("case", "dispose", str(licensable["case_id"]), "--disposition", "cleared", "--reason", "x", *reviewer), code=4)  # not a REVIEW case: state conflict
    # A case is deleted only after its retention period (years): here the refusal is the path a user can reach.
    bad(run("case", "delete", str(licensable["case_id"]), *admin), code=4)  # within retention

    designations = json.loads(ok(run("regime", "status", "--format", "json")))["rows"]
    assert designations
    entry = _some_entry_id()
    data("disposition", "add", "--party", "Acme Trading", "--entry", entry, "--reason", "different company",
         "--expires", "2027-12-31", *reviewer)
    bad(run("disposition", "add", "--party", "x" * 501, "--entry", entry, "--reason", "x", "--expires", "2027-12-31",
            *reviewer), "--party", "more than the 500")
    bad(run("disposition", "add", "--party", "Acme", "--entry", "NO-SUCH-ENTRY", "--reason", "x", "--expires", "2027-12-31",
            *reviewer), "--entry")
    assert data("disposition", "list", *reviewer)
    bad(run("disposition", "list", "--active-on", "soon", *reviewer), "--active-on")

    app = data("application", "create", str(licensable["case_id"]), *exporter)["application_id"]
    bad(run("application", "create", "99999", *exporter), "99999")
    for kind in ("contract", "end_user_certificate", "end_use_certificate", "technical_description"):
        data("application", "document", str(app), "--kind", kind, "--reference", f"{kind}.pdf", *exporter)
    bad(run("application", "document", str(app), "--kind", "napkin", "--reference", "x", *exporter), "napkin")
    bad(run("application", "approve", str(app), *reviewer), code=4)  # a draft is not approved
    for action, who in (("submit", exporter), ("accept", reviewer), ("consult", reviewer), ("resume", reviewer),
                        ("approve", reviewer)):
        assert data("application", action, str(app), "--date", "2026-03-02", *who)["state"]
    other = data("application", "create", str(licensable["case_id"]), *exporter)["application_id"]
    data("application", "withdraw", str(other), *exporter)
    bad(run("application", "withdraw", str(other), *exporter), code=4)  # already withdrawn
    for action in ("return", "deny"):
        bad(run("application", action, str(other), *reviewer), code=4)  # not from a withdrawn application
    assert data("application", "show", str(app), *exporter)["state"] == "approved"
    assert isinstance(data("application", "queue", "--today", "2026-03-10", *reviewer), list)
    bad(run("application", "queue", "--today", "2026-02-30", *reviewer), "--today")

    issue = ("licence", "issue", str(app), "--valid-from", "2026-03-02", "--valid-until", "2026-12-31")
    bad(run(*issue, "--value", "1e400", *reviewer), "1e400: must be at most")
    bad(run(*issue, "--value", "0.00001", *reviewer), "decimal places")
    licence = data(*issue, "--value", "99999999999999.5", *reviewer)
    assert licence["value_limit"] == "99999999999999.5000"  # exact: no float on the way to the database
    bad(run("licence", "issue", str(app), "--valid-from", "2026-03-02", "--valid-until", "2026-01-01", *reviewer))
    assert data("licence", "show", str(licence["licence_id"]), *exporter)["number"] == licence["number"]
    assert data("licence", "list", *exporter)
    bad(run("licence", "list", "--state", "lost", *exporter), "lost")
    ship = ("licence", "ship", str(licence["licence_id"]), "--date", "2026-04-01", "--end-user", _end_user(), "--country", "JP")
    bad(run(*ship, "--quantity", "1000000", "--value", "1", *exporter), code=4)  # more than the licence covers
    bad(run("licence", "ship", str(licence["licence_id"]), "--date", "2026-04-01", "--end-user", "x" * 501, "--country", "JP",
            "--quantity", "1", "--value", "1", *exporter), "--end-user")
    shipped = data(*ship, "--quantity", "1", "--value", "100", *exporter)
    assert shipped["shipments_count"] == 1
    data("licence", "revoke", str(licence["licence_id"]), "--reason", "end user changed", *reviewer)
    bad(run("licence", "revoke", str(licence["licence_id"]), "--reason", "again", *reviewer), code=4)

    assert {"checked", "alerts"} <= set(data("rescreen", "--today", "2026-06-01", *reviewer))
    bad(run("rescreen", "--today", "June", *reviewer), "--today")
    assert isinstance(data("rescreen", "alerts", *reviewer), list)
    bad(run("rescreen", "alerts", "--user", "nobody"), "nobody", code=3)
    assert data("audit", "log", "--entity", "licence", *admin)
    bad(run("audit", "log", "--entity", "spaceship", *admin), "spaceship")

    ok(run("audit", "verify"), "intact")
    database = env["DUALUSE_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    tampered = run("audit", "verify")
    assert tampered.returncode == 1, tampered
    assert "#2" in tampered.stdout and "altered" in tampered.stdout


def _some_entry_id() -> str:
    from dualuse.regime.loader import load_regime

    regime = load_regime()
    return sorted(regime.listed_parties)[0]


def _end_user() -> str:
    document = json.loads((EXAMPLES / "01-jp-civil-samarium-oxide.json").read_text(encoding="utf-8"))
    return next(p["name"] for p in document["parties"] if p["role"] == "end_user")
