"""gunicorn settings for ``make serve``: ``gunicorn -c gunicorn.conf.py sufficiency.server:application``.

Environment: ``PORT`` (default 8050), ``HOST`` (default 127.0.0.1), ``WEB_CONCURRENCY``
(worker processes, default 2 per core, at most 8), ``THREADS`` (threads per worker,
default 4), ``TIMEOUT`` (seconds, default 30), ``SUFFICIENCY_BODY_TIMEOUT`` (seconds a
client has to send a request body, default 30; see sufficiency/request_guard.py).

Slow clients. A gthread worker reads each request in one of its threads, and the thread
stays with that request until its body has arrived: gunicorn has no header or body read
timeout (only a 5 s wait for the first byte of a new connection), and ``timeout`` is a
heartbeat of the worker process, not a limit on a request. So a few dozen clients
trickling their requests can hold every thread. What protects the service is a buffering
reverse proxy in front (docs/deployment.md: nginx reads whole requests before passing them
on, with its own header and body timeouts); here gunicorn listens on loopback only for
that proxy, bounds the size of a request's head, and the app cuts a body that is not in
within ``SUFFICIENCY_BODY_TIMEOUT`` (408), so that no thread is held for longer.
"""

import multiprocessing
import os

from sufficiency.config import web_threads

PORT = int(os.environ.get("PORT", "8050"))
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{PORT}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(8, 2 * multiprocessing.cpu_count())))
threads = web_threads()
worker_class = "gthread"
# Open connections per worker (kept-alive ones included); more wait in the listen backlog.
worker_connections = 200
backlog = 256
# Load the data, hex grid and map layers once in the master; workers share them on fork.
# A data folder that does not match its provenance stops the master here, with one line.
preload_app = True
# The worker heartbeat: a worker that does not report for this long is killed and replaced
# (it does not limit the time of a request in a gthread worker).
timeout = int(os.environ.get("TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# The head of a request: the request line (method, path and query: the app's own limit on
# an address is the same 4,094 bytes), at most 50 header fields of at most 8,190 bytes.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# Recycle workers now and then so that no slow growth in memory can build up.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# One name per port: gunicorn keys its dirty arbiter's pid file on it, and stops the dirty
# arbiter of a server of the same name it finds there as an orphan.
proc_name = f"sufficiency-{PORT}"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: nothing but the port is opened.
control_socket_disable = True


# Snapshot downloads (workbooks, reports, zips) are built in gunicorn's dirty workers:
# SUFFICIENCY_SNAPSHOT_PROCESSES of them for the machine (default 1; 0 builds in the request
# thread), forked from the master once it has loaded and warmed the app, so they start with
# its caches; one chart browser and one PDF browser each (sufficiency/snapshot/jobs.py).
from sufficiency.snapshot import jobs as _jobs  # noqa: E402 (the master loads the app anyway)

dirty_workers = _jobs.processes()
dirty_apps = [_jobs.DIRTY_APP] if dirty_workers else []
# A build the dirty worker gives up on (the web worker waits SUFFICIENCY_SNAPSHOT_TIMEOUT).
dirty_timeout = 300
dirty_threads = 1


def post_fork(server, worker) -> None:
    """Without dirty workers, start the worker's own snapshot processes as it starts."""
    from sufficiency.config import app_data_dir
    from sufficiency.snapshot import jobs

    jobs.start(str(app_data_dir()))


def _without_server_header() -> None:
    """gunicorn writes ``Server: gunicorn`` into every response and has no setting to leave
    it out: drop that line from the headers it writes (its own error pages have none)."""
    from gunicorn.http import wsgi

    written = wsgi.Response.default_headers
    if getattr(written, "without_server", False):
        return

    def default_headers(self):
        return [h for h in written(self) if not h.lower().startswith("server:")]

    default_headers.without_server = True
    wsgi.Response.default_headers = default_headers


_without_server_header()
