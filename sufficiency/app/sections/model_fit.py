"""The About page's account of the placement-flow model's fit (from ``flows.fit_report`` and
the held-out comparison ``flows.compare_models``)."""

from __future__ import annotations

import numpy as np
from dash import html

from ... import flows

#: The issue's targets for the held-out per-LA share placed outside the LA (mean over the years).
TARGET_CORRELATION = 0.75
TARGET_MAE = 8.0


def fit_year(data) -> int | None:
    """The latest year with observed FOI figures to compare the model with."""
    t = data.la_year
    years = sorted(t.loc[t["ch_pct_outside_la"].notna(), "year"].astype(int).unique())
    return years[-1] if years else None


def _fmt(value, digits: int) -> str:
    return "no figure" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


def _cell(text: str) -> html.Td:
    return html.Td(text, className="govuk-table__cell govuk-table__cell--numeric")


def _row(label: str, n, corr, mae, unit: str) -> html.Tr:
    n_text = "no figure" if n is None or not np.isfinite(n) else f"{n:.0f}"
    return html.Tr([html.Th(label, scope="row", className="govuk-table__header"), _cell(n_text),
                    _cell(_fmt(corr, 2)), _cell(f"{_fmt(mae, 1)} {unit}")], className="govuk-table__row")


def fit_part(data) -> list:
    """Heading, method in brief and a table: correlation and mean absolute error per figure,
    held out (k-fold by LA) and in sample, with the targets."""
    heading = html.H2("How well the placement-flow model fits", className="govuk-heading-m", id="about-model-fit")
    year = fit_year(data)
    if year is None:
        return [heading, html.P("There are no observed figures to compare the model with.", className="govuk-body")]
    result = flows.run_year(data, year)
    report = flows.fit_report(result, data)
    held = report.get("held_out", {})
    years = [y for y in flows.crossval.FIT_YEARS if y <= year]
    span = flows.compare_models(data, years, result.form, [result.model])
    mean_r, mean_mae = float(span["correlation"].mean()), float(span["mae"].mean())
    coverage = float(span["coverage"].mean())
    pct = "% of an LA's children in children's homes placed outside the LA"
    rows = [
        _row(f"{pct}: LAs held out, {year}", held.get("n"), held.get("correlation"), held.get("mae"),
             "percentage points"),
        _row(f"{pct}: LAs held out, mean {years[0]}-{years[-1]}", float(span["n"].mean()), mean_r, mean_mae,
             "percentage points"),
        _row(f"{pct}: in sample (LAs the fit saw), {year}", report["pct_outside_la"]["n"],
             report["pct_outside_la"]["correlation"], report["pct_outside_la"]["mae"], "percentage points"),
        _row("Net gain (children placed in minus placed out), in sample", report["net_gain"]["n"],
             report["net_gain"]["correlation"], report["net_gain"]["mae"], "children"),
    ]
    head = html.Thead(html.Tr([html.Th(h, scope="col", className="govuk-table__header") for h in
                               ("Modelled against observed (DfE FOI), by LA", "LAs compared", "Correlation",
                                "Mean absolute error")], className="govuk-table__row"), className="govuk-table__head")
    met_r, met_mae = mean_r >= TARGET_CORRELATION, mean_mae <= TARGET_MAE
    targets = (f"Targets for LAs held out, mean {years[0]}-{years[-1]}: correlation at least {TARGET_CORRELATION:.2f} "
               f"({'met' if met_r else 'not met'}: {mean_r:.2f}) and mean absolute error at most {TARGET_MAE:.0f} "
               f"points ({'met' if met_mae else 'not met'}: {mean_mae:.1f}). The 80% plausible range of an LA's share "
               f"held {coverage:.0%} of the held-out LAs' published figures.")
    return [
        heading,
        html.P(f"Modelled figures come from a doubly-constrained gravity model: each LA's children in children's homes "
               f"are spread over England's registered places (short-break-only homes left out) with a {result.form} "
               f"distance decay calibrated to DfE's national share placed more than 20 miles from home in "
               f"{result.decay_year}. The share of each LA's children placed inside the LA is predicted from the LA's "
               "characteristics (the gravity model's own share, places in its own homes per child, its area), fitted "
               "to other LAs' published figures and shifted so that England matches DfE's national split inside and "
               "outside the LA.", className="govuk-body"),
        html.P(f"The table compares the model with published figures it was not fitted to: each LA is predicted by a "
               f"model fitted without it ({flows.crossval.FOLDS}-fold cross-validation by LA).",
               className="govuk-body"),
        html.Table([html.Caption(f"Fit of the placement-flow model, {year}", className="govuk-table__caption "
                                 "govuk-table__caption--s"), head, html.Tbody(rows, className="govuk-table__body")],
                   className="govuk-table", id="about-fit-table"),
        html.P(targets, className="govuk-body-s", id="about-fit-targets"),
        html.P("The modelled net gain is fixed by the inputs (children and places), not by the distance decay, so its "
               "fit tests the inputs. Treat modelled figures as estimates: each comes with a plausible range.",
               className="govuk-body-s"),
    ]
