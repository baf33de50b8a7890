"""Calibration and fit of the flow model, for docs/flows.md and the About page.

* ``fit_table``: one row per year and decay form of a model: parameters, national shares, the
  fit to the FOI figures per LA (in sample and held out) and the national split by distance
  and locality against DfE's;
* ``candidate_table``: one row per candidate and baseline, the held-out per-LA fit averaged
  over years, with the national figures (the basis of the choice of model);
* ``candidate_distributions``: England's modelled distance distribution under each candidate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .candidates import CANDIDATES, DEFAULT_MODEL
from .crossval import BASELINES, FIT_YEARS, compare_models, held_out_fit
from .gravity import FORMS
from .model import DEFAULT_FORM, run_year
from .summaries import within_masses, distribution, fit_report, mean_miles
from .targets import CALIBRATION_GROUP

SPLIT = ("within_20_inside_la", "within_20_outside_la", "over_20_inside_la", "over_20_outside_la")


def national_split(result) -> dict:
    """Modelled shares (0-1) of all modelled children: each distance band (20 miles) by locality
    (inside / outside their own LA), outside the LA, over 20 and 50 miles; and the mean miles."""
    m = result.matrix
    total = m.sum()
    near = within_masses(result, [20.0, 50.0]).to_numpy()
    own = np.diag(m)
    cdf20 = result.within_cdf([20.0])[:, 0]
    inside_near = float((own * cdf20).sum())
    near_all = float(near[:, 0].sum())
    out = {
        "within_20_inside_la": inside_near / total,
        "within_20_outside_la": (near_all - inside_near) / total,
        "over_20_inside_la": float(own.sum() - inside_near) / total,
        "over_20_outside_la": float(total - own.sum() - (near_all - inside_near)) / total,
    }
    out["share_outside_la"] = 1.0 - float(own.sum()) / total
    out["share_over_20"] = 1.0 - near_all / total
    out["share_over_50"] = 1.0 - float(near[:, 1].sum()) / total
    out["mean_miles"] = float(mean_miles(result, "england").iloc[0])
    return out


def observed_split(national_distance: pd.DataFrame, year: int) -> dict:
    """DfE's national shares (0-1, of children whose distance is known) for secure homes and
    children's homes in ``year``: the same keys as ``national_split`` where published."""
    t = national_distance[(national_distance["placement_group"] == CALIBRATION_GROUP)
                          & (national_distance["year"] == year)]
    if t.empty or "within_20_inside_la" not in t:
        return {}
    row = t.iloc[0]
    known = float(row["children"] - row["distance_not_known"])
    out = {k: float(row[k]) / known for k in SPLIT}
    out["share_outside_la"] = float(row["share_outside_la_of_known"])
    out["share_over_20"] = float(row["share_over_20_miles_of_known"])
    return out


def fit_table(data, years=None, forms=FORMS, model: str = DEFAULT_MODEL) -> pd.DataFrame:
    """Columns: year, form, model, chosen, decay, decay_year, calibrated, target, share_over_20,
    share_over_50, then n / correlation / mae for ``pct_outside_la`` and ``net_gain`` (in sample),
    ``held_out_n`` / ``held_out_correlation`` / ``held_out_mae`` / ``held_out_coverage`` (k-fold by
    LA, % outside the LA), and the modelled and observed national split (``model_<key>``,
    ``observed_<key>``)."""
    years = sorted(int(y) for y in data.la_year["year"].unique()) if years is None else list(years)
    rows = []
    for form in forms:
        for year in years:
            r = run_year(data, year, form=form, model=model)
            fit = fit_report(r, data)
            row = {
                "year": year, "form": form, "model": model, "chosen": form == DEFAULT_FORM and model == DEFAULT_MODEL,
                "decay": r.decay, "decay_year": r.decay_year, "calibrated": r.calibrated, "target": r.target,
                "share_over_20": r.shares["share_over_20"], "share_over_50": r.shares["share_over_50"],
            }
            for key in ("pct_outside_la", "net_gain"):
                for stat in ("n", "correlation", "mae"):
                    row[f"{key}_{stat}"] = fit.get(key, {}).get(stat, np.nan)
            held = held_out_fit(data, year, model, form)
            for stat in ("n", "correlation", "mae", "coverage"):
                row[f"held_out_{stat}"] = held.get(stat, np.nan)
            observed = observed_split(data.national_distance, year)
            for key, value in national_split(r).items():
                row[f"model_{key}"] = value
                row[f"observed_{key}"] = observed.get(key, np.nan)
            rows.append(row)
    return pd.DataFrame(rows)


def form_comparison(table: pd.DataFrame) -> pd.DataFrame:
    """Mean fit by form over the calibrated years (the basis of the choice of form)."""
    cal = table[table["calibrated"]]
    cols = ["pct_outside_la_correlation", "pct_outside_la_mae", "net_gain_correlation", "net_gain_mae"]
    cols += [c for c in ("held_out_correlation", "held_out_mae") if c in cal]
    return cal.groupby("form")[cols].mean()


def candidate_table(data, years=FIT_YEARS, form: str = DEFAULT_FORM) -> pd.DataFrame:
    """One row per model (candidates, then baselines): label, kind, chosen; held-out per-LA
    share outside the LA over ``years`` (mean correlation and MAE in points, their range over
    the years, mean coverage of the 80 % range); and the national split of the candidates
    (means over the years) with DfE's observed figures beside them."""
    years = [int(y) for y in years]
    per_year = compare_models(data, years, form)
    rows = []
    for name, g in per_year.groupby("model", sort=False):
        kind = "candidate" if name in CANDIDATES else "baseline"
        row = {
            "model": name, "label": CANDIDATES[name].label if kind == "candidate" else BASELINES[name], "kind": kind,
            "chosen": name == DEFAULT_MODEL, "las": float(g["n"].mean()),
            "held_out_correlation": float(g["correlation"].mean()), "held_out_mae": float(g["mae"].mean()),
            "correlation_min": float(g["correlation"].min()), "correlation_max": float(g["correlation"].max()),
            "mae_min": float(g["mae"].min()), "mae_max": float(g["mae"].max()),
            "coverage": float(g["coverage"].mean()),
        }
        if kind == "candidate":
            splits = pd.DataFrame([national_split(run_year(data, y, form=form, model=name)) for y in years])
            for key, value in splits.mean().items():
                row[f"model_{key}"] = float(value)
        rows.append(row)
    out = pd.DataFrame(rows)
    observed = pd.DataFrame([observed_split(data.national_distance, y) for y in years]).mean()
    for key, value in observed.items():
        out[f"observed_{key}"] = float(value)
    return out


def candidate_distributions(data, year: int, form: str = DEFAULT_FORM, bins=(0, 5, 10, 20, 30, 50, 75, 100, 150,
                                                                            float("inf"))) -> pd.DataFrame:
    """England's modelled distance distribution in ``year`` under each candidate: one row per
    candidate and band (model, lower, upper, share, cumulative_share)."""
    frames = []
    for name in CANDIDATES:
        d = distribution(run_year(data, year, form=form, model=name), "england", bins)
        frames.append(d.assign(model=name)[["model", "lower", "upper", "share", "cumulative_share"]])
    return pd.concat(frames, ignore_index=True)
