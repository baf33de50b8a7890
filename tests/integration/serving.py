"""The production server in tests: gunicorn with the project's config on a free loopback
port (``make serve``'s command), and Debian's nginx with the example site file in front."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from sufficiency.config import PROJECT_ROOT

NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))
SITE = PROJECT_ROOT / "deploy" / "nginx-sufficiency.conf"
PROXY = PROJECT_ROOT / "deploy" / "nginx-sufficiency-proxy.conf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, *, context: ssl.SSLContext | None = None, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5, context=context) as r:
                if json.load(r)["status"] == "ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer: " + (proc.stderr.read().decode()[-3000:] if proc.stderr else ""))
        time.sleep(0.3)


@contextmanager
def gunicorn(workers: int = 1, threads: int = 4, **env):
    """``make serve``'s command on a free port; yields ``(base URL, process)``."""
    port = free_port()
    environ = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": str(workers), "THREADS": str(threads),
               "ACCESS_LOG": "/dev/null", "SUFFICIENCY_WARM": "first", **{k: str(v) for k, v in env.items()}}
    exe = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    proc = subprocess.Popen([exe, "-c", "gunicorn.conf.py", "sufficiency.server:application"], cwd=PROJECT_ROOT,
                            env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/healthz", proc)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def site_config(upstream_port: int, http_port: int, https_port: int, cert: Path, key: Path, proxy: Path) -> str:
    """The example site file with this machine's ports and paths (nothing else changed)."""
    text = SITE.read_text(encoding="utf-8")
    for old, new in (("server 127.0.0.1:8050", f"server 127.0.0.1:{upstream_port}"),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("/etc/ssl/sufficiency/fullchain.pem", str(cert)), ("/etc/ssl/sufficiency/privkey.pem", str(key)),
                     ("/etc/nginx/sufficiency-proxy.conf", str(proxy))):
        assert old in text, old
        text = text.replace(old, new)
    return text


@contextmanager
def nginx(upstream: str, folder: Path):
    """Debian's nginx running the example site file in front of ``upstream``; yields
    ``(https URL, http URL, SSL context that trusts its certificate)``."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = _certificate(folder)
    proxy = folder / "sufficiency-proxy.conf"
    proxy.write_text(PROXY.read_text(encoding="utf-8"), encoding="utf-8")
    http_port, https_port = free_port(), free_port()
    (folder / "sufficiency.conf").write_text(
        site_config(int(upstream.rsplit(":", 1)[1]), http_port, https_port, cert, key, proxy), encoding="utf-8")
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log {folder / "access.log"};
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {folder / "sufficiency.conf"};
}}
"""
    (folder / "nginx.conf").write_text(main, encoding="utf-8")
    check = subprocess.run([str(NGINX), "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([str(NGINX), "-p", str(folder), "-c", str(folder / "nginx.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    context = ssl.create_default_context(cafile=str(cert))
    https = f"https://127.0.0.1:{https_port}"
    try:
        wait_for(https + "/healthz", proc, context=context, seconds=30)
        yield https, f"http://127.0.0.1:{http_port}", context
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
