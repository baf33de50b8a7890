"""How well the hex layout keeps geography: neighbour preservation and region pieces."""

from __future__ import annotations

import pandas as pd

from .hexgrid import hex_distance, pieces


def knn_within(layout: pd.DataFrame, gazetteer: pd.DataFrame, k: int = 6, within: int = 2) -> dict:
    """For each LA's ``k`` geographically nearest LAs (gazetteer points, same year), the
    share lying within ``within`` tiles in the layout.

    Returns ``share`` (over all LA-neighbour pairs), ``majority`` (share of LAs with more
    than half of their neighbours within reach) and ``adjacent`` (share at one tile).
    """
    from scipy.spatial import cKDTree

    pts = gazetteer.set_index("code").loc[layout["code"], ["x", "y"]].to_numpy(float)
    nn = cKDTree(pts).query(pts, k=k + 1)[1][:, 1:]
    q, r = layout["q"].to_numpy(), layout["r"].to_numpy()
    dist = hex_distance(q[:, None], r[:, None], q[nn], r[nn])
    return {
        "share": float((dist <= within).mean()),
        "majority": float(((dist <= within).sum(1) > k / 2).mean()),
        "adjacent": float((dist <= 1).mean()),
    }


def region_pieces(layout: pd.DataFrame, by: str = "region_code") -> dict[str, int]:
    """Connected pieces of tiles (sharing an edge) of each region."""
    return pieces(layout["q"].to_numpy(), layout["r"].to_numpy(), layout[by].to_numpy())


def summary(layout: pd.DataFrame, gazetteer: pd.DataFrame) -> dict:
    """The quality figures of one year's layout, as reported in docs/maps.md."""
    reg = region_pieces(layout)
    return {
        "tiles": len(layout),
        **knn_within(layout, gazetteer),
        "region_pieces": int(sum(reg.values())),
        "regions": len(reg),
        "london_pieces": int(reg.get("E12000007", 0)),
    }

