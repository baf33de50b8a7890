"""The dashboard as a production WSGI app: ``sufficiency.server:application``.

    gunicorn -c gunicorn.conf.py sufficiency.server:application     (what ``make serve`` runs)

:func:`harden` wraps a Dash app's Flask server with what a shared intranet service needs:

* gzip/brotli compression (flask-compress); compressed copies of the fingerprinted static
  files and of cached page callbacks are kept, so each is compressed once per worker;
* long-lived caching of static files: Dash's fingerprinted component suites and
  ``/assets/...?m=`` URLs are ``immutable`` for a year; pages and callbacks are ``no-cache``;
* security headers: a Content-Security-Policy that lets the Dash renderer and plotly.js run
  (inline scripts by hash only), ``X-Content-Type-Options``, ``frame-ancestors``/``X-Frame-Options``,
  ``Referrer-Policy``, ``Permissions-Policy``, ``Cross-Origin-Opener-Policy``;
* no stack trace ever reaches a user: every error gets a plain GOV.UK-styled page (or a
  short JSON body for the app's own requests) with a reference, and the traceback is logged
  with that reference;
* ``/healthz``: JSON with the status and the version of the data the app serves;
* a response cache for the page callback (URL -> navigation, filters, content), which every
  page load and filter change runs: the answer depends only on the request body and on the
  data, which do not change while the process runs.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import threading
import uuid
from collections import OrderedDict
from pathlib import Path

import dash
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

LOG = logging.getLogger("sufficiency.server")

ONE_YEAR = 31_536_000
DASH_PREFIXES = ("/_dash-", "/_reload-hash")
#: Callback outputs whose responses are cached: the page callback (see app/callbacks.py).
CACHED_OUTPUTS = ("..service-nav.children...filters.children...content.children..",)
CACHE_BYTES = int(os.environ.get("SUFFICIENCY_RESPONSE_CACHE_MB", "64")) * 1_000_000
MAX_BODY = 1_000_000  # callback request bodies larger than this are never cached


class ByteLRU:
    """A thread-safe LRU of bytes values, bounded by their total size."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def set(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes // 4:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._data[key] = value
            self._size += len(value)
            while self._size > self.max_bytes:
                _, dropped = self._data.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._data)


class _CompressCache:
    """flask-compress cache backend: keeps only keys :func:`_compress_key` marked cacheable."""

    def __init__(self) -> None:
        self.store = ByteLRU(CACHE_BYTES // 2)

    def get(self, key: str):
        return None if key.endswith(";-") else self.store.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";-"):
            self.store.set(key, value)


def _is_fingerprinted() -> bool:
    path = request.path
    if path.startswith("/assets/"):
        return "m" in request.args
    if path == "/_favicon.ico":
        return "v" in request.args
    return path.startswith("/_dash-component-suites/") and response_is_versioned(path)


def response_is_versioned(path: str) -> bool:
    """Dash fingerprints component-suite files as ``name.v1_2_3m1700000000.js``."""
    from dash.fingerprint import check_fingerprint

    return check_fingerprint(path.rsplit("/", 1)[-1])[1]


def _compress_key(req) -> str:
    # Static files do not change while the process runs: compress each once.
    if req.method == "GET" and req.path.startswith(("/_dash-component-suites/", "/assets/", "/_favicon.ico")):
        return req.full_path
    cached = getattr(req, "_sufficiency_cache_key", None)
    return cached or "-"


# --- security headers -------------------------------------------------------------------


def content_security_policy(dash_app: dash.Dash) -> str:
    """A CSP the Dash renderer and plotly.js run under: no inline script but Dash's own
    (by hash), no other host, no framing."""
    scripts = " ".join(["'self'", *dash_app.csp_hashes()])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # plotly.js writes <style> elements and style attributes while drawing.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(csp: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


# --- error pages --------------------------------------------------------------------------

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Children's homes placement sufficiency</title>
<link rel="stylesheet" href="/assets/govuk/govuk-frontend.min.css"></head>
<body class="govuk-template__body">
<header class="govuk-header"><div class="govuk-header__container govuk-width-container">
<a href="/" class="govuk-header__link govuk-header__service-name">Children's homes placement sufficiency</a>
</div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">{title}</h1>
{body}
<p class="govuk-body"><a class="govuk-link" href="/">Go to the start of the dashboard</a></p>
</main></div></body></html>"""


def error_page(status: int, reference: str | None = None) -> str:
    if status == 404:
        title, body = "Page not found", "<p class=\"govuk-body\">If you typed the web address, check it is correct.</p>"
    elif status < 500:
        title, body = "Sorry, the dashboard could not handle that request", (
            "<p class=\"govuk-body\">Go back and try again, or start from the dashboard's first page.</p>"
        )
    else:
        title, body = "Sorry, there is a problem with the service", (
            "<p class=\"govuk-body\">Try again later. Your filters are kept in the page address.</p>"
        )
    if reference:
        body += f'<p class="govuk-body">If you report this problem, quote reference <strong>{html.escape(reference)}</strong>.</p>'
    return ERROR_PAGE.format(title=html.escape(title), body=body)


def _error_response(status: int, reference: str | None = None) -> Response:
    if request.path.startswith(DASH_PREFIXES):
        body = {"error": "The dashboard could not update this part of the page.", "status": status}
        if reference:
            body["reference"] = reference
        response = jsonify(body)
        response.status_code = status
        return response
    return Response(error_page(status, reference), status=status, mimetype="text/html")


# --- health -------------------------------------------------------------------------------


def data_version(folder: str | Path) -> str:
    """A short hash of the data files the app serves (changes whenever the data is rebuilt)."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def health(folder: str | Path) -> tuple[dict, int]:
    from .store import load

    try:
        data = load(str(folder))
        years = sorted(int(y) for y in data.years["year"])
        return {"status": "ok", "data_version": data_version(folder), "years": [years[0], years[-1]],
                "local_authorities": int(data.gazetteer["code"].nunique())}, 200
    except Exception:  # a health check reports, it does not raise
        LOG.exception("health check failed")
        return {"status": "error"}, 503


# --- the hardened app --------------------------------------------------------------------


def harden(dash_app: dash.Dash, *, response_cache: bool = True) -> Flask:
    """Apply compression, caching, headers, error pages and /healthz to ``dash_app``."""
    from flask_compress import Compress

    from .app import data_dir_of

    server: Flask = dash_app.server
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        # Files under /assets are streamed by Flask; flask-compress cannot stream gzip.
        COMPRESS_ALGORITHM_STREAMING=["br", "deflate"],
        COMPRESS_MIMETYPES=["text/html", "text/css", "text/plain", "text/javascript",
                            "application/javascript", "application/json", "image/svg+xml",
                            "image/x-icon", "image/vnd.microsoft.icon"],
        COMPRESS_LEVEL=6,
        COMPRESS_BR_LEVEL=5,
        COMPRESS_MIN_SIZE=500,
        COMPRESS_CACHE_BACKEND=_CompressCache,
        COMPRESS_CACHE_KEY=_compress_key,
        MAX_CONTENT_LENGTH=int(os.environ.get("SUFFICIENCY_MAX_UPLOAD_MB", "50")) * 1_000_000,
    )
    folder = data_dir_of(dash_app)
    headers = security_headers(content_security_policy(dash_app))
    responses = ByteLRU() if response_cache else None
    server.extensions["sufficiency_response_cache"] = responses
    # Flask runs after_request hooks in reverse order of registration: registering
    # compression first makes ``finish`` below see (and store) the uncompressed body.
    Compress(server)

    @server.route("/healthz")
    def healthz():
        body, status = health(folder)
        response = jsonify(body)
        response.status_code = status
        return response

    @server.before_request
    def cached_callback():
        if responses is None or request.method != "POST" or request.path != "/_dash-update-component":
            return None
        if (request.content_length or 0) > MAX_BODY:
            return None
        body = request.get_data(cache=True)
        try:
            output = json.loads(body).get("output")
        except (ValueError, AttributeError):
            return None
        if output not in CACHED_OUTPUTS:
            return None
        key = "cb:" + hashlib.sha256(body).hexdigest()
        request._sufficiency_cache_key = key
        hit = responses.get(key)
        if hit is not None:
            return Response(hit, mimetype="application/json")
        request._sufficiency_store = True
        return None

    @server.after_request
    def finish(response: Response) -> Response:
        if getattr(request, "_sufficiency_store", False) and response.status_code == 200 \
                and "Content-Encoding" not in response.headers:
            responses.set(request._sufficiency_cache_key, response.get_data())
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.method == "GET" and response.status_code in (200, 304) and _is_fingerprinted():
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        elif "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
        return response

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is not None and error.code < 400:
            return error
        return _error_response(error.code or 500)

    @server.errorhandler(Exception)
    def unexpected(error: Exception):
        reference = uuid.uuid4().hex[:10]
        LOG.error("error %s on %s %s", reference, request.method, request.path, exc_info=error)
        return _error_response(500, reference)

    return server


def warm(dash_app: dash.Dash) -> None:
    """Build what the first pages need (data, hex grid, map layers, the map of each year)
    before workers fork, so that every worker shares them."""
    from .app import data_dir_of
    from .app.callbacks import render_page
    from .store import load
    from .app.sections.common import geo_available

    data = load(str(data_dir_of(dash_app)))
    geo = geo_available()
    render_page("", data, geo=geo)
    if os.environ.get("SUFFICIENCY_WARM", "years") == "years":  # the map of every year, the commonest change
        for year in sorted(int(y) for y in data.years["year"]):
            render_page(f"?year={year}", data, geo=geo)


def build(data_dir: str | Path | None = None, *, warm_up: bool = True) -> Flask:
    """The production WSGI app: the dashboard with debug off, hardened."""
    from .app import create_app

    logging.basicConfig(level=os.environ.get("SUFFICIENCY_LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s")
    dash_app = create_app(data_dir)
    server = harden(dash_app)
    server.debug = False
    if warm_up:
        warm(dash_app)
    return server


_APPLICATION: Flask | None = None


def __getattr__(name: str):
    """``application`` is built on first use, so importing this module stays cheap."""
    global _APPLICATION
    if name == "application":
        if _APPLICATION is None:
            _APPLICATION = build()
        return _APPLICATION
    raise AttributeError(name)
