"""An equal-area hex-tile layout of England's LAs: one congruent hexagon per council.

Method (all steps deterministic, no random numbers):

1. **Slots.** One layout is computed for the union of the 163 council codes of
   2014-2025, so that a council keeps its tile in every year it exists. Codes that never
   coexist share a *slot* (a cell): an ONS recode (Buckinghamshire, North Yorkshire,
   Somerset, Barnsley, Sheffield) and, for mergers and splits, each successor is paired
   with its nearest predecessor (Dorset CC with Dorset UA, Northamptonshire with West
   Northamptonshire, ...). The slot sits at its latest council's gazetteer point.
2. **Relaxation.** The points are spread by a Dorling-style relaxation: a minimum
   distance grows to one tile spacing while overlapping pairs push apart (steps capped),
   and springs along the short edges of the points' Delaunay triangulation pull
   geographic neighbours back together, so the shape stays compact and neighbours
   stay neighbours. London's 33 boroughs open out to one tile each.
3. **Assignment.** Slots go to cells of a pointy-top hex lattice (axial ``q``, ``r``)
   near the relaxed points by an optimal assignment
   (``scipy.optimize.linear_sum_assignment``) on squared distance, plus a small pull
   towards the slot's region centre.
4. **Repair.** Tiles cut off from their region are swapped or moved one cell at a time
   while that lowers (region pieces, distance to geographic neighbours).

The tile spacing is chosen so that the tiles' total area equals England's; the
coordinates are British National Grid metres, so the layout overlays England roughly.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
from shapely.geometry import Polygon

from ..geography.reorganisations import CHANGES

SQRT3 = math.sqrt(3.0)
#: Axial neighbour offsets, counter-clockwise from east (0, 60, ..., 300 degrees).
DIRECTIONS: tuple[tuple[int, int], ...] = ((1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1))

ITERATIONS = 300  # relaxation steps
GROW = 150  # steps over which the minimum distance grows to one spacing
STEP_CAP = 0.05  # largest move per step, in spacings
SPRING = 0.2  # spring stiffness along Delaunay edges
EDGE_MAX = 2.0  # Delaunay edges longer than this (in spacings) get no spring
CANDIDATE_RADIUS = 1.0  # cells within this many spacings of a relaxed point are candidates
REGION_PULL = 0.3  # weight of the pull towards the region's relaxed centre
REPAIR_ROUNDS = 4
PIECE_COST = 8  # one more region piece costs as much as eight steps of neighbour distance

COLUMNS = ["code", "name", "region_code", "slot", "q", "r", "cx", "cy", "geometry"]


# --------------------------------------------------------------------------- slots


def _slots(gaz: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer with a ``slot`` number: codes sharing a slot never coexist."""
    gaz = gaz.sort_values("code").reset_index(drop=True)
    pos = {c: (x, y) for c, x, y in zip(gaz["code"], gaz["x"], gaz["y"])}
    parent = {c: c for c in gaz["code"]}

    def find(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    linked_old: set[str] = set()
    linked_new: set[str] = set()
    pairs = []
    for ch in CHANGES:
        for new in ch.new:
            if ch.old in pos and new in pos:
                rank = 0 if ch.kind == "recode" else 1
                dist = math.dist(pos[ch.old], pos[new])
                pairs.append((rank, dist, ch.old, new))
    for _, _, old, new in sorted(pairs):
        if old in linked_old or new in linked_new:
            continue
        linked_old.add(old)
        linked_new.add(new)
        parent[find(old)] = find(new)
    gaz["slot_key"] = [find(c) for c in gaz["code"]]
    # The slot's point is that of its latest council.
    latest = gaz.sort_values(["end", "start", "code"]).groupby("slot_key").tail(1)
    order = latest.sort_values("slot_key")["slot_key"].tolist()
    number = {k: i for i, k in enumerate(order)}
    gaz["slot"] = gaz["slot_key"].map(number)
    for _, grp in gaz.groupby("slot"):
        years = sorted((s, e) for s, e in zip(grp["start"], grp["end"]))
        for (s1, e1), (s2, _) in zip(years, years[1:]):
            if s2 <= e1:  # pragma: no cover - guards the pairing rule above
                raise ValueError(f"councils sharing a tile overlap in time: {list(grp['code'])}")
    anchor = latest.set_index("slot_key")
    gaz["sx"] = gaz["slot_key"].map(anchor["x"])
    gaz["sy"] = gaz["slot_key"].map(anchor["y"])
    gaz["s_region"] = gaz["slot_key"].map(anchor["region_code"])
    return gaz.drop(columns="slot_key")


# ---------------------------------------------------------------------- relaxation


def _delaunay_edges(points: np.ndarray, max_len: float) -> np.ndarray:
    from scipy.spatial import Delaunay

    tri = Delaunay(points)
    s = tri.simplices
    edges = np.vstack([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
    edges = np.unique(np.sort(edges, axis=1), axis=0)
    length = np.hypot(*(points[edges[:, 0]] - points[edges[:, 1]]).T)
    return edges[length < max_len]


def relax(points: np.ndarray, spacing: float) -> np.ndarray:
    """Spread ``points`` (n x 2, metres) until no two are much closer than ``spacing``."""
    from scipy.spatial import cKDTree

    edges = _delaunay_edges(points, EDGE_MAX * spacing)
    p = points.astype(float).copy()
    for it in range(ITERATIONS):
        dmin = spacing * min(1.0, (it + 1) / GROW)
        step = np.zeros_like(p)
        pairs = cKDTree(p).query_pairs(dmin, output_type="ndarray")
        if len(pairs):
            v = p[pairs[:, 0]] - p[pairs[:, 1]]
            length = np.maximum(np.hypot(v[:, 0], v[:, 1]), 1e-6)
            f = ((dmin - length) / 2 / length)[:, None] * v
            np.add.at(step, pairs[:, 0], f)
            np.add.at(step, pairs[:, 1], -f)
        if it >= GROW // 2 and len(edges):
            v = p[edges[:, 1]] - p[edges[:, 0]]
            length = np.maximum(np.hypot(v[:, 0], v[:, 1]), 1e-6)
            f = (SPRING * np.clip(length - dmin, 0, None) / 2 / length)[:, None] * v
            np.add.at(step, edges[:, 0], f)
            np.add.at(step, edges[:, 1], -f)
        size = np.hypot(step[:, 0], step[:, 1])
        p += step * np.minimum(1.0, STEP_CAP * spacing / np.maximum(size, 1e-9))[:, None]
    return p


# ---------------------------------------------------------------------- the lattice


def cell_centre(q, r, spacing: float, origin: tuple[float, float]):
    """Centre of axial cell (q, r) of a pointy-top lattice (works on arrays)."""
    return origin[0] + spacing * (np.asarray(q) + np.asarray(r) / 2), origin[1] + spacing * SQRT3 / 2 * np.asarray(r)


def hexagon(cx: float, cy: float, spacing: float) -> Polygon:
    """The pointy-top hexagon of a cell (circumradius spacing / sqrt 3)."""
    rad = spacing / SQRT3
    return Polygon([(cx + rad * math.cos(math.radians(30 + 60 * k)), cy + rad * math.sin(math.radians(30 + 60 * k))) for k in range(6)])


def hex_distance(q1, r1, q2, r2):
    dq, dr = np.asarray(q1) - np.asarray(q2), np.asarray(r1) - np.asarray(r2)
    return (np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2


def _assign(p: np.ndarray, regions: np.ndarray, spacing: float, origin) -> tuple[np.ndarray, np.ndarray]:
    from scipy.optimize import linear_sum_assignment

    h = spacing * SQRT3 / 2
    rr = np.arange(math.floor((p[:, 1].min() - origin[1]) / h) - 2, math.ceil((p[:, 1].max() - origin[1]) / h) + 3)
    qq = np.arange(
        math.floor((p[:, 0].min() - origin[0]) / spacing - rr.max() / 2) - 2,
        math.ceil((p[:, 0].max() - origin[0]) / spacing - rr.min() / 2) + 3,
    )
    Q, R = (a.ravel() for a in np.meshgrid(qq, rr))
    C = np.column_stack(cell_centre(Q, R, spacing, origin))
    d2 = ((p[:, None, :] - C[None, :, :]) ** 2).sum(-1)
    keep = (d2 < (CANDIDATE_RADIUS * spacing) ** 2).any(0)
    C, Q, R, cost = C[keep], Q[keep], R[keep], d2[:, keep]
    for reg in np.unique(regions):
        mask = regions == reg
        cost[mask] += REGION_PULL * ((C - p[mask].mean(0)) ** 2).sum(1)[None, :]
    rows, cols = linear_sum_assignment(cost)
    q, r = np.empty(len(p), int), np.empty(len(p), int)
    q[rows], r[rows] = Q[cols], R[cols]
    return q, r


# -------------------------------------------------------------------------- repair


def pieces(q, r, groups) -> dict:
    """Connected pieces (edge-adjacent tiles) of each group: {group: count}."""
    cells = {(a, b): g for a, b, g in zip(q, r, groups)}
    seen: set = set()
    out: dict = {}
    for start, g in cells.items():
        if start in seen:
            continue
        out[g] = out.get(g, 0) + 1
        stack = [start]
        seen.add(start)
        while stack:
            a, b = stack.pop()
            for dq, dr in DIRECTIONS:
                nb = (a + dq, b + dr)
                if nb not in seen and cells.get(nb) == g:
                    seen.add(nb)
                    stack.append(nb)
    return out


def _score(q, r, regions, nn) -> int:
    """PIECE_COST per region piece plus the tiles' hex distances to their geographic neighbours."""
    return PIECE_COST * sum(pieces(q, r, regions).values()) + int(hex_distance(q[:, None], r[:, None], q[nn], r[nn]).sum())


def _own(cell, i, q, r, nn) -> int:
    """Hex distance from ``cell`` to tile ``i``'s geographic neighbours, summed."""
    return int(hex_distance(cell[0], cell[1], q[nn[i]], r[nn[i]]).sum())


def _fragments(q, r, regions) -> list[int]:
    """Tiles outside the largest piece of their region, smallest pieces first."""
    cells = {(a, b): i for i, (a, b) in enumerate(zip(q, r))}
    label = -np.ones(len(q), int)
    sizes = []
    for i in range(len(q)):
        if label[i] >= 0:
            continue
        label[i] = len(sizes)
        stack, n = [i], 0
        while stack:
            k = stack.pop()
            n += 1
            for dq, dr in DIRECTIONS:
                j = cells.get((q[k] + dq, r[k] + dr))
                if j is not None and label[j] < 0 and regions[j] == regions[k]:
                    label[j] = label[i]
                    stack.append(j)
        sizes.append(n)
    sizes = np.array(sizes)
    biggest = {g: max(sizes[label[regions == g]]) for g in np.unique(regions)}
    out = [i for i in range(len(q)) if sizes[label[i]] < biggest[regions[i]]]
    return sorted(out, key=lambda i: (sizes[label[i]], i))


def _repair(q: np.ndarray, r: np.ndarray, regions: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move tiles cut off from their region to a free cell on its edge (at most four cells
    away) while that lowers (region pieces, distance to geographic neighbours)."""
    from scipy.spatial import cKDTree

    nn = cKDTree(points).query(points, k=min(7, len(points)))[1][:, 1:]
    q, r = q.copy(), r.copy()
    best = _score(q, r, regions, nn)
    for _ in range(REPAIR_ROUNDS):
        improved = False
        for i in _fragments(q, r, regions):
            where = {(a, b): k for k, (a, b) in enumerate(zip(q, r))}
            same = np.flatnonzero((regions == regions[i]) & (np.arange(len(q)) != i))
            targets = {(q[k] + dq, r[k] + dr) for k in same for dq, dr in DIRECTIONS}
            for cell in sorted(targets):
                if hex_distance(cell[0], cell[1], q[i], r[i]) > 4:
                    continue
                if cell in where or _own(cell, i, q, r, nn) > _own((q[i], r[i]), i, q, r, nn) + 1:
                    continue
                q2, r2 = q.copy(), r.copy()
                q2[i], r2[i] = cell
                sc = _score(q2, r2, regions, nn)
                if sc < best:
                    q, r, best, improved = q2, r2, sc, True
                    break
        if not improved:
            break
    return q, r


# ------------------------------------------------------------------------- layouts


def _frame(key: tuple) -> pd.DataFrame:
    cols = ["code", "name", "region_code", "start", "end", "x", "y", "area_km2"]
    return pd.DataFrame(list(key), columns=cols)


def gazetteer_key(gaz: pd.DataFrame) -> tuple:
    """A hashable summary of the gazetteer columns the layout depends on."""
    cols = ["code", "name", "region_code", "start", "end", "x", "y", "area_km2"]
    return tuple(tuple(row) for row in gaz[cols].sort_values("code").itertuples(index=False, name=None))


@lru_cache(maxsize=4)
def _union(key: tuple) -> tuple[pd.DataFrame, float]:
    gaz = _slots(_frame(key))
    slots = gaz.drop_duplicates("slot").sort_values("slot")
    pts = slots[["sx", "sy"]].to_numpy(float)
    regions = slots["s_region"].to_numpy()
    last = gaz["end"].max()
    area = gaz.loc[gaz["end"] == last, "area_km2"].sum() * 1e6
    spacing = math.sqrt(area / len(pts) / (SQRT3 / 2))
    origin = (round(pts[:, 0].mean(), -3), round(pts[:, 1].mean(), -3))
    relaxed = relax(pts, spacing)
    q, r = _assign(relaxed, regions, spacing, origin)
    q, r = _repair(q, r, regions, pts)
    cells = pd.DataFrame({"slot": slots["slot"].to_numpy(), "q": q, "r": r})
    cx, cy = cell_centre(q, r, spacing, origin)
    cells["cx"], cells["cy"] = np.round(cx, 1), np.round(cy, 1)
    cells["geometry"] = [hexagon(x, y, spacing) for x, y in zip(cells["cx"], cells["cy"])]
    out = gaz.merge(cells, on="slot", how="left", validate="many_to_one")
    return out, spacing


def union_layout(gazetteer: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every council code of 2014-2025 with its cell (codes that never coexist may share one)."""
    out, _ = _union(gazetteer_key(_gazetteer(gazetteer)))
    return out[COLUMNS + ["start", "end"]].copy()


def tile_spacing(gazetteer: pd.DataFrame | None = None) -> float:
    """Centre-to-centre distance of neighbouring tiles, in metres."""
    return _union(gazetteer_key(_gazetteer(gazetteer)))[1]


@lru_cache(maxsize=32)
def _year(year: int, key: tuple) -> pd.DataFrame:
    out, _ = _union(key)
    sel = out[(out["start"] <= year) & (out["end"] >= year)]
    return sel[COLUMNS].sort_values("code").reset_index(drop=True)


def hex_layout(year: int, gazetteer: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tiles of the LAs of ``year``: code, name, region_code, slot, q, r, cx, cy, geometry.

    ``q``/``r`` are axial coordinates of a pointy-top lattice; ``cx``/``cy`` the tile
    centre in BNG-like metres; ``geometry`` a shapely hexagon (all congruent). Cached per
    year; the gazetteer defaults to the project's (see :func:`default_gazetteer`).
    """
    return _year(int(year), gazetteer_key(_gazetteer(gazetteer))).copy()


def _gazetteer(gazetteer: pd.DataFrame | None) -> pd.DataFrame:
    return default_gazetteer() if gazetteer is None else gazetteer


@lru_cache(maxsize=1)
def default_gazetteer() -> pd.DataFrame:
    """The built ``gazetteer.csv`` of the app data when present, else built from the raw files."""
    from ..config import app_data_dir, raw_data_dir
    from ..geography.gazetteer import build_gazetteer, load_gazetteer

    if (app_data_dir() / "gazetteer.csv").exists():
        return load_gazetteer(app_data_dir())
    return build_gazetteer(raw_data_dir())
