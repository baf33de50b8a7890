"""gunicorn settings for ``make serve``: ``gunicorn -c gunicorn.conf.py sufficiency.server:application``.

Environment: ``PORT`` (default 8050), ``HOST`` (default 127.0.0.1), ``WEB_CONCURRENCY``
(worker processes, default 2 per core, at most 8), ``THREADS`` (threads per worker,
default 4), ``TIMEOUT`` (seconds, default 60).
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{int(os.environ.get('PORT', '8050'))}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(8, 2 * multiprocessing.cpu_count())))
threads = int(os.environ.get("THREADS", "4"))
worker_class = "gthread"
# Load the data, hex grid and map layers once in the master; workers share them on fork.
preload_app = True
timeout = int(os.environ.get("TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that no slow growth in memory can build up.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Never tell a client which server software answers.
proc_name = "sufficiency"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: nothing but the port is opened.
control_socket_disable = True
