"""`dualuse impact exposure|scenario|scenarios` through the Typer sub-app the lead registers."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from dualuse.errors import InputError
from dualuse.interfaces.cli.impact import impact_app

ROOT = Path(__file__).parents[2]
SCENARIOS = ROOT / "src" / "dualuse" / "impact" / "scenarios"
app = typer.Typer()
app.add_typer(impact_app, name="impact")
runner = CliRunner()


def test_scenario_text_shows_inputs_formulas_and_checks():
    result = runner.invoke(app, ["impact", "scenario", str(SCENARIOS / "nri-kiuchi-rare-earth-1y.yaml")])
    assert result.exit_code == 0, result.output
    assert "gdp = 609 JPY_trillion" in result.output and "vintage CY2024 nominal GDP" in result.output
    assert "g = 2.64 / 609 = 0.4335%" in result.output
    assert "reproduced" in result.output and "NOT reproduced" not in result.output


def test_scenario_json():
    result = runner.invoke(app, ["impact", "scenario", str(SCENARIOS / "nri-kiuchi-dual-use-exposure-2024.yaml"),
                                 "--format", "json"])
    out = json.loads(result.output)
    assert out["steps"][0]["value"] == 10.7 and out["reproduced"] is True


def test_scenarios_lists_every_bundled_case():
    result = runner.invoke(app, ["impact", "scenarios"])
    assert result.exit_code == 0
    assert result.output.count("[") >= 8 and "NOT reproduced" not in result.output


def test_exposure_writes_the_report(tmp_path):
    result = runner.invoke(app, ["impact", "exposure", str(ROOT / "examples" / "impact" / "portfolio.csv"),
                                 "--as-of", "2026-03-01", "-o", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    assert "30 lines" in result.output and "Mitsubishi Materials Corporation — hit" in result.output
    assert (tmp_path / "report" / "exposure.html").stat().st_size > 0
    assert (tmp_path / "report" / "by_family.png").stat().st_size > 0


def test_bad_input_raises_input_error_for_the_main_cli(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: t\nmodel: supply_loss\nreproduction: exact\ninputs: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["impact", "scenario", str(bad)])
    assert isinstance(result.exception, InputError)
    assert result.exception.file == str(bad) and result.exception.field == "inputs.duration_months"
    result = runner.invoke(app, ["impact", "exposure", str(tmp_path / "absent.csv"), "-o", str(tmp_path / "r")])
    assert isinstance(result.exception, InputError) and "file not found" in str(result.exception)
    result = runner.invoke(app, ["impact", "exposure", str(ROOT / "examples" / "impact" / "portfolio.csv"),
                                 "--as-of", "March", "-o", str(tmp_path / "r")])
    assert isinstance(result.exception, InputError) and result.exception.field == "--as-of"
