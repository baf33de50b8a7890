"""Upload a council's own placements (CSV) and see their distance distribution.

Pure functions, no Dash: :func:`parse_upload` validates a file strictly and returns its rows
with a distance for each; :func:`upload_distribution` counts them by distance band;
:func:`publishable` applies disclosure control (counts below 5 suppressed) to everything
shown or exported. Nothing is written to disk or logged. See docs/uploads.md.
"""

from .columns import COLUMNS, DESCRIPTIONS, OPTIONAL, REQUIRED
from .disclosure import (
    EDGES,
    SUPPRESSED,
    SUPPRESSED_MEANING,
    UploadDistribution,
    export_frame,
    publishable,
    suppress_small,
    upload_distribution,
)
from .parse import MAX_BYTES, MAX_LISTED, MAX_ROWS, Issue, UploadError, UploadResult, parse_upload

__all__ = [
    "COLUMNS", "DESCRIPTIONS", "OPTIONAL", "REQUIRED", "EDGES", "SUPPRESSED", "SUPPRESSED_MEANING",
    "UploadDistribution", "export_frame", "publishable", "suppress_small", "upload_distribution",
    "MAX_BYTES", "MAX_LISTED", "MAX_ROWS", "Issue", "UploadError", "UploadResult", "parse_upload",
]
