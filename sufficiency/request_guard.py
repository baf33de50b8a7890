"""Limits on every request, checked before the app reads it, for the production server and
the development server alike (:func:`install` adds them to the Flask server of a Dash app).

=====================================================  ======================================
what                                                   answer
=====================================================  ======================================
URL (path and query) longer than :data:`MAX_URL`       414, unread
a path with a ``.`` or ``..`` segment, ``\\`` or NUL    400
a body over :data:`SMALL_BODY` (64 KiB)                 413 at once, unread
the body of an upload callback over :data:`UPLOAD_BODY` 413 at once, unread
  (the 5 MB file cap in base64, plus 64 KiB)
a body not received within ``SUFFICIENCY_BODY_TIMEOUT``  408, connection closed
  seconds (default 30)
a callback request that does not fit the callbacks     400 (see :mod:`.callback_requests`)
=====================================================  ======================================

Which callbacks may receive a large body is read from the app's own callback list
(``dash_app.callback_map``): those with an input ``contents`` (a ``dcc.Upload``). The upload
callback's output is read from the start of the body (the browser sends ``output`` first),
so a large body for any other callback is refused before it is read.

Each refusal is logged on one line (method, path, status and reason), never with a
traceback, and answered as any other error of the app (see :mod:`.error_pages`).
"""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import threading
from contextlib import contextmanager

from flask import Flask, request

from .callback_requests import BadCallbackRequest, check_body, large_body_outputs
from .error_pages import error_response
from .uploads.parse import MAX_BYTES

LOG = logging.getLogger("sufficiency.requests")

CALLBACK_PATH = "/_dash-update-component"
MAX_URL = 4094  # gunicorn's limit on the request line, for the development server too
SMALL_BODY = 64 * 1024
UPLOAD_BODY = 4 * -(-MAX_BYTES // 3) + 64 * 1024
BODY_TIMEOUT_ENV = "SUFFICIENCY_BODY_TIMEOUT"
PEEK = 2048
_OUTPUT_FIRST = re.compile(rb'^\s*\{\s*"output"\s*:\s*"((?:[^"\\]|\\.){1,500})"')


class BadSetting(RuntimeError):
    """A setting from the environment that cannot be used: the server does not start (gunicorn
    prints a RuntimeError raised while loading the app as one line)."""


class Refused(Exception):
    """A request answered with a client error before the app reads it."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def body_timeout() -> float:
    """Seconds a client has to send a request's body (``SUFFICIENCY_BODY_TIMEOUT``, default 30)."""
    raw = os.environ.get(BODY_TIMEOUT_ENV, "30")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 3600:
        raise BadSetting(f"{BODY_TIMEOUT_ENV} must be a number of seconds between 0 and 3600, not {raw!r}")
    return value


def check_path(path: str, query: str) -> None:
    if len(path) + len(query) + 1 > MAX_URL:
        raise Refused(414, f"the address is longer than {MAX_URL:,} characters")
    segments = path.split("/")
    if any(s in (".", "..") for s in segments) or "\\" in path or "\x00" in path:
        raise Refused(400, "the path has a '.' or '..' segment, a backslash or a NUL")


def _content_length(environ) -> int | None:
    raw = environ.get("CONTENT_LENGTH") or ""
    if not raw.strip():
        return None
    if not raw.strip().isdigit():
        raise Refused(400, "the Content-Length is not a number")
    return int(raw)


@contextmanager
def reading_deadline(environ, timeout: float):
    """Within the block, reads of the request body end at most ``timeout`` seconds from now:
    at the deadline the socket is shut for reading, so that a read blocked on a client that
    sends slowly (or not at all) returns and the thread is free again. Yields an event set
    when the deadline passed."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    expired = threading.Event()

    def stop_reading():
        expired.set()
        try:
            sock.shutdown(socket.SHUT_RD)
        except OSError:
            pass

    timer = threading.Timer(timeout, stop_reading) if sock is not None else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        yield expired
    finally:
        if timer is not None:
            timer.cancel()


def _read(stream, size: int) -> bytes:
    try:
        return stream.read(size)
    except (OSError, ValueError):  # the socket was shut at the deadline, or the client went away
        return b""


def read_body(environ, length: int | None, limit: int, expired: threading.Event, timeout: float,
              head: bytes = b"") -> bytes:
    """The request body (``length`` bytes, or up to the end of a chunked body) of at most
    ``limit`` bytes, or :class:`Refused` (413; 408 if the deadline passed; 400 if it was cut
    short). ``head``: its first bytes, already read."""
    stream = environ["wsgi.input"]
    want = limit + 1 if length is None else length
    parts, got = [head], len(head)
    while got < want:
        chunk = _read(stream, min(65536, want - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    if length is None and got > limit:
        raise Refused(413, f"the body is larger than {limit:,} bytes")
    if length is not None and got < length:
        if expired.is_set():
            raise Refused(408, f"the body did not arrive within {timeout:g} s ({got:,} of {length:,} bytes)")
        raise Refused(400, f"the body ended after {got:,} of {length:,} bytes")
    return b"".join(parts)


def _callback_limit(environ, length: int | None, callback_map: dict, expired: threading.Event) -> tuple[int, bytes]:
    """The body limit of this callback request, and the bytes read to decide it: a large
    body only for an upload callback, whose output the browser sends first."""
    if length is not None and length <= SMALL_BODY:
        return SMALL_BODY, b""
    if length is not None and length > UPLOAD_BODY:
        raise Refused(413, f"the body is larger than {UPLOAD_BODY:,} bytes")
    stream, head = environ["wsgi.input"], b""
    while len(head) < min(PEEK, length or PEEK):
        chunk = _read(stream, min(PEEK, length or PEEK) - len(head))
        if not chunk:
            break
        head += chunk
    if expired.is_set():
        raise Refused(408, "the body did not arrive in time")
    match = _OUTPUT_FIRST.match(head)
    if match and match.group(1).decode("utf-8", "replace") in large_body_outputs(callback_map):
        return UPLOAD_BODY, head
    if length is None:
        return SMALL_BODY, head
    raise Refused(413, f"the body is larger than {SMALL_BODY:,} bytes and is not a file upload")


def guard(dash_app, timeout: float) -> None:
    """Check the current request (``timeout``: seconds to receive its body); raise
    :class:`Refused` if it is answered before the app reads it."""
    environ = request.environ
    check_path(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
    length = _content_length(environ)
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not length and not chunked:
        return
    callback = request.method == "POST" and request.path == CALLBACK_PATH
    if not callback and length is not None and length > SMALL_BODY:
        raise Refused(413, f"the body is larger than {SMALL_BODY:,} bytes")
    with reading_deadline(environ, timeout) as expired:
        limit, head = _callback_limit(environ, length, dash_app.callback_map, expired) if callback else (SMALL_BODY, b"")
        body = read_body(environ, length, limit, expired, timeout, head)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    if callback:
        try:
            check_body(body, dash_app.callback_map)
        except BadCallbackRequest as err:
            raise Refused(400, str(err)) from None


def install(server: Flask, dash_app) -> None:
    """Check every request to ``server`` with :func:`guard` before the app reads it."""
    server.config["MAX_CONTENT_LENGTH"] = UPLOAD_BODY
    timeout = body_timeout()

    @server.before_request
    def refuse_bad_requests():
        try:
            guard(dash_app, timeout)
        except Refused as err:
            LOG.warning("refused %s %r with %d: %s", request.method, request.path[:200], err.status, err.reason)
            return error_response(err.status, reason=err.reason)
        return None
