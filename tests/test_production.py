"""Production's start-up (bin/serve) as an operator runs it: DEBUG off, a fresh STATIC_ROOT."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.test_settings import A_REAL_SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict | None = None):
    """(status, headers, body) of a GET, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_production_start_up_serves_pages_and_static_files(tmp_path):
    port = free_port()
    static_root = tmp_path / "static"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({
        "PYTHON": sys.executable, "DEBUG": "false", "SECRET_KEY": A_REAL_SECRET_KEY, "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(tmp_path / "media"), "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1",
        # Behind a proxy that ends HTTPS and says so.
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    })
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([str(ROOT / "bin" / "serve")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.5)
        https = {"X-Forwarded-Proto": "https"}
        status, headers, body = fetch(base + "/", https)
        assert status == 200, body.decode(errors="replace")[:2000]
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        # The stylesheet under its hashed name, gathered by collectstatic into the fresh STATIC_ROOT.
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode()).group(1)
        status, _headers, css = fetch(base + stylesheet, https)
        assert status == 200 and b".site-header" in css
        assert (static_root / "staticfiles.json").exists()
        # Plain HTTP is sent to HTTPS.
        status, headers, _body = fetch(base + "/")
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()
    access_log = (tmp_path / "serve.log").read_text()
    assert '"GET / HTTP/1.1" 200' in access_log
