"""The forecasts as the screens and the exports show them: fan charts with their tables and
backtest accuracy, the projected gap in 2030, the scenario over time, the Forecast sheet
and the backtest comparison. Shared by the profile, the region view, the About page and the
snapshot, so a projected figure shown in two places is one computation.

Every figure here is *projected* (or, for the history, observed) and says so; no model
runs: LAs, regions and England read the forecasts precomputed in ``data/``, a footprint is
the sum of its LAs' (:mod:`sufficiency.forecast.query`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..config import ENGLAND_CODE, LAST_YEAR
from ..engine import areas as A
from ..engine.projected import projected_table
from ..errors import DataError
from ..forecast.accuracy import SHORT, WORDS, accuracy, accuracy_sentence
from ..forecast.query import forecast, history
from ..forecast.scenario import shift_gap
from ..forecast.vocab import BACKTEST_ORIGINS, FORECAST_YEARS, HORIZONS, MEASURES, ORIGIN
from ..geography import lineage as gl
from ..geography.reorganisations import REGION_NAMES
from .areas import footprint_of

#: The fan charts of a profile or region, in order.
FAN_MEASURES = ("cla", "cla_ch", "places", "gap")
#: Every forecast measure, in the Forecast sheet's order.
SHEET_MEASURES = ("cla", "cla_ch", "homes", "places", "gap")
#: The year of the headline projected gap, and the map measure that holds it.
HEADLINE_YEAR = FORECAST_YEARS[-1]
HEADLINE_MEASURE = f"projected_gap_{HEADLINE_YEAR}"
#: The horizon of an area's own accuracy sentence (every measure has backtests three years ahead).
AREA_HORIZON = 3
LEVEL_WORDS = {"la": "LAs", "region": "regions", "england": "England"}
PROJECTED = "projected"
BOUNDS = ("lo80", "hi80", "lo95", "hi95")
BOUND_TITLES = {"lo80": "80% interval: low", "hi80": "80% interval: high", "lo95": "95% interval: low",
                "hi95": "95% interval: high"}


@dataclass(frozen=True)
class Subject:
    """What a forecast is for: an LA, a region or England (``code``), or a footprint (its LAs)."""

    name: str
    code: str | None = None
    footprint: tuple[str, ...] | None = None

    @property
    def level(self) -> str:
        """'footprint', 'england', 'region' or 'la' (the levels of the backtest tables)."""
        if self.footprint is not None:
            return "footprint"
        return "england" if self.code == ENGLAND_CODE else "region" if self.code in REGION_NAMES else "la"

    @property
    def label(self) -> str:
        """The code as the Forecast sheet and the command line give it."""
        return ",".join(sorted(set(self.footprint))) if self.footprint is not None else self.code

    @property
    def slug(self) -> str:
        if self.footprint is None:
            return self.code
        return f"footprint-{len(self.footprint)}-las-{hashlib.sha256(self.label.encode()).hexdigest()[:8]}"

    def query(self) -> dict:
        """The keyword arguments of :func:`sufficiency.forecast.query.forecast`."""
        return {"footprint": list(self.footprint)} if self.footprint is not None else {"area": self.code}


def subject_of(state, data) -> Subject:
    """The forecast subject of a view: its footprint; else the profile's LA; else the view's
    area (a region or England; an LA's region outside the profile)."""
    fp = footprint_of(state, data)
    if fp is not None:
        return Subject(fp.name, footprint=tuple(fp.codes))
    names = {ENGLAND_CODE: "England", **REGION_NAMES, **data.la_names}
    if state.view == "profile":
        code = gl.resolve_la(state.la, state.area, data.gazetteer)
        if code is not None:
            return Subject(names.get(code, code), code)
    code = state.area if state.area in names else ENGLAND_CODE
    if code != ENGLAND_CODE and code not in REGION_NAMES:
        gaz = data.gazetteer.set_index("code")
        code = gaz.at[code, "region_code"] if code in gaz.index else ENGLAND_CODE
    return Subject(names.get(code, code), code)


def projection(data, measure: str, subject: Subject) -> tuple[dict | None, str | None]:
    """(the command line's JSON shape, None), or (None, why there is no forecast)."""
    try:
        return forecast(data, measure, **subject.query()), None
    except DataError as err:
        return None, str(err)


def observed(data, measure: str, subject: Subject) -> list[tuple[int, float]]:
    """The published figures the forecast continues (observed)."""
    return history(data, measure, **subject.query())


# --- accuracy ---------------------------------------------------------------------------------


def _backtest(data) -> pd.DataFrame:
    return data.forecast["forecast_backtest"]


def default_method(data, measure: str) -> str | None:
    b = _backtest(data)
    methods = set(b.loc[b["measure"] == measure, "method"]) - {"naive", "drift"}
    return next(iter(methods)) if len(methods) == 1 else None


def _origins_text() -> str:
    return f"origins {BACKTEST_ORIGINS[0]}-{BACKTEST_ORIGINS[-1]}"


@lru_cache(maxsize=64)
def level_sentence(data, measure: str, level: str = "la", horizon: int | None = None) -> str:
    """How the method did in the backtest for every area of ``level`` at ``horizon`` (the
    longest backtested one if None), against naive and drift, with its 80% coverage."""
    if measure == "gap":
        return ("The gap has no backtest of its own: it is the forecast of children in secure homes and children's "
                "homes minus the forecast of registered places, each backtested (see their charts).")
    b = _backtest(data)
    rows = b[(b["measure"] == measure) & (b["level"] == level)]
    if rows.empty:
        return f"No backtest of {SHORT[measure]} for {LEVEL_WORDS.get(level, level)}."
    h = int(horizon or rows["horizon"].max())
    at = rows[rows["horizon"] == h].set_index("method")
    method = default_method(data, measure)
    if method not in at.index:
        return f"No backtest of {SHORT[measure]} {WORDS.get(h, f'{h} years')} ahead."
    own = at.loc[method]
    others = "; ".join(f"{m} {at.at[m, 'mape']:.1f}%" for m in ("naive", "drift") if m in at.index)
    cover = (f"; its 80% intervals covered {own['coverage80']:.0f}% of outcomes" if np.isfinite(own["coverage80"])
             else "")
    return (f"At this horizon ({WORDS.get(h, f'{h} years')} ahead) the method's forecasts of {SHORT[measure]} for "
            f"{LEVEL_WORDS.get(level, level)} missed the published figure by {own['mape']:.1f}% on average "
            f"(mean absolute percentage error; {others}){cover} ({int(own['n'])} backtests, {_origins_text()}).")


def area_sentence(data, measure: str, subject: Subject) -> str | None:
    """The subject's own backtest accuracy in words (an LA, a region or England), or None."""
    if subject.footprint is not None or measure == "gap":
        return None
    return accuracy_sentence(data, measure, subject.code, AREA_HORIZON, name=subject.name)


def _accuracy_level(subject: Subject) -> str:
    return subject.level if subject.level in ("region", "england") else "la"


# --- tables -----------------------------------------------------------------------------------


def fan_frame(hist: list[tuple[int, float]], result: dict | None) -> pd.DataFrame:
    """A fan chart's table: one row a year, observed figures and projected ones in their own
    columns (never in one column), with the basis of each row."""
    rows = [{"Year": y, "Basis": "observed", "Observed": round(v, 1)} for y, v in hist]
    for p in (result or {}).get("points", []):
        rows.append({"Year": p["year"], "Basis": PROJECTED, "Projected median": p["median"],
                     **{BOUND_TITLES[k]: p[k] for k in BOUNDS}})
    cols = ["Year", "Basis", "Observed", "Projected median", *BOUND_TITLES.values()]
    return pd.DataFrame(rows, columns=cols)


@dataclass(frozen=True)
class Fan:
    measure: str
    title: str
    unit: str
    result: dict | None
    message: str | None
    history: tuple
    frame: pd.DataFrame
    sentences: tuple[str, ...]


@lru_cache(maxsize=512)
def fan(data, measure: str, subject: Subject) -> Fan:
    """Everything one fan chart shows: the projection (or why none), the history, its table
    and its accuracy sentences (cached: shared, read-only)."""
    result, message = projection(data, measure, subject)
    hist = tuple(observed(data, measure, subject))
    m = MEASURES[measure]
    sentences = [level_sentence(data, measure, _accuracy_level(subject))]
    own = area_sentence(data, measure, subject)
    if own:
        sentences.append(own)
    return Fan(measure, f"{subject.name}: {SHORT[measure]}, projected to {FORECAST_YEARS[-1]}", m.unit, result,
               message, hist, fan_frame(list(hist), result), tuple(sentences))


def headline_gap(data, subject: Subject) -> dict:
    """The projected gap in :data:`HEADLINE_YEAR` with its 80% interval, from the map measure
    (one place): ``{"year", "median", "lo80", "hi80", "lo95", "hi95", "message"}``."""
    if subject.footprint is not None:
        areas, row = A.group(tuple(subject.footprint), "footprint"), "footprint"
    elif subject.code == ENGLAND_CODE:
        areas, row = A.england(), ENGLAND_CODE
    elif subject.code in REGION_NAMES:
        areas, row = A.Areas(A.REGION, (subject.code,)), subject.code
    else:
        areas, row = A.one_la(subject.code), subject.code
    t = projected_table(data, HEADLINE_MEASURE, ORIGIN, areas)
    key = HEADLINE_MEASURE
    r = t.loc[row]
    value = float(r[key])
    out = {"year": HEADLINE_YEAR, "median": value, **{k: float(r[f"{key}__{k}"]) for k in BOUNDS}, "message": None}
    if not np.isfinite(value):
        out["message"] = str(r[f"{key}__flag"])
    return out


def scenario_rows(data, subject: Subject, added: float, from_year: int) -> tuple[list[dict], str | None]:
    """The gap each projected year with and without ``added`` places from ``from_year`` (as
    :func:`sufficiency.forecast.scenario.gap_with_places`), or ([], why there is no forecast)."""
    result, message = projection(data, "gap", subject)
    if result is None:
        return [], message
    return shift_gap(result["points"], added, from_year), None


def scenario_frame(rows: list[dict]) -> pd.DataFrame:
    """The scenario over time as a table (projected)."""
    return pd.DataFrame({
        "Year": [r["year"] for r in rows],
        "Basis": PROJECTED,
        "Places added": [r["added_places"] for r in rows],
        "Gap without the places (median)": [r["gap_before"] for r in rows],
        "Gap with the places (median)": [r["median"] for r in rows],
        **{f"With the places: {BOUND_TITLES[k]}": [r[k] for r in rows] for k in BOUNDS},
    })


SHEET_COLUMNS = ("Area", "Area code", "Measure key", "Measure", "Covers", "Year", "Years ahead", "Basis", "Median",
                 *BOUND_TITLES.values(), "Method", "Origin", "Backtest: mean absolute % error at this horizon",
                 "Backtest: 80% interval coverage at this horizon (%)", "Backtest of", "Note")


def _sheet_accuracy(data, measure: str, subject: Subject, horizon: int) -> tuple[float, float, str]:
    if measure == "gap":
        return np.nan, np.nan, "none: children minus places, each backtested"
    if subject.footprint is None:
        own = accuracy(data, measure, subject.code, horizon)
        if own is not None and np.isfinite(own["mape"]):
            return own["mape"], own["coverage80"] if own["coverage80"] is not None else np.nan, "this area"
    level = _accuracy_level(subject)
    b = _backtest(data)
    row = b[(b["measure"] == measure) & (b["level"] == level) & (b["horizon"] == horizon)
            & (b["method"] == default_method(data, measure))]
    if row.empty:
        return np.nan, np.nan, "no backtest at this horizon"
    return float(row["mape"].iloc[0]), float(row["coverage80"].iloc[0]), f"every area of its level ({LEVEL_WORDS[level]})"


def forecast_sheet(data, subject: Subject) -> pd.DataFrame:
    """The Forecast sheet: every forecast measure of ``subject``, each projected year with its
    median, 80% and 95% intervals, method, origin and backtest accuracy at that horizon; a
    measure without a forecast has one row saying why."""
    rows = []
    for measure in SHEET_MEASURES:
        m = MEASURES[measure]
        base = {"Area": subject.name, "Area code": subject.label, "Measure key": measure, "Measure": m.label,
                "Covers": m.covers}
        result, message = projection(data, measure, subject)
        if result is None:
            rows.append({**base, "Basis": "no forecast", "Note": message})
            continue
        for p in result["points"]:
            h = p["year"] - result["origin"]
            mape, cover, of = _sheet_accuracy(data, measure, subject, h)
            rows.append({**base, "Year": p["year"], "Years ahead": h, "Basis": PROJECTED, "Median": p["median"],
                         **{BOUND_TITLES[k]: p[k] for k in BOUNDS}, "Method": result["method"],
                         "Origin": result["origin"], "Backtest: mean absolute % error at this horizon": mape,
                         "Backtest: 80% interval coverage at this horizon (%)": cover, "Backtest of": of, "Note": ""})
    return pd.DataFrame(rows, columns=list(SHEET_COLUMNS))


def backtest_frame(data) -> pd.DataFrame:
    """The backtest comparison (the About page): the default method against naive and drift,
    MAPE, MASE and interval coverage by measure, level and horizon."""
    b = _backtest(data).copy()
    order = {m: i for i, m in enumerate(SHEET_MEASURES)}
    level_order = {"la": 0, "region": 1, "england": 2}
    b["default"] = [m not in ("naive", "drift") for m in b["method"]]
    b = b.sort_values(["measure", "level", "horizon", "default"], key=lambda s: s.map(order).fillna(s.map(level_order))
                      if s.name in ("measure", "level") else s, kind="stable")
    return pd.DataFrame({
        "Measure": [SHORT[m] for m in b["measure"]],
        "Level": [LEVEL_WORDS[v] for v in b["level"]],
        "Years ahead": b["horizon"].to_numpy(),
        "Method": [f"{m} (default)" if d else m for m, d in zip(b["method"], b["default"])],
        "Backtests": b["n"].to_numpy(),
        "MAPE (%)": b["mape"].round(2).to_numpy(),
        "MASE": b["mase"].round(3).to_numpy(),
        "80% interval coverage (%)": b["coverage80"].round(1).to_numpy(),
        "95% interval coverage (%)": b["coverage95"].round(1).to_numpy(),
    })


def backtest_summary(data, measure: str = "cla", level: str = "la", horizons=(1, 2, 3)) -> pd.DataFrame:
    """MASE of each method at ``horizons`` for one measure and level (the short table on the
    About page): one row a method, default first."""
    b = _backtest(data)
    rows = b[(b["measure"] == measure) & (b["level"] == level) & (b["horizon"].isin(horizons))]
    wide = rows.pivot(index="method", columns="horizon", values="mase")
    method = default_method(data, measure)
    wide = wide.reindex([method, "naive", "drift"])
    out = pd.DataFrame({"Method": [f"{m} (default)" if m == method else m for m in wide.index]})
    for h in horizons:
        out[f"MASE, {WORDS[h]} ahead"] = wide[h].round(3).to_numpy()
    return out


__all__ = ["FAN_MEASURES", "HEADLINE_MEASURE", "HEADLINE_YEAR", "HORIZONS", "LAST_YEAR", "Fan", "Subject",
           "backtest_frame", "backtest_summary", "fan", "fan_frame", "forecast_sheet", "headline_gap", "level_sentence",
           "scenario_frame", "scenario_rows", "subject_of"]
