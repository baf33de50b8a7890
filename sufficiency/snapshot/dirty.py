"""The snapshot builder of ``make serve``: a gunicorn dirty app (gunicorn.conf.py).

gunicorn forks its dirty workers from the master after the app has loaded and warmed, so
each starts with the master's caches; :class:`SnapshotApp` builds the snapshots the web
workers hand it (:func:`sufficiency.snapshot.jobs.build`), one at a time per dirty worker,
at the snapshot processes' lower priority, and answers in the types gunicorn's dirty
protocol carries (bytes, text, numbers, None).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gunicorn.dirty import DirtyApp

from . import jobs


class SnapshotApp(DirtyApp):
    def init(self) -> None:
        jobs.become_builder()
        if os.environ.get("SUFFICIENCY_WARM", "years") != "first":
            from . import charts

            charts.warm_up(draw=True)  # the chart browser starts now, not at the first report

    def build(self, folder: str, query: str, fmt: str, base_url: str, upload=None) -> dict:
        from .pdf import PdfUnavailable

        try:
            snap = jobs.build_here(folder, query, fmt, base_url, upload)
        except PdfUnavailable as err:
            return {"unavailable": str(err)}
        return {"content": snap.content, "filename": snap.filename, "mime": snap.mime, "seconds": snap.seconds,
                "note": snap.note}

    def close(self) -> None:
        from . import charts, pdf

        charts.stop()
        pdf.stop()


def arbiter_pid(port: int | str) -> int | None:
    """The pid of the dirty arbiter of the ``make serve`` listening on ``port``, from the pid
    file gunicorn writes for it (named after gunicorn.conf.py's ``proc_name``), or None."""
    try:
        return int(Path(tempfile.gettempdir(), f"gunicorn-dirty-sufficiency-{port}.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def web_workers(master, port: int | str) -> list:
    """The web worker processes among the children of gunicorn's ``master`` (psutil): all but
    the dirty arbiter."""
    dirty = arbiter_pid(port)
    return [p for p in master.children() if p.pid != dirty]
