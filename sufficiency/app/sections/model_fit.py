"""The About page's account of the placement-flow model's fit (from ``flows.fit_report``)."""

from __future__ import annotations

import numpy as np
from dash import html

from ... import flows


def fit_year(data) -> int | None:
    """The latest year with observed FOI figures to compare the model with."""
    t = data.la_year
    years = sorted(t.loc[t["ch_pct_outside_la"].notna(), "year"].astype(int).unique())
    return years[-1] if years else None


def _fmt(value, digits: int) -> str:
    return "no figure" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


def fit_part(data) -> list:
    """Heading, method in brief and a table: correlation and mean absolute error per figure."""
    heading = html.H2("How well the placement-flow model fits", className="govuk-heading-m", id="about-model-fit")
    year = fit_year(data)
    if year is None:
        return [heading, html.P("There are no observed figures to compare the model with.", className="govuk-body")]
    result = flows.run_year(data, year)
    report = flows.fit_report(result, data)
    rows = []
    for key, label, unit in (("pct_outside_la", "% of an LA's children in children's homes placed outside the LA",
                              "percentage points"),
                             ("net_gain", "Net gain (children placed in minus placed out)", "children")):
        s = report.get(key, {})
        rows.append(html.Tr([html.Th(label, scope="row", className="govuk-table__header"),
                             html.Td(str(s.get("n", 0)), className="govuk-table__cell govuk-table__cell--numeric"),
                             html.Td(_fmt(s.get("correlation", np.nan), 2),
                                     className="govuk-table__cell govuk-table__cell--numeric"),
                             html.Td(f"{_fmt(s.get('mae', np.nan), 1)} {unit}",
                                     className="govuk-table__cell govuk-table__cell--numeric")],
                            className="govuk-table__row"))
    head = html.Thead(html.Tr([html.Th(h, scope="col", className="govuk-table__header") for h in
                               ("Modelled against observed (DfE FOI), by LA", "LAs compared", "Correlation",
                                "Mean absolute error")], className="govuk-table__row"), className="govuk-table__head")
    return [
        heading,
        html.P(f"Modelled figures come from a doubly-constrained gravity model: each LA's children in children's homes "
               f"are spread over England's registered places with a {result.form} distance decay whose parameter "
               f"({result.decay:.3g}) is calibrated to DfE's national share placed more than 20 miles from home in "
               f"{result.decay_year}. The table compares the model with published figures it was not fitted to, "
               f"for {year}.", className="govuk-body"),
        html.Table([html.Caption(f"Fit of the placement-flow model, {year}", className="govuk-table__caption "
                                 "govuk-table__caption--s"), head, html.Tbody(rows, className="govuk-table__body")],
                   className="govuk-table", id="about-fit-table"),
        html.P("The modelled net gain is fixed by the inputs (children and places), not by the distance decay, so its "
               "fit tests the inputs. Treat modelled figures as estimates.", className="govuk-body-s"),
    ]
