"""The About page's forecast part: how the forecasts were chosen and how well they did in
the backtest (the default method against naive and drift: MAPE, MASE and interval coverage
by measure, level and horizon), from the ``forecast_backtest`` table."""

from __future__ import annotations

import pandas as pd
from dash import html

from ...forecast.vocab import BACKTEST_ORIGINS, ORIGIN
from ...present import forecast as pf
from ..tables import table, table_block

SUMMARY = "about-forecast-summary"
BACKTEST = "about-forecast-backtest"


@table(SUMMARY)
def summary_table(state, data) -> tuple[pd.DataFrame, str]:
    return pf.backtest_summary(data), "forecast_backtest_summary.csv"


@table(BACKTEST)
def backtest_table(state, data) -> tuple[pd.DataFrame, str]:
    return pf.backtest_frame(data), "forecast_backtest.csv"


def backtest_part(data) -> list:
    first, last = BACKTEST_ORIGINS[0], BACKTEST_ORIGINS[-1]
    return [
        html.H2("Forecasts to 2030 (projected)", className="govuk-heading-m", id="about-forecasts"),
        html.P(f"Children looked after, children in secure homes and children's homes, children's homes, registered "
               f"places and the gap are projected from the published figures to 31 March {ORIGIN}, for every LA, "
               "region and England; a footprint's forecast is the sum of its LAs'. Each method was tried as if it "
               f"had been used in earlier years: from every origin year {first} to {last}, using only the figures "
               "published up to then, forecasting one to five years ahead and comparing with what was later "
               "published (a rolling-origin backtest).", className="govuk-body"),
        html.P("MAPE is the mean absolute percentage error. MASE divides each error by the series' own typical "
               "year-to-year change: below 1 beats a forecast of 'no change' one year ahead. The method chosen for "
               "each measure had the lowest mean MASE across LAs one to three years ahead; its 80% and 95% "
               "intervals are calibrated on the backtest errors, and coverage is the share of later published "
               "figures that fell inside them.", className="govuk-body"),
        table_block(SUMMARY, pf.backtest_summary(data),
                    "Children looked after, LAs: MASE of the chosen method, naive (last value) and drift",
                    block_id="about-forecast-summary"),
        html.Details(
            [
                html.Summary(html.Span("Table: every measure, level and horizon", className="govuk-details__summary-text"),
                             className="govuk-details__summary"),
                html.Div(table_block(BACKTEST, pf.backtest_frame(data),
                                     "Backtest: MAPE, MASE and interval coverage by measure, level and years ahead",
                                     heading="h4", block_id="about-forecast-backtest"),
                         className="govuk-details__text"),
            ],
            className="govuk-details",
        ),
    ]
