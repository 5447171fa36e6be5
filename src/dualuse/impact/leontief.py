"""Leontief (demand-side) propagation over a small input-output table, in numpy.

    A = Z x̂⁻¹            technical coefficients (column j: inputs per unit of j's output)
    L = (I − A)⁻¹         Leontief inverse; column sums are output multipliers
    Δx = L Δf             output change for a change in final demand
    ΔVA = v̂ Δx            value-added change, v = value added per unit of output
    backward extraction of sector j (Dietzenbacher et al. 1993; Miller & Blair ch. 13):
    x − (I − A⁽ʲ⁾)⁻¹ f    with column j of A set to zero: the output that exists only because j buys inputs

Formulas: impact.md §4.3 and https://github.com/IndEcol/pymrio (calc_A, calc_L, calc_x). The bundled
table (data/io_miller_blair_2sector.yaml) is the textbook example, not Japan's economy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from dualuse import yamlfile
from dualuse.errors import InputError

BUNDLED_TABLE = Path(__file__).parent / "data" / "io_miller_blair_2sector.yaml"


@dataclass(frozen=True)
class IOTable:
    id: str
    source: str
    sectors: tuple[str, ...]
    Z: np.ndarray  # intermediate flows, rows sell to columns
    f: np.ndarray  # final demand
    x: np.ndarray  # total output

    @property
    def value_added(self) -> np.ndarray:
        """v = x − column sums of Z."""
        return self.x - self.Z.sum(axis=0)

    def index(self, sector: str) -> int:
        try:
            return self.sectors.index(sector)
        except ValueError:
            raise InputError(f"unknown sector {sector!r}; the table has {', '.join(self.sectors)}",
                             field="sector") from None


def load_table(path: Path | None = None) -> IOTable:
    path = Path(path or BUNDLED_TABLE)
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("input-output table not found", file=str(path)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=str(path)) from None
    for key in ("id", "source", "sectors", "intermediate", "final_demand", "total_output"):
        if not data or data.get(key) in (None, "", []):
            raise InputError("required field is missing", file=str(path), field=key)
    n = len(data["sectors"])
    Z = np.asarray(data["intermediate"], dtype=float)
    f = np.asarray(data["final_demand"], dtype=float)
    x = np.asarray(data["total_output"], dtype=float)
    if Z.shape != (n, n) or f.shape != (n,) or x.shape != (n,):
        raise InputError(f"shapes do not match {n} sectors", file=str(path), field="intermediate")
    if not np.allclose(Z.sum(axis=1) + f, x, rtol=1e-6):
        raise InputError("rows do not balance: Z·1 + f must equal x", file=str(path), field="total_output")
    return IOTable(str(data["id"]), str(data["source"]).strip(), tuple(data["sectors"]), Z, f, x)


def technical_coefficients(table: IOTable) -> np.ndarray:
    """A = Z x̂⁻¹."""
    return table.Z / table.x[np.newaxis, :]


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    """L = (I − A)⁻¹."""
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def output_change(table: IOTable, delta_f: np.ndarray) -> np.ndarray:
    """Δx = L Δf (solved, not inverted)."""
    A = technical_coefficients(table)
    return np.linalg.solve(np.eye(A.shape[0]) - A, np.asarray(delta_f, dtype=float))


def value_added_change(table: IOTable, delta_x: np.ndarray) -> np.ndarray:
    """ΔVA = v̂ Δx with v = value added per unit of output."""
    return (table.value_added / table.x) * delta_x


def backward_extraction(table: IOTable, sector: str) -> np.ndarray:
    """Output lost in every sector if `sector` stopped buying intermediate inputs: x − (I − A⁽ʲ⁾)⁻¹ f."""
    A = technical_coefficients(table).copy()
    A[:, table.index(sector)] = 0.0
    return table.x - np.linalg.solve(np.eye(A.shape[0]) - A, table.f)


def final_demand_shock(table: IOTable, sector: str, share: float) -> dict:
    """Final demand of `sector` falls by `share`: output and value-added changes in every sector, with formulas."""
    if not 0 <= share <= 1:
        raise InputError(f"a share is between 0 and 1, not {share}", field="share")
    delta_f = np.zeros(len(table.sectors))
    j = table.index(sector)
    delta_f[j] = -share * table.f[j]
    dx = output_change(table, delta_f)
    dva = value_added_change(table, dx)
    return {
        "table": table.id, "source": table.source, "sector": sector, "share": share,
        "formulas": ["A = Z x̂⁻¹", "Δx = (I − A)⁻¹ Δf", "ΔVA = (v / x) · Δx"],
        "delta_final_demand": dict(zip(table.sectors, delta_f.tolist())),
        "delta_output": dict(zip(table.sectors, dx.tolist())),
        "delta_value_added": dict(zip(table.sectors, dva.tolist())),
        "total_value_added_change": float(dva.sum()),
    }
