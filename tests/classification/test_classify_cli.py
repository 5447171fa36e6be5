"""`dualuse classify` on a small local Typer app (the lead registers the command in the main CLI)."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from dualuse.errors import InputError
from dualuse.interfaces.cli.classify import classify

app = typer.Typer()
app.command("classify")(classify)


@app.command("version")
def _version() -> None:  # a second command, so "classify" stays a subcommand as in the real CLI
    typer.echo("test")


RUNNER = CliRunner()


def test_json_is_the_contract():
    result = RUNNER.invoke(app, ["classify", "砷化镓晶片", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["status"] == "confident" and payload["control_code"] == "3C001"


def test_table_shows_status_candidates_and_questions():
    result = RUNNER.invoke(app, ["classify", "氧化锑"])
    assert result.exit_code == 0, result.output
    assert "PARAMETERS_UNKNOWN" in result.output and "3C003" in result.output and "What is the purity?" in result.output


def test_customs_code_only():
    result = RUNNER.invoke(app, ["classify", "", "--hs", "2931900032", "--format", "json"])
    payload = json.loads(result.output)
    assert {c["code"] for c in payload["candidates"]} >= {"3C003", "6C001.c", "6C001.d", "3C004.b", "3C004.c"}
    assert payload["confident"] is False


def test_malformed_code_is_an_input_error_for_the_main_cli_to_report():
    result = RUNNER.invoke(app, ["classify", "gallium", "--hs", "12ab"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert "4, 6, 8 or 10 digits" in str(result.exception)


def _dualuse(*args: str):
    import subprocess
    import sys
    from pathlib import Path

    return subprocess.run([str(Path(sys.executable).parent / "dualuse"), *args], capture_output=True, text=True, timeout=120)


def test_a_code_that_is_no_tariff_line_is_shown_with_its_warning():
    result = _dualuse("classify", "金属镓", "--hs", "8110929010", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    warnings = " ".join(payload["warnings"])
    assert "8110929010" in warnings and "no line of China's tariff" in warnings
    assert "control code unconfirmed (T)" in warnings  # 3C001 is a third-party code


def test_never_confident_on_a_u_code_alone():
    result = _dualuse("classify", "", "--hs", "8110929010", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["status"] != "confident"
    assert any("8110929010" in w for w in payload["warnings"])


def test_a_code_the_catalogue_names_is_not_reported_as_merely_unmatched():
    result = _dualuse("classify", "5-axis CNC machining centre, positioning accuracy 4 µm", "--hs", "8457101000", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["status"] == "unknown"  # the bundled entries describe no machine tool
    lead = [w for w in payload["warnings"] if "licence catalogue" in w]
    assert lead and "2B201" in lead[0] and "not 'not listed'" in lead[0]
    chairs = json.loads(_dualuse("classify", "wooden chair", "--hs", "9401610000", "--format", "json").stdout)
    assert not any("licence catalogue" in w for w in chairs["warnings"])


def test_a_u_code_does_not_settle_a_vague_description():
    # "high-purity metal" names no element: the printed code decides between 3C001 and 3C003. A code
    # that is a tariff line settles it; 8110929010, no tariff line (U), does not.
    good = json.loads(_dualuse("classify", "高纯金属", "--hs", "8112929090", "--format", "json").stdout)
    assert good["status"] == "confident" and good["control_code"] == "3C001"
    flagged = json.loads(_dualuse("classify", "高纯金属", "--hs", "8110929010", "--format", "json").stdout)
    assert flagged["status"] != "confident" and flagged["candidates"][0]["code"] == "3C001"
    assert any("no line of China's tariff" in w for w in flagged["warnings"])
