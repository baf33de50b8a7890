"""The report's key findings: plain-English sentences written from the measure engine's figures.

``key_findings(data, state, area) -> list[Finding]``. Each finding keeps the figures it
quotes (``Finding.figures``: name -> value, straight from :mod:`sufficiency.engine`), so a
test can check every number in the text against the engine; none is typed by hand. Each
says its basis (observed, derived, estimated, modelled, projected) and which children or
homes it covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..config import ENGLAND_CODE
from ..engine import queries
from ..engine.profile import _rank_band as rank_band
from ..engine.registry import FOI_YEARS, MEASURES, children_series, definition
from ..errors import DataError
from ..formats import is_number, number
from ..geography.reorganisations import REGION_NAMES
from ..vocab import PROVISION_TYPES, SECTORS
from .common import Area, _codes, _key

PROJECTED = "projected"


@dataclass(frozen=True)
class Finding:
    topic: str  # supply, comparison, gap, distance, quality, market, forecast
    text: str
    basis: tuple[str, ...]  # observed, derived, estimated, modelled, projected
    covers: str
    figures: dict = field(default_factory=dict)  # name -> value quoted in the text

    @property
    def label(self) -> str:
        return " and ".join(dict.fromkeys(self.basis))


def filters_text(state) -> str:
    """``"all sectors, children's homes"`` or the sectors and provision types chosen."""
    sectors = tuple(state.sectors)
    who = "all sectors" if set(sectors) == set(SECTORS) else (
        ", ".join(s.lower() for s in SECTORS if s in set(sectors)) + " sector" + ("s" if len(sectors) > 1 else ""))
    kinds = ", ".join(PROVISION_TYPES[t].lower() for t in state.provision_types if t in PROVISION_TYPES)
    return f"{who}; {kinds}"


def _row(data, state, area: Area, code: str | None, year: int, baseline: int | None = None, modelled: bool = False):
    if not code:
        return None
    sectors, types = _key(state)
    return queries.area_row(data, code, year, sectors, types, baseline, modelled=modelled,
                            areas=area.areas if code == area.code else None)


def _ok(*values) -> bool:
    return all(is_number(v) for v in values)


def _n(value, key: str) -> str:
    return number(value, MEASURES[key].kind if key in MEASURES else key)


def rank_among(data, state, area: Area, key: str) -> tuple[int, int] | None:
    """(rank, of) of the area's ``key`` among all LAs (an LA) or the nine regions (a region);
    1 = the highest value. None for England and footprints."""
    if area.level not in ("la", "region"):
        return None
    sectors, types = _key(state)
    areas = queries.A.every_la() if area.level == "la" else queries.A.regions()
    values = queries.table(data, area.year, sectors, types, areas)[key]
    rank, of, _ = rank_band(values, float(_row(data, state, area, area.code, area.year)[key]), None)
    return (int(rank), of) if is_number(rank) else None


def _places(data, state, area: Area) -> Finding | None:
    year, base = area.year, state.baseline
    now = _row(data, state, area, area.code, year, base if base < year else None)
    if not _ok(now["places"], now["homes"]):
        return None
    figs = {"places": float(now["places"]), "homes": float(now["homes"])}
    text = (f"{area.name} had {_n(now['places'], 'places')} registered places in {_n(now['homes'], 'homes')} "
            f"children's homes at 31 March {year}")
    if is_number(now["places_per_10k"]):
        figs["places_per_10k"] = float(now["places_per_10k"])
        text += f", {number(now['places_per_10k'], 'rate')} per 10,000 children aged 0-17"
        rank = rank_among(data, state, area, "places_per_10k")
        if rank:
            figs["rank"], figs["of"] = rank
            what = "LAs" if area.level == "la" else "regions"
            text += f", rank {rank[0]} of {rank[1]} {what} (1 = most)"
    if base < year and is_number(now.get("places_change")):
        change = float(now["places_change"])
        figs["places_change"], figs["baseline"] = change, base
        more = "more" if change > 0 else "fewer"
        text += (f"; {number(abs(change), 'count')} {more} than in {base}" if change else f"; as many as in {base}")
    return Finding("supply", text + ".", ("observed", "derived"),
                   f"registered places in children's homes located in the area ({filters_text(state)}); "
                   "children aged 0-17 (ONS)", figs)


def _comparison(data, state, area: Area) -> Finding | None:
    if area.level == "country":
        return None
    year, key = area.year, "places_per_10k"
    own = _row(data, state, area, area.code, year)[key]
    reg = _row(data, state, area, area.region, year)[key] if area.region else np.nan
    eng = _row(data, state, area, ENGLAND_CODE, year)[key]
    if not _ok(own, eng):
        return None
    figs = {"area": float(own), "england": float(eng)}
    parts = []
    if is_number(reg):
        figs["region"] = float(reg)
        parts.append(f"{REGION_NAMES.get(area.region, area.region)} {number(reg, 'rate')}")
    parts.append(f"England {number(eng, 'rate')}")
    side = "above" if own > eng else "below" if own < eng else "level with"
    text = (f"Its {number(own, 'rate')} registered places per 10,000 children aged 0-17 is {side} England's rate "
            f"({'; '.join(parts)})")
    if area.level == "la":
        from ..engine.profile import headline_table

        head = headline_table(area.code, year, data, *_key(state)).set_index("key")
        nb, with_value = head.at[key, "neighbours_median"], head.at[key, "neighbours_with_value"]
        if is_number(nb):
            figs["neighbours_median"] = float(nb)
            text += (f"; its statistical neighbours' median is {number(nb, 'rate')} "
                     f"({int(with_value)} neighbours with a figure)")
    return Finding("comparison", text + ".", ("derived",), "registered places per 10,000 children aged 0-17", figs)


def _gap(data, state, area: Area) -> Finding | None:
    year = area.year
    row = _row(data, state, area, area.code, year)
    children = children_series(year)
    if not _ok(row["gap"], row[children], row["places"]):
        return None
    gap = float(row["gap"])
    figs = {"gap": gap, "children": float(row[children]), "places": float(row["places"])}
    text = (f"Gap at 31 March {year}: {_n(row[children], 'count')} {definition('gap', year)} minus "
            f"{_n(row['places'], 'places')} registered places = {number(gap, 'change')}")
    if gap < 0:
        text += (". A negative gap means the area has more registered places than its own children living in "
                 "these homes; it does not mean its children are placed locally, since other areas' children use "
                 "its places")
    elif gap > 0:
        text += ". A positive gap means more of the area's children live in these homes than there are places in the area"
    first = next((y for y in range(2021, year) if _ok(_row(data, state, area, area.code, y)["gap_dfe"])), None)
    if first is not None:
        then = float(_row(data, state, area, area.code, first)["gap_dfe"])
        now = float(row["gap_dfe"]) if is_number(row["gap_dfe"]) else np.nan
        if is_number(now):
            figs["gap_dfe_first"], figs["gap_dfe_first_year"], figs["gap_dfe"] = then, first, now
            text += (f". On DfE's count of children in secure homes and children's homes the gap went from "
                     f"{number(then, 'change')} in {first} to {number(now, 'change')} in {year}")
    basis = ("derived",)
    if area.level != "country":
        net_year = min(year, FOI_YEARS[-1])
        net = _row(data, state, area, area.code, net_year)["ch_net_gain"]
        if is_number(net):
            figs["net_gain"], figs["net_gain_year"] = float(net), net_year
            text += f". Net gain in {net_year} (observed, DfE FOI): {number(net, 'change')}, " + (
                f"{number(abs(net), 'count')} more children from other areas placed in its children's homes than "
                "its own children placed in homes elsewhere" if net >= 0 else
                f"{number(abs(net), 'count')} more of its own children placed in homes elsewhere than children from "
                "other areas placed in its children's homes")
            basis = ("derived", "observed")
    return Finding("gap", text + ".", basis, f"{definition('gap', year)}; registered places ({filters_text(state)})",
                   figs)


def _distance(data, state, area: Area) -> Finding | None:
    year = area.year
    row = _row(data, state, area, area.code, year, modelled=True)
    eng = _row(data, state, area, ENGLAND_CODE, year)
    figs, parts, basis = {}, [], []
    if is_number(row["pct_over_20_miles"]):
        figs["pct_over_20_miles"] = float(row["pct_over_20_miles"])
        text = (f"{number(row['pct_over_20_miles'], 'pct')} of all children looked after were placed more than "
                f"20 miles from home at 31 March {year} (observed)")
        if area.level != "country" and is_number(eng["pct_over_20_miles"]):
            figs["england_pct_over_20_miles"] = float(eng["pct_over_20_miles"])
            text += f", England {number(eng['pct_over_20_miles'], 'pct')}"
        parts.append(text)
        basis.append("observed")
    if is_number(row.get("modelled_over_20_miles")):
        figs["modelled_over_20_miles"] = float(row["modelled_over_20_miles"])
        parts.append(f"the placement-flow model puts {number(row['modelled_over_20_miles'], 'pct')} of children in "
                     "children's homes more than 20 miles from home (modelled)")
        basis.append("modelled")
    if not parts:
        return None
    text = "; ".join(parts)
    return Finding("distance", text[0].upper() + text[1:] + ".", tuple(basis),
                   "observed: all children looked after (DfE); modelled: children in children's homes", figs)


def _quality(data, state, area: Area) -> Finding | None:
    row = _row(data, state, area, area.code, area.year)
    if not _ok(row["homes_inspected"], row["pct_good_or_better"], row["homes_good_or_better"]):
        return None
    figs = {"pct_good_or_better": float(row["pct_good_or_better"]),
            "homes_good_or_better": float(row["homes_good_or_better"]), "homes_inspected": float(row["homes_inspected"])}
    text = (f"{number(row['pct_good_or_better'], 'pct')} of inspected children's homes were rated good or outstanding "
            f"at their latest inspection ({_n(row['homes_good_or_better'], 'count')} of "
            f"{_n(row['homes_inspected'], 'count')} homes with a graded inspection)")
    return Finding("quality", text + ".", ("derived",), f"children's homes with a graded inspection ({filters_text(state)})",
                   figs)


def market_of(data, area: Area) -> dict | None:
    """The market summary of the area in its year (:func:`sufficiency.market.summary.market_summary`), or None."""
    from ..market import market_area
    from ..market.summary import market_summary

    try:
        if area.level == "footprint":
            ma = market_area(data, footprint=sorted(_codes(area, data)(area.year)), name=area.name)
        else:
            ma = market_area(data, area=area.code)
        summary = market_summary(data.owner_supply, data.openings, ma, area.year)
    except (DataError, KeyError, ValueError):
        return None
    return summary if summary["owners"] is not None or summary["openings"] is not None else None


def _market(data, area: Area, market: dict | None) -> Finding | None:
    if not market or market["owners"] is None:
        return None
    top1, top5 = market["top_share"]["1"], market["top_share"]["5"]
    figs = {"owners": market["owners"], "top1_share": top1, "top5_share": top5}
    text = f"{number(market['owners'], 'count')} owners held the area's children's-home places at 31 March {area.year}"
    if is_number(top1) and is_number(top5):
        text += (f"; the largest held {number(top1 * 100, 'pct')} of places and the five largest "
                 f"{number(top5 * 100, 'pct')}")
    if market["openings"] and market["closures"]:
        figs["homes_opened"], figs["homes_closed"] = market["openings"]["homes"], market["closures"]["homes"]
        text += (f"; {number(figs['homes_opened'], 'count')} homes opened and {number(figs['homes_closed'], 'count')} "
                 f"closed in the year to 31 March {area.year}")
    return Finding("market", text + ".", ("derived",), "children's homes of all sectors on Ofsted's lists", figs)


def forecast_of(data, area: Area, measure: str) -> dict | None:
    """The forecast of ``measure`` for the area (:func:`sufficiency.forecast.query.forecast`), or None."""
    from ..forecast.query import forecast
    from ..forecast.vocab import ORIGIN

    if area.year != ORIGIN:
        return None
    try:
        if area.level == "footprint":
            return forecast(data, measure, footprint=sorted(_codes(area, data)(area.year)))
        return forecast(data, measure, area=area.code)
    except (DataError, KeyError, ValueError):
        return None


def _forecast(area: Area, fc: dict | None) -> Finding | None:
    from ..forecast.vocab import MEASURES as FORECASTS

    if not fc or not fc["points"]:
        return None
    last = fc["points"][-1]
    figs = {"median": last["median"], "lo80": last["lo80"], "hi80": last["hi80"], "year": last["year"]}
    text = (f"Registered places are projected at {number(last['median'], 'count')} in {last['year']} "
            f"(80% interval {number(last['lo80'], 'count')} to {number(last['hi80'], 'count')}), "
            f"from {number(fc['points'][0]['median'], 'count')} a year after 31 March {fc['origin']} (projected)")
    return Finding("forecast", text + ".", (PROJECTED,), FORECASTS["places"].covers, figs)


def key_findings(data, state, area: Area, *, market: dict | None = None, forecast: dict | None = None) -> list[Finding]:
    """The report's key findings for the area, in reading order (those without figures left out).
    ``market``/``forecast``: :func:`market_of` and :func:`forecast_of` when already computed."""
    out = [_places(data, state, area), _comparison(data, state, area), _gap(data, state, area),
           _distance(data, state, area), _quality(data, state, area),
           _market(data, area, market if market is not None else market_of(data, area)),
           _forecast(area, forecast if forecast is not None else forecast_of(data, area, "places"))]
    return [f for f in out if f is not None]
