"""The production app (sufficiency.server): headers, compression, caching, /healthz, error
pages with no stack trace (also when a Dash callback raises), and gunicorn serving it."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import brotli
import pytest
from dash import Input, Output

from sufficiency.app import create_app
from sufficiency.config import EMBEDDED_DATA, PROJECT_ROOT
from sufficiency.server import CACHED_OUTPUTS, harden

PAGE_BODY = {
    "output": CACHED_OUTPUTS[0],
    "outputs": [{"id": i, "property": "children"} for i in ("service-nav", "filters", "content")],
    "inputs": [{"id": "url", "property": "search", "value": "?year=2020"}],
    "state": [],
    "changedPropIds": ["url.search"],
}


@pytest.fixture(scope="module")
def client():
    app = create_app(EMBEDDED_DATA)

    @app.callback(Output("boom-out", "children"), Input("boom-in", "n_clicks"))
    def boom(_n):
        raise RuntimeError("secret detail /srv/internal/path")

    server = harden(app)

    @server.route("/__fail")
    def fail():
        raise ValueError("hidden")

    return server.test_client()


def test_security_headers_on_every_response(client):
    for path in ("/", "/_dash-layout", "/healthz", "/assets/app.css"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "'unsafe-eval'" not in csp and "script-src 'self' 'sha256-" in csp
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"


def test_csp_allows_exactly_dash_inline_scripts(client):
    html = client.get("/").get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)
    csp = client.get("/").headers["Content-Security-Policy"]
    import base64
    import hashlib

    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_healthz_reports_status_and_data_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert re.fullmatch(r"[0-9a-f]{12}", body["data_version"])
    assert body["years"][0] <= 2014 and body["years"][1] >= 2025


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_and_callbacks_are_compressed(client, encoding, decode):
    page = client.get("/", headers={"Accept-Encoding": encoding})
    assert page.headers["Content-Encoding"] == encoding
    assert b"<title>" in decode(page.get_data())
    cb = client.post("/_dash-update-component", json=PAGE_BODY, headers={"Accept-Encoding": encoding})
    assert cb.status_code == 200 and cb.headers["Content-Encoding"] == encoding
    raw = decode(cb.get_data())
    assert json.loads(raw)["response"]["content"]
    assert len(cb.get_data()) < len(raw) / 3


def test_page_callback_answers_are_cached_and_identical(client):
    first = client.post("/_dash-update-component", json=PAGE_BODY)
    cache = client.application.extensions["sufficiency_response_cache"]
    hits = cache.hits
    second = client.post("/_dash-update-component", json=PAGE_BODY)
    assert cache.hits == hits + 1
    assert first.get_data() == second.get_data()


def test_static_files_are_cached_for_a_year_pages_are_not(client):
    html = client.get("/").get_data(as_text=True)
    fingerprinted = re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', html)
    assert fingerprinted
    for url in fingerprinted:
        assert "m=" in url or re.search(r"\.v[0-9_]+m[0-9]+", url), url
        assert client.get(url).headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    assert client.get("/").headers["Cache-Control"] == "no-cache"
    assert client.get("/_dash-layout").headers["Cache-Control"] == "no-cache"


def test_page_scripts_and_styles_go_compressed_once_at_the_strongest_settings(client):
    from sufficiency.server import warm_static

    server = client.application
    static = server.extensions["sufficiency_static_compression"]
    warm_static(server)  # what the production server does before its workers fork
    assert static.strong is False  # files asked for later are compressed at the fast levels
    html = client.get("/").get_data(as_text=True)
    plotly = re.search(r'src="(/assets/plotly/[^"]+)"', html).group(1)
    plain = client.get(plotly).get_data()
    for encoding, decode, strongest in (("br", brotli.decompress, lambda b: brotli.compress(b, quality=11)),
                                        ("gzip", gzip.decompress, lambda b: gzip.compress(b, 9, mtime=0))):
        r = client.get(plotly, headers={"Accept-Encoding": encoding})
        body = r.get_data()
        assert r.headers["Content-Encoding"] == encoding and "Accept-Encoding" in r.headers["Vary"]
        assert decode(body) == plain and int(r.headers["Content-Length"]) == len(body)
        assert body == strongest(plain) and static.bodies[(r.request.path, encoding)] is not None
        again = client.get(plotly, headers={"Accept-Encoding": encoding}).get_data()
        assert again == body  # from the store, not compressed again


def test_missing_file_gets_a_friendly_404(client):
    response = client.get("/assets/nothing-here.js")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Page not found" in text and "govuk-frontend.min.css" in text


def test_callback_error_shows_no_traceback_and_is_logged(client, caplog):
    body = {"output": "boom-out.children", "outputs": {"id": "boom-out", "property": "children"},
            "inputs": [{"id": "boom-in", "property": "n_clicks", "value": 1}], "changedPropIds": ["boom-in.n_clicks"]}
    with caplog.at_level(logging.ERROR, logger="sufficiency.server"):
        response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "secret detail" not in text and "RuntimeError" not in text
    reference = response.get_json()["reference"]
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].exc_info and "secret detail" in str(logged[0].exc_info[1])


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"output": 5}', b"\xff\xfe" * 50, b'{"output": "x.y", "inputs": 3}'])
def test_malformed_callback_requests_never_give_a_traceback(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_page_error_gets_the_friendly_page(client):
    response = client.get("/__fail")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in text and "hidden" not in text
    assert re.search(r"reference <strong>[0-9a-f]{10}</strong>", text)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_the_app_with_the_project_config():
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "1", "THREADS": "2", "ACCESS_LOG": "/dev/null",
           "SUFFICIENCY_WARM": "first"}
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    proc = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py", "sufficiency.server:application"],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert json.load(r)["status"] == "ok"
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stderr.read().decode()[-2000:])
                time.sleep(0.3)
        req = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.headers["Content-Encoding"] == "gzip"
            assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# --- the data is checked against its provenance before anything is served ----------------


def test_healthz_reports_the_data_version_it_verified(client):
    from sufficiency.integrity import data_version

    provenance = json.loads((EMBEDDED_DATA / "provenance.json").read_text(encoding="utf-8"))
    assert client.get("/healthz").get_json()["data_version"] == data_version(provenance)
    assert set(provenance["tables"]["la_year"]["sha256"]) == {"la_year.csv"}


@pytest.fixture
def cut_data(tmp_path):
    """A copy of data/ whose la_year.csv has lost its last 800 rows (a truncated copy)."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(EMBEDDED_DATA, folder)
    lines = (folder / "la_year.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "la_year.csv").write_text("".join(lines[:-800]), encoding="utf-8")
    return folder


def _one_line_refusal(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if "does not start" in line]
    assert len(lines) == 1, stderr[-3000:]
    assert "Traceback" not in stderr and "la_year.csv: has" in lines[0] and "rows; the build wrote" in lines[0]
    return lines[0]


def test_gunicorn_refuses_to_start_on_data_that_does_not_match_its_provenance(cut_data):
    env = {**os.environ, "PORT": str(_free_port()), "WEB_CONCURRENCY": "1", "SUFFICIENCY_DATA": str(cut_data)}
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    done = subprocess.run([gunicorn, "-c", "gunicorn.conf.py", "sufficiency.server:application"], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode != 0
    assert _one_line_refusal(done.stderr).startswith("Error: the dashboard does not start")


def test_dev_server_refuses_to_start_on_data_that_does_not_match_its_provenance(cut_data):
    done = subprocess.run([sys.executable, "app.py", "--data", str(cut_data), "--port", str(_free_port())],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 2
    assert _one_line_refusal(done.stderr).startswith("error: the dashboard does not start")


def test_dev_server_sends_the_same_headers_and_limits_as_production():
    from tests.integration.serving import wait_for

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", proc)
        production = harden(create_app(EMBEDDED_DATA)).test_client().get("/").headers
        with urllib.request.urlopen(base + "/", timeout=30) as r:
            for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                         "Permissions-Policy", "Cross-Origin-Opener-Policy"):
                assert r.headers[name] == production[name], name
        req = urllib.request.Request(base + "/_dash-update-component", data=b"[]", method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(req, timeout=30)
            raise AssertionError("a list was accepted as a callback request")
        except urllib.error.HTTPError as err:
            assert err.code == 400 and "not an object" in json.load(err)["reason"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "Traceback" not in proc.stderr.read().decode()
