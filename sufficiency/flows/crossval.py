"""How well each candidate predicts LAs it was not fitted to: k-fold cross-validation by LA.

The LAs are split into ``FOLDS`` folds once (a fixed shuffle of the council codes, the same
in every year). For the LAs of one fold, the per-LA parts of a model (the propensity's
coefficients) are fitted to the DfE FOI figures of the other folds' LAs only; national
calibration uses DfE's national figures and every LA's inputs (children, places, area), never
an LA's own placement figure. So each LA's prediction comes from a model that did not see
its own figure (``tests/unit/test_flows_crossval.py`` shuffles one LA's figure to check).

Candidates without per-LA fitting (``own`` 'none' or 'national') predict every LA from national
figures only: their held-out predictions are their ordinary ones. Two baselines without the
gravity structure: ``constant_share`` (every LA gets the training LAs' share placed outside)
and ``regression`` (the propensity's random-effects regression on LA characteristics only).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from .candidates import CANDIDATES, DEFAULT_MODEL, OWN_PROPENSITY, Candidate, candidate
from .model import DEFAULT_FORM, cached, national_characteristics, run_year, year_inputs
from .observed import observed_locality
from .propensity import calibrate_shift, fit_propensity, inside_children, share_range
from .targets import locality_targets

FOLDS = 5
SEED = 20240331
#: The years the candidates are compared over: those with DfE's national figures to calibrate to.
FIT_YEARS = (2020, 2021, 2022, 2023, 2024)
CONSTANT = "constant_share"
REGRESSION = "regression"
REGRESSION_FEATURES = (
    "log_places_per_child", "la_places_per_child", "log_area", "log_density", "log_nearby_places_per_child",
)
BASELINES = {
    CONSTANT: "Baseline: every LA gets the training LAs' share placed outside",
    REGRESSION: "Baseline: regression on LA characteristics, no gravity model",
}


def fold_of(codes) -> pd.Series:
    """Fold (0 .. FOLDS-1) of each council code: a fixed shuffle of the sorted codes."""
    codes = sorted(set(codes))
    order = np.random.default_rng(SEED).permutation(len(codes))
    return pd.Series(order % FOLDS, index=pd.Index(codes, name="la_code"), name="fold")


def _folds(data) -> pd.Series:
    return fold_of(data.gazetteer["code"])


def held_out(data, year: int, model: str = DEFAULT_MODEL, form: str = DEFAULT_FORM) -> pd.DataFrame:
    """One row per LA with a published FOI figure in ``year``: its held-out prediction.

    Columns: la_code, fold, children (FOI), observed (% outside the LA, FOI), predicted (%),
    low, high (80 % range of the prediction, % outside; NaN when the model has none).
    ``model`` is a candidate name or a baseline (``constant_share``, ``regression``).
    Cached per data, year, model and form (a copy is returned).
    """
    return cached(data, ("held-out", int(year), model, form), lambda: _held_out(data, int(year), model, form)).copy()


def _held_out(data, year: int, model: str, form: str) -> pd.DataFrame:
    obs = observed_locality(data.la_year, year)
    folds = _folds(data).reindex(obs.index)
    out = pd.DataFrame({"fold": folds, "children": obs["children"], "observed": obs["pct_outside_la"],
                        "predicted": np.nan, "low": np.nan, "high": np.nan})
    out.index.name = "la_code"
    if obs.empty:
        return out.reset_index()
    if model == CONSTANT:
        for k in range(FOLDS):
            train = obs[folds != k]
            out.loc[folds == k, "predicted"] = 100.0 * train["outside"].sum() / train["children"].sum()
        return out.reset_index()
    cand = _regression() if model == REGRESSION else candidate(model)
    if cand.own != OWN_PROPENSITY:
        r = run_year(data, year, form=form, model=cand.name)
        rows = r.matrix.sum(axis=1)
        own = np.divide(np.diag(r.matrix), rows, out=np.full(len(rows), np.nan), where=rows > 0)
        out["predicted"] = 100.0 * (1.0 - pd.Series(own, index=r.codes).reindex(obs.index))
        return out.reset_index()
    inp = year_inputs(data, year, cand)
    X = national_characteristics(data, year, form, cand)
    pos = pd.Series(np.arange(len(inp.codes)), index=inp.codes)
    fallback = X["gravity_logit"].to_numpy()
    inside_total = _inside_total(data, year, inp.children, model == REGRESSION)
    for k in range(FOLDS):
        test = obs.index[folds == k]
        prop = fit_propensity(X, obs.drop(index=test), cand.features, year)
        if inside_total is not None:
            prop = calibrate_shift(prop, X, inp.children, inp.capacity, inside_total, fallback)
        t = inside_children(prop, X, inp.children, inp.capacity, fallback)
        low, high = share_range(prop, X, inp.children, inp.capacity, fallback)
        i = pos[test].to_numpy()
        n = inp.children[i]
        out.loc[test, "predicted"] = 100.0 * (1.0 - t[i] / n)
        out.loc[test, "low"] = 100.0 * (1.0 - high[i])
        out.loc[test, "high"] = 100.0 * (1.0 - low[i])
    return out.reset_index()


def _regression() -> Candidate:
    base = CANDIDATES[DEFAULT_MODEL]
    return replace(base, name=REGRESSION, label=BASELINES[REGRESSION], features=REGRESSION_FEATURES)


def _inside_total(data, year: int, children: np.ndarray, plain: bool) -> float | None:
    """Children placed in their own LA in the national split of ``year`` (None: not calibrated).

    As in ``calibrated_params``: only years with DfE's national split shift the propensity.
    """
    loc = locality_targets(data.national_distance)
    if plain or year not in loc.index:
        return None
    return float(children.sum() * (1.0 - loc[year]))


def fit_stats(frame: pd.DataFrame) -> dict:
    """n, correlation, mean absolute error (points), coverage of the 80 % range, means."""
    f = frame.dropna(subset=["observed", "predicted"])
    n = len(f)
    varied = n > 2 and f["predicted"].std() > 0 and f["observed"].std() > 0
    ranged = f.dropna(subset=["low", "high"])
    return {
        "n": n,
        "correlation": float(np.corrcoef(f["predicted"], f["observed"])[0, 1]) if varied else float("nan"),
        "mae": float((f["predicted"] - f["observed"]).abs().mean()) if n else float("nan"),
        "coverage": float(((ranged["observed"] >= ranged["low"] - 0.5) & (ranged["observed"] <= ranged["high"] + 0.5))
                          .mean()) if len(ranged) else float("nan"),
        "mean_predicted": float(f["predicted"].mean()) if n else float("nan"),
        "mean_observed": float(f["observed"].mean()) if n else float("nan"),
    }


def held_out_fit(data, year: int, model: str = DEFAULT_MODEL, form: str = DEFAULT_FORM) -> dict:
    """``fit_stats`` of ``held_out`` (an empty dict's ``n`` is 0 when the year has no FOI figures)."""
    return fit_stats(held_out(data, year, model, form))


def model_names() -> list[str]:
    """Every candidate, then the baselines."""
    return [*CANDIDATES, *BASELINES]


def compare_models(data, years=FIT_YEARS, form: str = DEFAULT_FORM, models=None) -> pd.DataFrame:
    """One row per model and year: held-out n, correlation, MAE, coverage, means (% outside)."""
    rows = []
    for name in models or model_names():
        for year in years:
            rows.append({"model": name, "year": int(year), **held_out_fit(data, int(year), name, form)})
    return pd.DataFrame(rows)


__all__ = [
    "BASELINES", "CONSTANT", "FIT_YEARS", "FOLDS", "REGRESSION", "compare_models", "fit_stats", "fold_of", "held_out",
    "held_out_fit", "model_names",
]
