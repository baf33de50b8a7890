"""What is forecast, over which years, and the words for it: declared once.

Every forecast figure is *projected*; history figures keep their own basis (observed, or
estimated where DfE's figure for a reorganised council was apportioned).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import LAST_YEAR
from ..vocab import SECTOR_SLUGS

#: Rolling origins of the reported backtest, and its horizons (years ahead).
BACKTEST_ORIGINS = tuple(range(2018, 2024))
HORIZONS = (1, 2, 3, 4, 5)
#: The forecast's origin (the last published year) and the years it projects.
ORIGIN = LAST_YEAR
FORECAST_YEARS = tuple(ORIGIN + h for h in HORIZONS)
#: Interval levels (central prediction intervals).
LEVELS = (80, 95)
#: Probabilities of the stored error quantiles (0.5% to 99.5% in 0.5% steps).
PROBS = tuple(round(0.005 * k, 3) for k in range(1, 200))
#: Sample size of the simulated sums, and the fixed seed that makes them reproducible.
SIMULATIONS = 1000
SEED = 20250331
BASIS = "projected"

SECTORS = tuple(SECTOR_SLUGS.values())  # local_authority, private, voluntary, health_authority


@dataclass(frozen=True)
class ForecastMeasure:
    key: str
    label: str
    covers: str  # which children or places the figure counts
    unit: str
    first_year: int  # first year of a comparable published series
    min_years: int  # published values a series needs, ending at the origin, to be forecast
    #: errors relative (on the log(1 + y) scale) or in counts: places jump by a home's four or
    #: five places at once, which on the log scale of a small sector is a huge error
    log_errors: bool = True
    fitted_from: int | None = None  # first year of the series its model is fitted on, if not its own
    #: intervals centred on the point forecast, or keeping the backtest's median error: supply's
    #: was positive at every origin (private homes opened faster than forecast), children's changed sign
    centred: bool = True


MEASURES: dict[str, ForecastMeasure] = {
    m.key: m
    for m in (
        ForecastMeasure(
            "cla",
            "Children looked after at 31 March",
            "all children looked after by the LA at 31 March (DfE), UASC included",
            "children",
            2014,
            3,
        ),
        ForecastMeasure(
            "cla_ch",
            "Children looked after in secure homes and children's homes at 31 March",
            "the LA's children looked after placed in secure homes and children's homes (DfE LA characteristics, "
            "comparable from 2021)",
            "children",
            2021,
            2,
            fitted_from=2014,
        ),
        ForecastMeasure(
            "homes",
            "Children's homes",
            "children's homes registered with Ofsted in the LA at 31 March (secure homes and residential special "
            "schools not included), all sectors",
            "homes",
            2014,
            3,
            centred=False,
        ),
        ForecastMeasure(
            "places",
            "Registered places in children's homes",
            "registered places in children's homes in the LA at 31 March (Ofsted), all sectors",
            "places",
            2014,
            3,
            log_errors=False,
            centred=False,
        ),
        ForecastMeasure(
            "gap",
            "Gap: children in secure homes and children's homes minus registered places",
            "the LA's children in secure homes and children's homes minus registered children's-home places in the "
            "LA, over the same LAs on both sides",
            "children minus places",
            2021,
            2,
        ),
    )
}
#: Measures forecast directly (the gap is their difference).
SERIES_MEASURES = ("cla", "cla_ch", "homes", "places")
#: Supply measures, forecast by sector and summed.
SUPPLY_MEASURES = ("homes", "places")
