"""The production server as deployed (``make serve``: gunicorn with the project's config, 2
workers of 2 threads), alone and behind the example reverse proxy
(deploy/nginx-sufficiency.conf, run as it is): slow clients, TLS, HSTS, no server software
named, limits, and a worker killed with SIGKILL under load.

Once, 64 connections trickling their bodies at 1 byte a second straight to gunicorn made
/healthz time out: a gthread worker reads a body in one of its threads, for as long as the
client takes. Straight to gunicorn, a trickled body is now cut at the body deadline (408),
which frees the thread; behind the proxy, gunicorn never sees a request before nginx holds
all of it.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.integration.serving import NGINX, gunicorn, nginx

HEAD = ("POST /_dash-update-component HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n")


class Tricklers:
    """``n`` connections that send a request head at once, then their body 1 byte a second."""

    def __init__(self, url: str, n: int, context: ssl.SSLContext | None = None):
        parts = urlsplit(url)
        self.socks, self.answers, self._stop = [], [], threading.Event()
        for _ in range(n):
            sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
            if context is not None:
                sock = context.wrap_socket(sock, server_hostname=parts.hostname)
            sock.sendall(HEAD.format(host=parts.netloc).encode())
            self.socks.append(sock)
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()

    def _trickle(self):
        while not self._stop.wait(1.0):
            for sock in list(self.socks):
                try:
                    sock.send(b"{")
                except OSError:  # the server closed it
                    self.socks.remove(sock)
                    self.answers.append(self._answer(sock))

    @staticmethod
    def _answer(sock) -> str:
        try:
            sock.settimeout(2)
            return sock.recv(200).decode("latin-1").split("\r\n", 1)[0]
        except OSError:
            return ""
        finally:
            sock.close()

    def close(self):
        self._stop.set()
        self._thread.join(timeout=10)
        for sock in self.socks:
            sock.close()


def _get(url: str, context=None, timeout: float = 30, method: str = "GET", data: bytes | None = None,
         headers: dict | None = None):
    req = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    try:
        return urllib.request.urlopen(req, timeout=timeout, context=context)
    except urllib.error.HTTPError as err:
        return err


@pytest.fixture(scope="module")
def server():
    """gunicorn as ``make serve`` runs it, with a 2 s body deadline; yields (URL, process)."""
    with gunicorn(workers=2, threads=2, SUFFICIENCY_BODY_TIMEOUT=2) as running:
        yield running


@pytest.fixture(scope="module")
def proxied(server, tmp_path_factory):
    if not NGINX.exists():
        pytest.fail(f"{NGINX} not found: install Debian's nginx (make test does, as root)")
    with nginx(server[0], tmp_path_factory.mktemp("nginx")) as running:
        yield running


def test_gunicorn_names_no_server_software(server):
    with _get(server[0] + "/healthz") as r:
        assert r.status == 200 and r.headers.get_all("Server") is None


def test_a_body_trickled_straight_to_gunicorn_is_cut_at_the_deadline(server):
    url, _ = server
    slow = Tricklers(url, 16)  # four times the threads
    try:
        deadline = time.monotonic() + 120
        while len(slow.answers) < 16 and time.monotonic() < deadline:
            time.sleep(0.5)
        # each was answered 408 after its 2 s (the threads came free), none kept a thread
        assert slow.answers == ["HTTP/1.1 408 REQUEST TIMEOUT"] * 16
        with _get(url + "/healthz", timeout=60) as r:
            assert r.status == 200
    finally:
        slow.close()


def test_64_clients_trickling_bodies_do_not_stop_healthz_behind_the_proxy(proxied):
    https, _, context = proxied
    slow = Tricklers(https, 64, context)
    try:
        time.sleep(3)  # the bodies are on their way, a byte a second
        for _ in range(5):
            with _get(https + "/healthz", context, timeout=20) as r:
                assert r.status == 200 and json.load(r)["status"] == "ok"
        assert len(slow.socks) == 64  # still trickling, held by nginx alone
    finally:
        slow.close()


def test_the_proxy_serves_over_tls_with_hsts_and_names_no_server_software(proxied):
    https, _, context = proxied
    with _get(https + "/", context) as r:
        assert r.status == 200
        assert r.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]  # the app's own headers pass
        assert r.headers.get_all("Server") == ["nginx"]  # no version, and not gunicorn's


def test_plain_http_is_redirected_to_https(proxied):
    _, http, _ = proxied

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(http + "/?year=2020", timeout=10)
        raise AssertionError("no redirect")
    except urllib.error.HTTPError as err:
        assert err.code == 301 and err.headers["Location"].startswith("https://") and "year=2020" in err.headers["Location"]


def test_the_proxy_refuses_a_body_over_the_upload_limit(proxied):
    https, _, context = proxied
    r = _get(https + "/_dash-update-component", context, method="POST", data=b"x" * (8 * 1024 * 1024),
             headers={"Content-Type": "application/json"})
    assert r.code == 413 and r.headers.get("Strict-Transport-Security")


def test_a_large_upload_passes_the_proxy(proxied):
    import base64

    from sufficiency.app import create_app
    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.uploads.example import example_csv
    from sufficiency.uploads.parse import default_gazetteer
    from tests.integration.callback_bodies import body, find

    https, _, context = proxied
    callbacks = create_app(EMBEDDED_DATA).callback_map
    contents = "data:text/csv;base64," + base64.b64encode(example_csv(default_gazetteer(), rows=40_000).encode()).decode()
    data = json.dumps(body(callbacks, find(callbacks, inputs=("contents",)), contents=contents,
                           filename="placements.csv")).encode()
    with _get(https + "/_dash-update-component", context, method="POST", data=data, timeout=60,
              headers={"Content-Type": "application/json"}) as r:
        assert r.status == 200 and json.load(r)["response"]


def test_killing_a_worker_under_load_loses_only_its_requests_in_flight(server):
    """SIGKILL one of the two workers while 8 clients keep asking: the requests that fail
    are ones that were in flight at the kill, the master starts a new worker, and every
    request after that is answered."""
    import os
    import signal

    import psutil

    from sufficiency.app import create_app
    from sufficiency.config import EMBEDDED_DATA
    from tests.integration.callback_bodies import body, find

    url, proc = server
    callbacks = create_app(EMBEDDED_DATA).callback_map
    page = find(callbacks, inputs=("search",))
    # quick answers only (the first page was built before the workers forked), so that the
    # clients keep the workers busy without waiting on a page being built
    requests = [("GET", "/healthz", None), ("GET", "/?year=2020", None), ("GET", "/_dash-layout", None),
                ("GET", "/assets/app.css", None),
                ("POST", "/_dash-update-component", json.dumps(body(callbacks, page, search="")).encode())]
    outcomes: list[tuple[float, float, bool]] = []  # start, end, answered
    stop = threading.Event()

    def client(k: int):
        n = k
        while not stop.is_set():
            method, path, data = requests[n % len(requests)]
            n += 1
            started = time.monotonic()
            try:
                with _get(url + path, method=method, data=data, timeout=30,
                          headers={"Content-Type": "application/json"} if data else {}) as r:
                    r.read()
                    ok = r.status == 200
            except (OSError, http.client.HTTPException):  # reset, refused, or cut off mid-body: not answered
                ok = False
            outcomes.append((started, time.monotonic(), ok))

    from sufficiency.snapshot.dirty import web_workers

    master = psutil.Process(proc.pid)
    port = urlsplit(url).port
    workers = {c.pid for c in web_workers(master, port)}
    assert len(workers) == 2
    clients = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(8)]
    for t in clients:
        t.start()
    time.sleep(4)
    victim = sorted(workers)[0]
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # the master replaces the worker
        now = {c.pid for c in web_workers(master, port)}
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.2)
    replaced_at = time.monotonic()
    assert victim not in now and len(now) == 2
    time.sleep(4)
    stop.set()
    for t in clients:
        t.join(timeout=60)
    failed = [(s, e) for s, e, ok in outcomes if not ok]
    assert len(outcomes) > 40
    assert len(failed) <= len(clients), failed  # at most one in flight per client
    assert all(s <= killed_at + 0.5 and e >= killed_at for s, e in failed), (killed_at, failed)  # in flight at the kill
    assert all(ok for s, _, ok in outcomes if s > replaced_at)  # afterwards every request is answered
    with _get(url + "/healthz") as r:
        assert r.status == 200


def test_a_download_is_built_by_the_dirty_worker_not_the_web_worker(server):
    """Under ``make serve`` a snapshot is built in gunicorn's dirty worker: its CPU time grows
    by the build, and the file arrives. (If the dirty worker did not answer, the web worker
    would build the file itself and the download would still work: hence the CPU check.)"""
    import psutil

    from bench import dash_protocol as dp
    from sufficiency.snapshot.dirty import arbiter_pid

    url, _ = server
    arbiter = arbiter_pid(urlsplit(url).port)
    assert arbiter is not None
    builders = psutil.Process(arbiter).children()
    assert len(builders) == 1  # SUFFICIENCY_SNAPSHOT_PROCESSES' default

    def cpu() -> float:
        t = builders[0].cpu_times()
        return t.user + t.system

    def get_json(path: str):
        with _get(url + path) as r:
            return json.load(r)

    def post(body: dict) -> dict:
        with _get(url + "/_dash-update-component", method="POST", data=json.dumps(body).encode(), timeout=120,
                  headers={"Content-Type": "application/json"}) as r:
            return json.load(r)

    callbacks = dp.Callbacks(get_json("/_dash-dependencies"))
    page = dp.Page(get_json("/_dash-layout"))
    search = "?year=2021&sector=private"
    for b in dp.search_bodies(callbacks, page, search, initial=True):
        page.update(post(b))
    before = cpu()
    payload = post(dp.snapshot_body(callbacks, page, search, "xlsx"))
    got = dp.snapshot_file(payload)
    assert got is not None and got["filename"].endswith(".xlsx"), dp.snapshot_message(payload)
    assert cpu() - before > 0.2  # a workbook is about a second of work
