"""The dashboard as a production WSGI app: ``sufficiency.server:application``.

    gunicorn -c gunicorn.conf.py sufficiency.server:application     (what ``make serve`` runs)

:func:`harden` wraps a Dash app's Flask server with what a shared intranet service needs:

* request limits before the app reads anything (:mod:`.request_guard`): URL length, paths,
  body sizes (large bodies only for the upload callback), a deadline for receiving a body,
  and the shape of every callback request; a client error is answered 400, 408, 413 or 414
  with one log line and no traceback;
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
* ``/healthz``: JSON with the status and the version of the data the app serves (a hash of
  the table checksums verified at start-up, see :mod:`.integrity`);
* a response cache for the page callback (URL -> navigation, filters, content), which every
  page load and filter change runs: the answer depends only on the request body and on the
  data, which do not change while the process runs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

import brotli
import dash
from dash.exceptions import DependencyException
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from . import request_guard
from .callback_requests import BadClientValue
from .error_pages import error_response
from .errors import DataError
from .integrity import data_version

LOG = logging.getLogger("sufficiency.server")

ONE_YEAR = 31_536_000
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


#: Static files' media types worth compressing (the page's scripts and styles).
STATIC_TYPES = frozenset({"text/css", "text/javascript", "application/javascript", "image/svg+xml"})


class StaticCompression:
    """Fingerprinted scripts and styles (they never change while the process runs), each
    compressed once per encoding: at the strongest settings (brotli 11, gzip 9) for the
    page's files before the workers fork (:func:`warm_static`, ``strong``), else at
    flask-compress's levels (files asked for later, such as dcc's lazily loaded chunks, and
    every file of a server started for tests)."""

    def __init__(self) -> None:
        self.bodies: dict[tuple[str, str], bytes] = {}
        self.strong = False
        self._lock = threading.Lock()

    @staticmethod
    def encoding(accept: str) -> str | None:
        accept = accept.lower()
        return "br" if "br" in accept else "gzip" if "gzip" in accept else None

    def body(self, path: str, encoding: str, data: bytes) -> bytes:
        key = (path, encoding)
        hit = self.bodies.get(key)
        if hit is None:
            strong = self.strong
            hit = (brotli.compress(data, quality=11 if strong else 5) if encoding == "br"
                   else gzip.compress(data, 9 if strong else 6, mtime=0))
            with self._lock:
                self.bodies[key] = hit
        return hit

    def apply(self, response: Response) -> Response:
        if (request.method != "GET" or response.status_code != 200 or "Content-Encoding" in response.headers
                or response.mimetype not in STATIC_TYPES or not _is_fingerprinted()):
            return response
        encoding = self.encoding(request.headers.get("Accept-Encoding", ""))
        if encoding is None:
            return response
        response.direct_passthrough = False
        body = self.body(request.path, encoding, response.get_data())
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        response.headers["Content-Length"] = str(len(body))
        vary = response.headers.get("Vary")
        response.headers["Vary"] = "Accept-Encoding" if not vary else (
            vary if "accept-encoding" in vary.lower() else f"{vary}, Accept-Encoding")
        etag, weak = response.get_etag()
        if etag and not weak:
            response.set_etag(f"{etag}:{encoding}")
        return response


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


# --- the page callback's cache key --------------------------------------------------------


def page_cache_key(payload: dict) -> str:
    """The response cache's key of a page callback request: its output and the normalised
    view state of the address (``sufficiency.state``: ``?year=2020&utm_source=x`` and
    ``?year=2020`` are one entry, as are sectors listed in another order), with the raw
    footprint value when there is one (the page says what of it could not be shown).
    A request without the address's search falls back to the hash of its body."""
    from urllib.parse import parse_qs

    from .state import from_query

    search = next((i.get("value") for i in payload.get("inputs") or [] if isinstance(i, dict)
                   and i.get("property") == "search"), None)
    if search is not None and not isinstance(search, str):
        search = None
    if search is None:
        return "cb:" + hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    footprint = parse_qs(search.lstrip("?"), keep_blank_values=True).get("footprint")
    key = f"{payload.get('output')}|{from_query(search).normalised().to_query()}"
    if footprint is not None:
        key += "|footprint=" + footprint[-1]
    return "page:" + hashlib.sha256(key.encode()).hexdigest()


# --- health -------------------------------------------------------------------------------


def health(folder: str | Path) -> tuple[dict, int]:
    from .store import load

    try:
        data = load(str(folder))
        years = sorted(int(y) for y in data.years["year"])
        return {"status": "ok", "data_version": data_version(data.provenance), "years": [years[0], years[-1]],
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
        COMPRESS_BR_LEVEL=4,  # dynamic responses: half the CPU of level 5 for about 10 % more bytes
        COMPRESS_MIN_SIZE=500,
        COMPRESS_CACHE_BACKEND=_CompressCache,
        COMPRESS_CACHE_KEY=_compress_key,
    )
    # Sizes, paths, body deadlines and the shape of callback requests, before anything else reads them.
    request_guard.install(server, dash_app)
    folder = data_dir_of(dash_app)
    headers = security_headers(content_security_policy(dash_app))
    responses = ByteLRU() if response_cache else None
    server.extensions["sufficiency_response_cache"] = responses
    # Flask runs after_request hooks in reverse order of registration: registering
    # compression first makes ``finish`` below see (and store) the uncompressed body.
    Compress(server)
    # Registered after compression, so it runs before it: fingerprinted static files go out
    # compressed once, at the strongest settings (flask-compress then leaves them alone).
    static = StaticCompression()
    server.extensions["sufficiency_static_compression"] = static
    server.after_request(static.apply)

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
            payload = json.loads(body)
            output = payload.get("output")
        except (ValueError, AttributeError):
            return None
        if output not in CACHED_OUTPUTS:
            return None
        key = page_cache_key(payload)
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

    @server.errorhandler(DependencyException)
    def unknown_component_file(error: DependencyException):
        LOG.warning("refused %s %r with 404: not a file of the page's components", request.method, request.path[:200])
        return error_response(404)

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is not None and error.code < 400:
            return error
        if isinstance(error, BadClientValue):
            LOG.warning("refused %s %r with 400: %s", request.method, request.path[:200], error.description)
            return error_response(400, reason=error.description)
        return error_response(error.code or 500)

    @server.errorhandler(Exception)
    def unexpected(error: Exception):
        reference = uuid.uuid4().hex[:10]
        LOG.error("error %s on %s %s", reference, request.method, request.path, exc_info=error)
        return error_response(500, reference)

    return server


def warm(dash_app: dash.Dash) -> float:
    """Build what requests would otherwise build first (data, map layouts, the engine's
    figures, the first pages of each view and year: :mod:`.warmup`) synchronously, before
    the workers fork, so that every worker starts with them. Returns the seconds it took."""
    from . import warmup
    from .app import data_dir_of
    from .app.ids import CONTENT, FILTERS, NAV
    from .app.layout import LOCATION_ID
    from .app.sections.common import geo_available

    client = dash_app.server.test_client()

    def visit(query: str) -> None:  # through the server, so that its response cache holds the page too
        body = {"output": CACHED_OUTPUTS[0], "outputs": [{"id": i, "property": "children"} for i in (NAV, FILTERS, CONTENT)],
                "inputs": [{"id": LOCATION_ID, "property": "search", "value": query}], "state": [],
                "changedPropIds": [f"{LOCATION_ID}.search"]}
        response = client.post("/_dash-update-component", json=body)
        if response.status_code != 200:
            LOG.warning("warming %r: HTTP %s", query, response.status_code)

    seconds = warmup.warm(data_dir_of(dash_app), geo_available(), visit)
    if warmup.level() == "years":
        seconds += warm_static(dash_app.server)
    return seconds


def warm_static(server: Flask) -> float:
    """Compress the scripts and styles of the page (brotli and gzip) before the workers fork."""
    import re

    start = time.perf_counter()
    static = server.extensions["sufficiency_static_compression"]
    client = server.test_client()
    page = client.get("/").get_data(as_text=True)
    urls = re.findall(r'<script[^>]+src="(/[^"]+)"', page) + re.findall(r'<link[^>]+href="(/[^"]+)"', page)
    static.strong = True  # for these only: a file first asked for later is not worth seconds of a worker
    try:
        for url in urls:
            for encoding in ("br", "gzip"):
                client.get(url, headers={"Accept-Encoding": encoding})
    finally:
        static.strong = False
    seconds = time.perf_counter() - start
    LOG.info("%d scripts and styles of the page compressed in %.1f s", len(urls), seconds)
    return seconds


class DataNotServed(RuntimeError):
    """The data folder failed its check against its provenance: the server does not start.
    (gunicorn prints a RuntimeError raised while loading the app as one line, ``Error: ...``.)"""


def check_data(data_dir: str | Path | None = None) -> str:
    """Verify and load the data folder (default: ``app_data_dir()``) and return its data
    version, or raise :class:`DataNotServed` with one line naming the file and the problem."""
    from .config import app_data_dir
    from .store import load

    folder = Path(data_dir) if data_dir is not None else app_data_dir()
    try:
        data = load(folder)
    except (DataError, OSError) as err:
        raise DataNotServed(f"the dashboard does not start: data folder {folder}: {err}") from None
    version = data_version(data.provenance)
    LOG.info("data folder %s verified against its provenance: data version %s", folder, version)
    return version


def build(data_dir: str | Path | None = None, *, warm_up: bool = True) -> Flask:
    """The production WSGI app: the dashboard with debug off, hardened, on a data folder
    that matched its provenance (else :class:`DataNotServed`: gunicorn does not start)."""
    from . import heap
    from .app import create_app

    logging.basicConfig(level=os.environ.get("SUFFICIENCY_LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s")
    check_data(data_dir)
    dash_app = create_app(data_dir, background_warm=False)
    server = harden(dash_app)
    server.debug = False
    if warm_up:
        warm(dash_app)
    LOG.info("%d objects frozen out of the cycle collector's way", heap.settle())
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
