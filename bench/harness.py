"""Shared plumbing for the benchmarks: a seeded PostgreSQL database, gunicorn with production-like
settings on 127.0.0.1, wrk runs parsed into figures, and an nginx serving static copies as the
ceiling. Every figure is printed as `name: value unit`.

Benchmarks send traffic only to 127.0.0.1 and every run is bounded in time.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The checkout's .venv, else the interpreter running the bench (a worktree sharing another venv).
VENV_BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "python").exists() else Path(sys.executable).parent
PYTHON = str(VENV_BIN / "python")
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://etalase:etalase@127.0.0.1:5432/etalase_bench")
WRK_LUA = Path(__file__).resolve().parent / "percentiles.lua"


def bench_env(**extra) -> dict:
    """Production-like environment: DEBUG off, PostgreSQL, Redis cache, ES search if asked."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-secret-key-not-for-production-use-0123456789",
        "FIELD_ENCRYPTION_KEY": "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": BENCH_DB,
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/6",
        "SEARCH_BACKEND": os.environ.get("BENCH_SEARCH_BACKEND", "elasticsearch"),
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "ETALASE_INSTANCE": "bench",
        "LOG_LEVEL": "WARNING",
        # Required by portal.settings.production; no mail is sent and nothing is paid here.
        "EMAIL_HOST": "127.0.0.1",
        "PAYMENTS_ENABLED": "false",
    }
    env.update({k: str(v) for k, v in extra.items()})
    if not env["FIELD_ENCRYPTION_KEY"]:
        env["FIELD_ENCRYPTION_KEY"] = "x2S1bCqjH0bDgTqZ3wJtU5uOa4o9yK7fLrYQm6cEvNs="
    return env


def manage(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env or bench_env(), check=check, text=True, capture_output=True
    )


def ensure_database(businesses: int, products: int) -> None:
    """Create, migrate and seed the bench database once per size (reused afterwards)."""
    name = BENCH_DB.rsplit("/", 1)[1]
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-qc", f"CREATE DATABASE {name} OWNER etalase"], capture_output=True
    )
    env = bench_env()
    manage("migrate", "--noinput", "-v0", env=env)
    count = manage("shell", "-c", "from catalog.models import Product; print(Product.objects.count())", env=env)
    have = int(count.stdout.strip().splitlines()[-1] or 0)
    if have < products:
        started = time.monotonic()
        manage("seed_demo", "--businesses", str(businesses), "--products", str(products), env=env)
        print(f"seed_seconds: {time.monotonic() - started:.1f} s")
    manage("collectstatic", "--noinput", "-v0", env=env)


@contextlib.contextmanager
def gunicorn(port: int = 8001, workers: int | None = None, **env_extra):
    env = bench_env(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_ACCESSLOG="/dev/null", **env_extra)
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    # The error log goes to a file: a pipe nobody reads fills after 64 KB of log lines (every
    # refused request logs a warning) and then blocks every worker that writes to it.
    (ROOT / "var").mkdir(exist_ok=True)
    errors = open(ROOT / "var" / f"bench-gunicorn-{port}.log", "w")
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "portal.wsgi:application", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        start_new_session=True,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        errors.close()


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def warm(url: str, times: int = 12) -> None:
    """A few requests first, so that every worker has loaded its code and templates."""
    for _ in range(times):
        fetch(url)


def wrk(url: str, *, connections: int = 32, duration: int = 10, threads: int = 2) -> dict:
    """Run wrk against url; returns requests/s, latency percentiles (ms) and error count."""
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(WRK_LUA), url],
        check=True,
        text=True,
        capture_output=True,
        timeout=duration + 60,
    ).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for name in ("p50", "p95", "p99"):
        figures[name] = float(re.search(rf"^{name} ([\d.]+)$", out, re.M).group(1)) / 1000.0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["errors"] = (sum(int(g) for g in errors.groups()) if errors else 0) + (
        int(non2xx.group(1)) if non2xx else 0
    )
    return figures


def report(name: str, figures: dict) -> None:
    print(f"{name}.rps: {figures['rps']:.0f} req/s")
    for key in ("p50", "p95", "p99"):
        print(f"{name}.{key}: {figures[key]:.1f} ms")
    print(f"{name}.errors: {figures['errors']} count")


@contextlib.contextmanager
def nginx_static(files: dict[str, bytes], port: int = 8089):
    """Serve the given path → bytes as static files from nginx: the throughput ceiling."""
    root = Path(tempfile.mkdtemp(prefix="etalase-nginx-"))
    root.chmod(0o755)  # nginx workers run as an unprivileged user
    for path, body in files.items():
        target = root / "www" / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    conf = root / "nginx.conf"
    conf.write_text(f"""
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  default_type text/html;
  server {{ listen 127.0.0.1:{port}; root {root}/www; }}
}}
""")
    subprocess.run(["nginx", "-c", str(conf), "-p", str(root)], check=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/{next(iter(files)).lstrip('/')}")
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run(["nginx", "-c", str(conf), "-p", str(root), "-s", "stop"], check=False)
        time.sleep(0.5)
        shutil.rmtree(root, ignore_errors=True)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def fetch_headers(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return {k.lower(): v for k, v in response.headers.items()}


@contextlib.contextmanager
def nginx_site(upstream_port: int = 8001, port: int = 8090):
    """The shipped deploy/nginx-etalase.conf (micro-cache, static and media from disk) in front
    of gunicorn, with only its paths and ports pointed at this checkout."""
    env = bench_env()
    root = Path(tempfile.mkdtemp(prefix="etalase-nginx-site-"))
    root.chmod(0o755)  # nginx workers (an unprivileged user) keep the cache in here
    site = (ROOT / "deploy" / "nginx-etalase.conf").read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("/var/cache/nginx/etalase", str(root / "cache")),
        ("/srv/etalase/var/static/", env["STATIC_ROOT"].rstrip("/") + "/"),
        ("/srv/etalase/var/media/", env["MEDIA_ROOT"].rstrip("/") + "/"),
        ("server 127.0.0.1:8001;", f"server 127.0.0.1:{upstream_port};"),
    ):
        if old not in site:
            raise RuntimeError(f"deploy/nginx-etalase.conf no longer contains {old!r}")
        site = site.replace(old, new)
    conf = root / "nginx.conf"
    conf.write_text(f"""
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  proxy_temp_path {root}/proxy_temp;
  client_body_temp_path {root}/client_temp;
{site}
}}
""")
    subprocess.run(["nginx", "-t", "-q", "-c", str(conf), "-p", str(root)], check=True)
    subprocess.run(["nginx", "-c", str(conf), "-p", str(root)], check=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run(["nginx", "-c", str(conf), "-p", str(root), "-s", "stop"], check=False)
        time.sleep(0.5)
        shutil.rmtree(root, ignore_errors=True)


def database_writes(env: dict | None = None) -> int:
    """Rows inserted, updated or deleted in the bench database so far (pg_stat_user_tables)."""
    out = manage(
        "shell",
        "-c",
        (
            "from django.db import connection\n"
            "c = connection.cursor(); c.execute('SELECT pg_stat_clear_snapshot()')\n"
            "c.execute('SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables')\n"
            "print(c.fetchone()[0])"
        ),
        env=env or bench_env(),
    )
    return int(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit("import this module from a bench script")
