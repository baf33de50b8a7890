"""What each market figure is called, its unit, its basis and what it covers: for tables and charts.

Every market figure is *derived* from Ofsted's published or rebuilt lists, or *observed*
(counts as listed); the need measures take their labels and bases from the measure engine's
registry. None is modelled. :func:`covers` says what a figure
counts, in words, with the list status of the year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..engine import measure
from ..vocab import PROVISION_TYPES, SECTORS
from .concentration import DEFAULT_BANDS, HHI_BANDS
from .need import NEED


@dataclass(frozen=True)
class Column:
    label: str
    unit: str
    basis: str = "derived"  # observed, derived, estimated, modelled or projected
    note: str = ""


_BANDS = HHI_BANDS[DEFAULT_BANDS]
COLUMNS: dict[str, Column] = {
    "owner": Column("Owner (organisation named by Ofsted)", "", "observed",
                    "Spellings merged across years; companies of one group are separate owners"),
    "rank": Column("Rank by registered places", "rank"),
    "owners": Column("Owners", "organisations"),
    "homes": Column("Children's homes", "homes", "observed"),
    "places": Column("Registered places", "places", "observed"),
    "share": Column("Share of the area's registered places", "fraction 0-1"),
    "share_baseline": Column("Share of the area's registered places in the baseline year", "fraction 0-1"),
    "places_baseline": Column("Registered places in the baseline year", "places", "observed"),
    "places_change_since_baseline": Column("Change in registered places since the baseline year", "places"),
    "share_change_since_baseline": Column("Change in share since the baseline year", "fraction 0-1"),
    "places_previous": Column("Registered places a year before", "places", "observed"),
    "pct_good_or_better": Column("Homes rated good or outstanding", "% of homes with a grade"),
    "hhi": Column("Herfindahl-Hirschman index of registered places", "0-10,000",
                  note=f"Bands ({_BANDS.source}): below {_BANDS.moderate:,.0f} {_BANDS.labels[0]}, "
                       f"{_BANDS.moderate:,.0f}-{_BANDS.high:,.0f} {_BANDS.labels[1]}, above {_BANDS.high:,.0f} "
                       f"{_BANDS.labels[2]}. A lower bound where owners are not published."),
    "hhi_band": Column("Concentration band", ""),
    "top1_share": Column("Share of places held by the largest owner", "fraction 0-1"),
    "top5_share": Column("Share of places held by the 5 largest owners", "fraction 0-1"),
    "top10_share": Column("Share of places held by the 10 largest owners", "fraction 0-1"),
    "homes_owner_unknown": Column("Homes whose owner is not published", "homes"),
    "places_owner_unknown": Column("Places in homes whose owner is not published", "places"),
    **{f"homes_{g}": Column(f"Homes rated {t.lower()}" if g != "no_rating" else "Homes without a grade", "homes",
                            "observed")
       for g, t in (("outstanding", "Outstanding"), ("good", "Good"),
                    ("requires_improvement", "Requires improvement to be good"), ("inadequate", "Inadequate"),
                    ("no_rating", ""))},
    "homes_opened": Column("Homes opened", "homes", note="In the list at 31 March, not in the list a year before"),
    "places_opened": Column("Places in homes opened", "places"),
    "homes_opened_registered": Column("Homes opened with a registration date in the year", "homes"),
    "homes_closed": Column("Homes closed", "homes", note="In the list a year before, not in the list at 31 March"),
    "places_closed": Column("Places in homes closed", "places"),
    "homes_moved_net": Column("Homes moved in from other councils, net", "homes",
                              note="Almost all at council reorganisations"),
    "places_moved_net": Column("Places in homes moved in from other councils, net", "places"),
    "homes_reclassified_net": Column("Homes reclassified into the sectors and types chosen, net", "homes"),
    "places_reclassified_net": Column("Places in homes reclassified into the sectors and types chosen, net", "places"),
    "places_changed": Column("Change in registered places of homes open in both years", "places"),
    "homes_change": Column("Change in children's homes over the year", "homes"),
    "places_change": Column("Change in registered places over the year", "places"),
    "places_opened_per_10k": Column("Places opened per 10,000 children aged 0-17", "per 10,000 children"),
    "opened_pct_of_places": Column("Places opened as a share of the places at the start", "%"),
    **{key: Column(measure(key).label, measure(key).unit, measure(key).basis, measure(key).covers_text)
       for key in NEED},
    "spearman": Column("Rank correlation (Spearman) across LAs", "-1 to 1"),
    "pearson": Column("Linear correlation (Pearson) across LAs", "-1 to 1"),
}


def covers(year: int, list_status: str, sectors: Iterable[str] | None = None,
           provision_types: Iterable[str] | None = ("childrens_home",), previous_status: str | None = None) -> str:
    """What a market figure of ``year`` counts, in words, with how the year's list was obtained."""
    sectors = list(sectors) if sectors is not None else list(SECTORS)
    types = list(provision_types) if provision_types is not None else list(PROVISION_TYPES)
    what = " and ".join(PROVISION_TYPES[t] for t in types)
    who = "all sectors" if set(sectors) == set(SECTORS) else ", ".join(s.lower() for s in sectors) + " sector"
    how = "list rebuilt from joiners and leavers" if list_status == "rebuilt" else "published list"
    text = f"{what}, {who}, at 31 March {year}; derived from Ofsted's {how}"
    if previous_status is not None:
        before = "rebuilt" if previous_status == "rebuilt" else "published"
        text += f" and the {before} list of 31 March {year - 1}"
    return text
