"""Impact analysis: what China's export controls put at risk in an import portfolio, and scenario
estimates of the loss, from stated and sourced inputs, that reproduce published figures.

    exposure.py   portfolio lines → control entries, measures, party bands; totals and shares
    scenario.py   scenario YAML → formulas with every input shown; checks against published figures
    currency.py   the declared rate table (date and source per rate)
    charts.py     PNG (matplotlib) and self-contained HTML (plotly, inlined) charts
    api.py        JSON-returning functions for the REST API

See docs/IMPACT.md.
"""
