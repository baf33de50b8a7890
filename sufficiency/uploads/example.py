"""A made-up placements file for trying the upload (deterministic synthetic rows, no real
children: every run with the same arguments writes the same file), and the template: the
header line alone."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import columns as C

#: Postcode districts used for a few rows that give a recorded distance instead of LA codes.
DISTRICTS = ("B15", "B23", "B29", "B44")
TYPES = ("childrens_home",) * 6 + ("secure_childrens_home", "rss_childrens_home", "foster", "other")
SECTORS = ("private",) * 7 + ("local_authority", "local_authority", "voluntary")


def example_rows(gazetteer: pd.DataFrame, rows: int = 400, home: str = "E08000025", year: int = 2025,
                 seed: int = 2025) -> pd.DataFrame:
    """``rows`` synthetic placements of children from ``home``: placement LAs drawn with a
    probability falling with distance (half-life about 17 miles), a mix of placement types
    and sectors, distances recorded for about half the rows."""
    from ..distance import distance_matrix

    codes, miles = distance_matrix(gazetteer, year)
    if home not in codes:
        raise ValueError(f"{home} is not a local authority of {year}")
    rng = np.random.default_rng(seed)
    d = miles[codes.index(home)]
    weight = np.exp(-d / 25.0)
    placed = rng.choice(len(codes), size=rows, p=weight / weight.sum())
    recorded = rng.random(rows) < 0.5
    dist = np.round(d[placed] * rng.uniform(0.8, 1.2, rows), 1)
    frame = pd.DataFrame({
        C.HOME: home,
        C.PLACEMENT: np.asarray(codes, dtype=object)[placed],
        C.TYPE: rng.choice(TYPES, rows),
        C.SECTOR: rng.choice(SECTORS, rows),
        C.MILES: np.where(recorded, dist.astype(str), ""),
    })
    district = recorded & (rng.random(rows) < 0.15)
    frame.loc[district, C.HOME] = rng.choice(DISTRICTS, int(district.sum()))
    return frame


def example_csv(gazetteer: pd.DataFrame, **kw) -> str:
    return example_rows(gazetteer, **kw).to_csv(index=False, lineterminator="\n")


def template_csv() -> str:
    """The upload's columns as a header line, to fill in."""
    return ",".join(C.COLUMNS) + "\r\n"
