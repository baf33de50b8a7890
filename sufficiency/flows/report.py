"""Calibration and fit of the flow model for every year and decay form, for docs and the
About page: one row per year and form (modelled figures; fit against FOI figures)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .gravity import FORMS
from .model import DEFAULT_FORM, run_year
from .summaries import fit_report


def fit_table(data, years=None, forms=FORMS) -> pd.DataFrame:
    """Columns: year, form, chosen, decay, decay_year, calibrated, target, share_over_20,
    share_over_50, then n / correlation / mae for ``pct_outside_la`` and ``net_gain``."""
    years = sorted(int(y) for y in data.la_year["year"].unique()) if years is None else list(years)
    rows = []
    for form in forms:
        for year in years:
            r = run_year(data, year, form=form)
            fit = fit_report(r, data)
            row = {
                "year": year, "form": form, "chosen": form == DEFAULT_FORM, "decay": r.decay,
                "decay_year": r.decay_year, "calibrated": r.calibrated, "target": r.target,
                "share_over_20": r.shares["share_over_20"], "share_over_50": r.shares["share_over_50"],
            }
            for key in ("pct_outside_la", "net_gain"):
                for stat in ("n", "correlation", "mae"):
                    row[f"{key}_{stat}"] = fit.get(key, {}).get(stat, np.nan)
            rows.append(row)
    return pd.DataFrame(rows)


def form_comparison(table: pd.DataFrame) -> pd.DataFrame:
    """Mean fit by form over the calibrated years (the basis of the choice of form)."""
    cal = table[table["calibrated"]]
    cols = ["pct_outside_la_correlation", "pct_outside_la_mae", "net_gain_correlation", "net_gain_mae"]
    return cal.groupby("form")[cols].mean()
