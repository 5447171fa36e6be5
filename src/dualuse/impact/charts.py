"""Charts of an exposure report: one PNG per grouping (matplotlib, Agg) and one self-contained HTML.

The HTML inlines plotly.js (no CDN, works offline) and shows the four groupings as bar charts
with hover detail, plus the tagged lines as a table.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from dualuse import i18n
from dualuse.errors import DualuseError
from dualuse.i18n import N_

if TYPE_CHECKING:
    from dualuse.impact.exposure import ExposureReport, Group

TITLES = {
    "by_hs_chapter": "Value by HS chapter",
    "by_family": "Value by control-list item family",
    "by_measure": "Value reached by each measure or rule",
    "by_supplier": "Value by supplier",
}
_GREY, _RED, _ORANGE = "#9e9e9e", "#c0392b", "#e67e22"
_QUIET = {"not listed", "none"}
_TOP = 12  # bars per chart; the rest are summed into "other"
# Fonts tried in order for each glyph: CJK supplier names and the zh/ja labels need a CJK face.
_FONTS = ["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Droid Sans Fallback"]


def _title(name: str, lang: str) -> str:
    """A grouping's chart title in the report's language (the catalogue's impact.chart.*)."""
    return TITLES.get(name, name) if lang == i18n.DEFAULT_LANGUAGE else i18n.translate(lang, f"impact.chart.{name}")


def _colour(key: str) -> str:
    """Grey: nothing listed or no measure; orange: a candidate entry only; red: listed or reached."""
    if key in _QUIET:
        return _GREY
    return _ORANGE if key.endswith("(candidate)") else _RED


def _bars(groups: list["Group"]) -> list[tuple[str, float, float, int]]:
    rows = [(g.key, g.value_jpy, g.share, g.lines) for g in groups]
    if len(rows) > _TOP:
        rest = rows[_TOP - 1:]
        rows = rows[:_TOP - 1] + [(f"other ({len(rest)})", sum(r[1] for r in rest), sum(r[2] for r in rest),
                                   sum(r[3] for r in rest))]
    return rows


def write_charts(report: "ExposureReport", out_dir: Path, lang: str = i18n.DEFAULT_LANGUAGE) -> list[Path]:
    try:
        import matplotlib  # noqa: F401
        import plotly  # noqa: F401
    except ImportError as exc:
        raise DualuseError(f"charts need the plotting libraries ({exc.name} is not installed): "
                           "pip install 'dualuse[impact]'") from None
    return [*write_pngs(report, out_dir, lang), write_html(report, out_dir, lang)]


def write_pngs(report: "ExposureReport", out_dir: Path, lang: str = i18n.DEFAULT_LANGUAGE) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    fonts = [f for f in _FONTS if f in installed] or ["DejaVu Sans"]
    paths = []
    for name, groups in report.groups.items():
        bars = _bars(groups)[::-1]
        with plt.rc_context({"font.family": fonts}):
            paths.append(_png(plt, report, name, bars, out_dir, lang))
    return paths


def _png(plt, report: "ExposureReport", name: str, bars, out_dir: Path, lang: str) -> Path:
    """One grouping's bar chart (the caller sets the fonts)."""
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(bars) + 1.6), dpi=110)
    values = [b[1] / 1e6 for b in bars]
    colours = [_colour(b[0]) for b in bars]
    ax.barh([b[0] for b in bars], values, color=colours)
    for y, b in enumerate(bars):
        ax.text(b[1] / 1e6, y, f"  ¥{b[1] / 1e6:,.1f}m · {b[2]:.1%}", va="center", fontsize=8)
    ax.set_xlabel(i18n.translate(lang, N_("impact.chart.xlabel")))
    title = _title(name, lang)
    if report.total_jpy:
        title = i18n.translate(lang, N_("impact.chart.title"), {
            "title": title, "total": f"¥{report.total_jpy / 1e6:,.1f}m",
            "exposed": f"{report.exposed_jpy / report.total_jpy:.1%}"})
    ax.set_title(title, fontsize=10)
    ax.set_xlim(0, max(values + [1e-9]) * 1.35)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    path = Path(out_dir) / f"{name}.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def write_html(report: "ExposureReport", out_dir: Path, lang: str = i18n.DEFAULT_LANGUAGE) -> Path:
    import plotly.graph_objects as go

    parts = []
    for index, (name, groups) in enumerate(report.groups.items()):
        bars = _bars(groups)[::-1]
        fig = go.Figure(go.Bar(
            x=[b[1] / 1e6 for b in bars], y=[b[0] for b in bars], orientation="h",
            marker_color=[_colour(b[0]) for b in bars],
            text=[f"{b[2]:.1%}" for b in bars], textposition="outside",
            customdata=[[b[3], b[2] * 100] for b in bars],
            hovertemplate="%{y}<br>¥%{x:,.1f}m · %{customdata[1]:.1f}% · %{customdata[0]} line(s)<extra></extra>",
        ))
        fig.update_layout(title=_title(name, lang), height=120 + 28 * len(bars), margin=dict(l=10, r=40, t=50, b=40),
                          xaxis_title=i18n.translate(lang, N_("impact.chart.axis")), template="plotly_white")
        parts.append(fig.to_html(full_html=False, include_plotlyjs=(index == 0)))
    header = ["line", "supplier", "origin_country", "hs_code", "description", "value_jpy", "outcome", "entries",
              "families", "measures", "supplier_band"]
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(t.to_row()[h]))}</td>" for h in header) + "</tr>"
                   for t in report.lines)
    share = report.exposed_jpy / report.total_jpy if report.total_jpy else 0.0
    measures = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
                       for k, v in sorted(report.measure_titles.items()))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dualuse — import exposure</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem;max-width:1100px}}table{{border-collapse:collapse;font-size:.8rem}}
td,th{{border:1px solid #ddd;padding:.2rem .4rem;text-align:left}}th{{background:#f4f4f4}}</style></head><body>
<h1>Import exposure to China's export controls</h1>
<p>Importer country {html.escape(report.importer_country)} · decided as of {html.escape(report.as_of.isoformat() if report.as_of else "each line's date")}
· regime data {html.escape(report.data_version)} · total ¥{report.total_jpy:,.0f} · exposed ¥{report.exposed_jpy:,.0f} ({share:.1%}).
Values converted to yen with {html.escape(report.rates.file)}.</p>
{''.join(parts)}
<h2>Measures and rules</h2>
<table><tr><th>id</th><th>title</th></tr>{measures}</table>
<h2>Tagged lines</h2>
<table><tr>{''.join(f'<th>{h}</th>' for h in header)}</tr>{rows}</table>
</body></html>
"""
    path = Path(out_dir) / "exposure.html"
    path.write_text(page, encoding="utf-8")
    return path
