"""The snapshot as a zip of CSV files, for R and Python: one CSV per table (UTF-8, header
row, missing values empty, codes as text), ``about.csv`` and ``README.txt`` (the About
text), ``sources.csv``, and the report's charts as PNG and SVG in ``charts/``. Every cell goes through ``safe_frame``."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from .about import About
from ..safety import csv_text as _csv
from .safety import safe_frame

MIME = "application/zip"


def csv_name(sheet: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", sheet.lower()).strip("_") or "table"
    name, n = f"{base}.csv", 2
    while name in used:
        name, n = f"{base}_{n}.csv", n + 1
    used.add(name)
    return name


def csv_text(frame: pd.DataFrame) -> str:
    return _csv(safe_frame(frame))


def to_zip(tables: dict[str, pd.DataFrame], about: About, *, folder: str = "",
           images: dict[str, bytes] | None = None) -> bytes:
    """The zip's bytes. ``folder``: a folder name inside the zip (none by default);
    ``images``: chart images by file name inside the folder (``charts/map.png``...)."""
    prefix = f"{folder.strip('/')}/" if folder else ""
    used: set[str] = {"about.csv", "sources.csv"}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(prefix + "README.txt", about.text())
        about_rows = pd.DataFrame(about.rows(), columns=["item", "value"])
        zf.writestr(prefix + "about.csv", csv_text(about_rows))
        zf.writestr(prefix + "sources.csv", csv_text(about.sources))
        index = []
        for sheet, frame in tables.items():
            name = csv_name(sheet, used)
            zf.writestr(prefix + name, csv_text(frame))
            index.append({"file": name, "sheet": sheet, "title": frame.attrs.get("title", ""), "rows": len(frame)})
        for name, image in sorted((images or {}).items()):
            zf.writestr(prefix + name, image)
        zf.writestr(prefix + "index.csv", csv_text(pd.DataFrame(index, columns=["file", "sheet", "title", "rows"])))
    return buf.getvalue()
