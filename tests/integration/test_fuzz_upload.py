"""Property-based fuzzing of the placements upload (bounded for CI): random bytes, other
encodings, huge fields, missing or duplicated columns, formula-like strings and odd LA
codes each end in a refusal listing the problems or in accepted rows, never in a crash;
through the production app, never in a 500."""

from __future__ import annotations

import base64
import csv
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sufficiency.store import load
from sufficiency.config import EMBEDDED_DATA
from sufficiency.uploads import COLUMNS, UploadError, UploadResult, parse_upload
from sufficiency.uploads.example import example_csv

from tests.integration.fuzz_inputs import ODD_CELLS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES * 2, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
GAZ = load(EMBEDDED_DATA).gazetteer
SEED_ROWS = list(csv.reader(io.StringIO(example_csv(GAZ, rows=30))))


@st.composite
def extracts(draw) -> bytes:
    rows = [list(r) for r in SEED_ROWS]
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["cell", "cell", "drop", "dup", "rename", "huge", "blank"]))
        if not rows or not rows[0] or len(rows) < 2 or not all(rows[1:]):
            break
        col = draw(st.integers(0, len(rows[0]) - 1))
        if op == "cell":
            r = draw(st.integers(1, len(rows) - 1))
            rows[r][col % len(rows[r])] = draw(st.one_of(st.sampled_from(ODD_CELLS), st.text(max_size=30)))
        elif op == "drop":
            rows = [r[:col] + r[col + 1:] for r in rows]
        elif op == "dup":
            rows = [r[: col + 1] + r[col: col + 1] + r[col + 1:] for r in rows]
        elif op == "rename":
            rows[0][col % len(rows[0])] = draw(st.sampled_from(["", "Home Area", "=cmd", *COLUMNS]))
        elif op == "huge":
            rows[draw(st.integers(1, len(rows) - 1))][0] = "E" * 300_000
        else:
            rows.insert(draw(st.integers(0, len(rows))), [])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"])),
                                 errors="replace")


@FUZZ
@given(content=st.one_of(st.binary(max_size=4000), extracts()), name=st.sampled_from(["a.csv", "A.CSV", "a.xlsx", ""]))
def test_upload_is_refused_clearly_or_accepted(content, name):
    try:
        result = parse_upload(content, name, gazetteer=GAZ)
    except UploadError as err:
        assert err.issues and err.total >= 1
        assert str(err).startswith("The file was not accepted")
        return
    assert isinstance(result, UploadResult)
    assert set(result.frame.columns) >= {"home_area", "placement_area", "distance_miles"}


@FUZZ
@given(content=st.one_of(st.binary(max_size=2000), extracts()),
       prefix=st.sampled_from(["data:text/csv;base64,", "data:;base64,", "", "garbage,"]),
       corrupt=st.booleans())
def test_upload_callback_store_never_raises(content, prefix, corrupt):
    from sufficiency.app.sections.distance_panels import read_upload

    b64 = base64.b64encode(content).decode()
    if corrupt:
        b64 = b64[:-3] + "!!!"
    store = read_upload(prefix + b64, "extract.csv")
    assert store is None or store["ok"] in (True, False)
    if store and not store["ok"]:
        assert store["issues"] and all(i["message"] for i in store["issues"])


@pytest.fixture(scope="module")
def client():
    from sufficiency.app import create_app
    from sufficiency.server import harden

    return harden(create_app(EMBEDDED_DATA)).test_client()


@pytest.mark.parametrize("contents", [
    "data:text/csv;base64," + base64.b64encode(b"\x00\xff" * 100).decode(),
    "data:text/csv;base64,not base64 at all",
    "data:text/csv;base64," + base64.b64encode(b"home_area,home_area\n=1+1,@SUM(A1)\n").decode(),
    "data:text/csv;base64," + base64.b64encode(b"x" * 6_000_000).decode(),
    None, 12, ["a"],
])
def test_upload_callback_over_http_never_500(client, contents):
    from sufficiency.app.sections import distance_panels as dp

    body = {"output": f"{dp.UPLOAD_STORE_ID}.data", "outputs": {"id": dp.UPLOAD_STORE_ID, "property": "data"},
            "inputs": [{"id": dp.UPLOAD_ID, "property": "contents", "value": contents}],
            "state": [{"id": dp.UPLOAD_ID, "property": "filename", "value": "extract.csv"}],
            "changedPropIds": [f"{dp.UPLOAD_ID}.contents"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in ((400,) if contents is not None and not isinstance(contents, str) else (200, 204, 413)), \
        response.get_data(as_text=True)[:300]
    assert "Traceback" not in response.get_data(as_text=True)
