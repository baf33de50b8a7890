"""The request limits of the production app (sufficiency.request_guard): sizes, paths and
the shape of callback requests, each refused at once with a client error, one log line and
no traceback (issue reproductions: 20-45 MB search strings, bodies that are not objects,
unknown outputs, deep nesting, 1e999, a path climbing out of the component suites)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from sufficiency.app import create_app
from sufficiency.config import EMBEDDED_DATA
from sufficiency.request_guard import MAX_URL, PEEK, SMALL_BODY, UPLOAD_BODY
from sufficiency.server import harden
from sufficiency.uploads.example import example_csv
from sufficiency.uploads.parse import default_gazetteer

from tests.integration.callback_bodies import body, find

CALLBACK = "/_dash-update-component"


@pytest.fixture(scope="module")
def app():
    return create_app(EMBEDDED_DATA)


@pytest.fixture(scope="module")
def client(app):
    return harden(app).test_client()


@pytest.fixture(scope="module")
def page_key(app):
    return find(app.callback_map, inputs=("search",))


@pytest.fixture(scope="module")
def upload_key(app):
    return find(app.callback_map, inputs=("contents",))


class Counting(io.RawIOBase):
    """A request body that counts how much of it the server read."""

    def __init__(self, data: bytes):
        self.data, self.read_bytes = io.BytesIO(data), 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        return self.data.seek(offset, whence)

    def tell(self):
        return self.data.tell()

    def readinto(self, buffer):
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.read_bytes += len(chunk)
        return len(chunk)


def _post(client, data: bytes, path: str = CALLBACK):
    stream = Counting(data)
    response = client.post(path, input_stream=stream, content_length=len(data), content_type="application/json")
    return response, stream.read_bytes


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def _refused_once(log, status: int) -> str:
    """The one log line of a refusal: a warning, no traceback, nothing logged as an error."""
    lines = [r for r in log.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].levelno == logging.WARNING and not lines[0].exc_info
    assert f"with {status}:" in lines[0].getMessage()
    return lines[0].getMessage()


# --- item 2: sizes ----------------------------------------------------------------------


@pytest.mark.parametrize("mb", [20, 45])
def test_a_page_callback_with_a_huge_search_is_refused_unread(client, app, page_key, log, mb):
    data = json.dumps(body(app.callback_map, page_key, search="?year=2020&" + "x" * (mb * 1_000_000))).encode()
    response, read = _post(client, data)
    assert response.status_code == 413 and response.get_json()["reason"].startswith("the body is larger than")
    assert read <= PEEK  # refused at once: at most the start of the body was read
    _refused_once(log, 413)


def test_a_search_longer_than_the_cap_is_refused_before_it_is_parsed(client, app, page_key, log):
    data = json.dumps(body(app.callback_map, page_key, search="?year=2020&" + "x" * 5000)).encode()
    assert len(data) < SMALL_BODY
    response, _ = _post(client, data)
    assert response.status_code == 400
    assert response.get_json()["reason"] == "the value of inputs 0 (search) is longer than 4,096 characters"
    _refused_once(log, 400)


def test_only_the_upload_callback_takes_a_large_body(client, app, page_key, upload_key, log):
    import base64

    big = json.dumps({**body(app.callback_map, page_key, search="?year=2020"), "padding": "x" * 200_000}).encode()
    response, read = _post(client, big)
    assert response.status_code == 413 and read <= PEEK
    assert response.get_json()["reason"] == f"the body is larger than {SMALL_BODY:,} bytes and is not a file upload"
    csv = example_csv(default_gazetteer(), rows=40_000).encode()  # about 1.9 MB: a real, large upload
    contents = "data:text/csv;base64," + base64.b64encode(csv).decode()
    upload = json.dumps(body(app.callback_map, upload_key, contents=contents, filename="placements.csv")).encode()
    assert SMALL_BODY < len(upload) < UPLOAD_BODY
    response, read = _post(client, upload)
    assert response.status_code == 200 and read == len(upload)
    assert json.loads(response.get_data())["response"]


def test_an_upload_over_the_cap_is_refused_unread(client, app, upload_key, log):
    data = json.dumps(body(app.callback_map, upload_key, contents="data:text/csv;base64," + "A" * UPLOAD_BODY,
                           filename="p.csv")).encode()
    response, read = _post(client, data)
    assert response.status_code == 413 and read == 0
    _refused_once(log, 413)


def test_other_requests_take_only_small_bodies(client, log):
    response, read = _post(client, b"x" * (SMALL_BODY + 1), path="/")
    assert response.status_code == 413 and read == 0
    assert "Sorry, that request was too large" in response.get_data(as_text=True)


def test_an_address_over_the_limit_is_refused(client, log):
    response = client.get("/?year=2020&" + "x" * MAX_URL)
    assert response.status_code == 414
    _refused_once(log, 414)


# --- item 3: client errors are 400, not 500 ---------------------------------------------


def _bad_bodies(callback_map, page_key) -> dict[str, bytes]:
    good = body(callback_map, page_key, search="?year=2020")
    scenario = find(callback_map, state_has="value")
    places = json.dumps(body(callback_map, scenario, n_clicks=1, value="PLACES", search="?view=distance"))
    wrong_id = json.loads(json.dumps(good))
    wrong_id["inputs"][0]["id"] = "not-a-component"
    return {
        "null": b"null", "list": b"[]", "number": b"123", "NaN": b"NaN",
        "missing output": json.dumps({k: v for k, v in good.items() if k != "output"}).encode(),
        "unknown output": json.dumps({**good, "output": "no-such-component.children"}).encode(),
        "wrong input id": json.dumps(wrong_id).encode(),
        "inputs missing": json.dumps({**good, "inputs": []}).encode(),
        "search a number": json.dumps(body(callback_map, page_key, search=5)).encode(),
        "search a list": json.dumps(body(callback_map, page_key, search=["?year=2020"])).encode(),
        "search an object": json.dumps(body(callback_map, page_key, search={"year": 2020})).encode(),
        "1,000-deep nesting": json.dumps({**good, "state": "DEEP"}).replace('"DEEP"', "[" * 1000 + "]" * 1000).encode(),
        "scenario places 1e999": places.replace('"PLACES"', "1e999").encode(),
        "changedPropIds not JSON": json.dumps({**good, "changedPropIds": ["{bad.n_clicks"]}).encode(),
    }


@pytest.mark.parametrize("case", ["null", "list", "number", "NaN", "missing output", "unknown output", "wrong input id",
                                  "inputs missing", "search a number", "search a list", "search an object",
                                  "1,000-deep nesting", "scenario places 1e999", "changedPropIds not JSON"])
def test_malformed_callback_requests_are_400_with_one_log_line(client, app, page_key, log, case):
    data = _bad_bodies(app.callback_map, page_key)[case]
    response, _ = _post(client, data)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    reason = response.get_json()["reason"]
    assert reason and "Traceback" not in response.get_data(as_text=True)
    assert reason in _refused_once(log, 400)


def test_a_path_climbing_out_of_the_component_suites_is_400(client, log):
    response = client.get("/_dash-component-suites/dash/../../../etc/passwd")
    assert response.status_code == 400 and "root:" not in response.get_data(as_text=True)
    _refused_once(log, 400)


def test_an_unknown_component_file_is_404_not_500(client, log):
    response = client.get("/_dash-component-suites/dash/no-such-file.js")
    assert response.status_code == 404
    _refused_once(log, 404)


def test_a_download_of_a_table_that_does_not_exist_is_400(client, app, log):
    from sufficiency.app import ids

    key = next(k for k, cb in app.callback_map.items() if cb["inputs"][0]["id"].startswith("{")
               and json.loads(cb["inputs"][0]["id"])["type"] == ids.TABLE_DOWNLOAD_TYPE)
    data = body(app.callback_map, key, search="?year=2020")
    data["inputs"] = [[{"id": {"name": "no-such-table", "type": ids.TABLE_DOWNLOAD_TYPE}, "property": "n_clicks",
                        "value": 1}]]
    data["changedPropIds"] = [json.dumps(data["inputs"][0][0]["id"], sort_keys=True, separators=(",", ":")) + ".n_clicks"]
    response, _ = _post(client, json.dumps(data).encode())
    assert response.status_code == 400 and "no-such-table" in response.get_json()["reason"]
    _refused_once(log, 400)


def test_a_store_the_app_did_not_write_is_400(client, app, log):
    key = find(app.callback_map, inputs=("data", "id"))
    response, _ = _post(client, json.dumps(body(app.callback_map, key, data=["not", "a", "store"])).encode())
    assert response.status_code == 400 and "upload store" in response.get_json()["reason"]
    _refused_once(log, 400)


def test_a_well_formed_page_callback_still_works(client, app, page_key):
    response, _ = _post(client, json.dumps(body(app.callback_map, page_key, search="?year=2019")).encode())
    assert response.status_code == 200 and "2019" in response.get_data(as_text=True)
