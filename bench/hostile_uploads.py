"""Hostile photo uploads against the deployed stack: what one hostile upload request costs, and
whether /healthz keeps its latency while four clients send them as fast as they can.

    python bench/hostile_uploads.py [--seconds 20] [--attackers 4]

On the production-like stack of bench/harness.py (gunicorn with deploy/gunicorn.conf.py,
portal.settings.production, PostgreSQL, Redis, a Celery worker for the accepted phase), with its
own small database (migrated, one verified owner). Issue 17 found eight 40-megapixel PNGs (1.3 MB
in all, ~160 MB decoded each) cost 57 s and 579 MB in one request, and four such requests at
once made /healthz time out.

- `cost.*`: median time to answer one upload request (alone), and its answer.
- `phase.<name>.healthz.*`: /healthz p50/p95/max, one request after another for `--seconds`,
  while `--attackers` threads of one owner send, over and over: nothing (`quiet`); the empty
  product form page (`beside_pages`); one ordinary 12 MP phone photo (3.6 MB) per request,
  accepted (`beside_ordinary`: on one machine the attackers share the two cores with gunicorn,
  so the fair comparison is the same threads uploading ordinary photos); eight 40 MP PNGs
  (`beside_png40`, the issue's attack); eight 40 MP JPEGs (`beside_jpeg40`); two 40 MP JPEGs,
  accepted and decoded by a Celery worker beside gunicorn (`beside_accepted`, with the owner's
  hourly budget raised so that all are taken).
- `phase.<name>.gunicorn_rss_max`: the largest resident memory of one gunicorn worker seen.
- `phase.beside_accepted.worker.*`: photos the worker decoded in the phase and their rate.
Prints `name: value unit` lines. `--root` runs the same against another checkout (the code
before the fix, e.g. `git archive <commit> | tar -x -C /tmp/before`) for the "before" figures.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import re
import signal
import statistics
import subprocess
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://etalase:etalase@127.0.0.1:5432/etalase_bench_uploads")

import harness  # noqa: E402  (reads BENCH_DATABASE_URL)
from PIL import Image, ImageChops  # noqa: E402

PORT = 8013
OWNER = "bench-uploader"
SETUP = f"""
from django.conf import settings
from django.test import Client
from catalog.models import Category
from portal.models import User
from tests.portal.factories import BusinessFactory
user = User.objects.filter(username="{OWNER}").first()
business = user.businesses.first() if user else BusinessFactory(owner__username="{OWNER}", slug="bench-uploader")
client = Client()
client.force_login(business.owner)
category = Category.objects.order_by("pk").first()
print("SETUP", settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value, business.pk, category.pk)
"""


def png(width: int, height: int) -> bytes:
    """RGBA of one colour, like the issue's: ~160 KB on disk, 4 bytes a pixel once decoded."""
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 120, 40, 255)).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "JPEG", quality=85)
    return out.getvalue()


def phone_photo() -> bytes:
    """A 12-megapixel (4032×3024) JPEG about the size a phone writes (~3.6 MB): a gradient with noise."""
    gradient = Image.linear_gradient("L").resize((4032, 3024))
    noise = Image.effect_noise((4032, 3024), 24)
    out = io.BytesIO()
    Image.merge("RGB", (gradient, ImageChops.add(gradient, noise, 2), noise)).save(out, "JPEG", quality=85)
    return out.getvalue()


def multipart(fields: dict[str, str], files: list[tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for filename, content, content_type in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Owner:
    """The bench owner's session on the live gunicorn, with a CSRF token from the form page."""

    def __init__(self, base: str, env: dict):
        out = harness.manage("shell", "-c", SETUP, env=env).stdout
        _label, self.session_name, session, business, category = out.strip().splitlines()[-1].split()
        self.base, self.cookies = base, {self.session_name: session}
        status, body, headers = self.request("GET", "/akun/produk/baru/")
        if status != "200":
            raise RuntimeError(f"product form answered {status}")
        csrf = re.search(r"(?i)([^=;\s]*csrftoken)=([^;]+)", headers.get("set-cookie", ""))
        self.cookies[csrf.group(1)] = csrf.group(2)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        self.fields = {
            "csrfmiddlewaretoken": self.token,
            "business": business,
            "category": category,
            "name": "Kripik Pisang Bench",
            "price": "12000",
            "unit": "bungkus",
            "weight_grams": "200",
            "stock": "5",
            "min_order": "1",
        }

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = ""):
        connection = http.client.HTTPConnection(urlsplit(self.base).netloc, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Referer": self.base + path}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            return str(response.status), text, {k.lower(): v for k, v in response.getheaders()}
        except (ConnectionError, http.client.HTTPException, TimeoutError) as exc:
            return type(exc).__name__, "", {}
        finally:
            connection.close()

    def upload(self, files) -> str:
        # A name of its own: two products of one name created at the same instant collide on the
        # slug (catalog.services.unique_product_slug checks, then inserts).
        fields = {**self.fields, "name": f"{self.fields['name']} {uuid.uuid4().hex[:8]}"}
        body, content_type = multipart(fields, files)
        status, text, _headers = self.request("POST", "/akun/produk/baru/", body, content_type)
        if status == "200":
            return "refused" if 'class="errorlist' in text else "200"
        return {"302": "accepted"}.get(status, status)


def healthz(base: str) -> float | None:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        ok = response.status == 200
    except (ConnectionError, http.client.HTTPException, TimeoutError):
        ok = False
    finally:
        connection.close()
    return (time.perf_counter() - started) * 1000 if ok else None


def gunicorn_rss_mb() -> float:
    """The largest resident memory of one gunicorn worker bound to PORT, now."""
    out = subprocess.run(["ps", "-eo", "rss,args"], text=True, capture_output=True).stdout
    sizes = [int(line.split()[0]) for line in out.splitlines()[1:] if "gunicorn" in line and "portal.wsgi" in line]
    return max(sizes, default=0) / 1024


def phase(base: str, seconds: float, attackers: int, attack) -> dict:
    stop, answers, latencies, rss = threading.Event(), Counter(), [], [0.0]

    def attacker() -> None:
        while not stop.is_set():
            answers[attack()] += 1

    def sampler() -> None:
        while not stop.is_set():
            rss[0] = max(rss[0], gunicorn_rss_mb())
            stop.wait(0.2)

    threads = [threading.Thread(target=attacker) for _ in range(attackers if attack else 0)]
    threads.append(threading.Thread(target=sampler))
    for thread in threads:
        thread.start()
    deadline, timeouts = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        latency = healthz(base)
        if latency is None:
            timeouts += 1
        else:
            latencies.append(latency)
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=300)
    return {"latencies": latencies, "timeouts": timeouts, "answers": answers, "rss": rss[0]}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def worker(env: dict, root: Path):
    harness.manage("shell", "-c", "from portal.celery import app; app.control.purge()", env=env)
    log = open(root / "var" / "bench-uploads-worker.log", "w")
    queue = f"etalase-{env['ETALASE_INSTANCE']}"
    return subprocess.Popen(
        [harness.PYTHON, "-m", "celery", "-A", "portal", "worker", "-c", "1", "-Q", queue, "--without-gossip"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


FORGET = f"""
from catalog.models import Product
from catalog.images import product_image_remove
products = Product.objects.filter(business__owner__username="{OWNER}")
for product in products:
    for product_image in product.images.all():
        product_image_remove(product_image=product_image)
    for upload in product.photo_uploads.all() if hasattr(product, "photo_uploads") else []:
        upload.file.delete(save=False)
        upload.delete()
products.delete()
"""


def forget_uploads(env: dict) -> None:
    """The bench owner's products, photos and files as sent are deleted (a run stores ~1 GB)."""
    harness.manage("shell", "-c", FORGET, env=env)


def processed_photos(env: dict) -> int:
    script = (
        "from catalog.models import ProductImage; "
        "print(ProductImage.objects.filter(product__name__startswith='Kripik Pisang Bench').count())"
    )
    return int(harness.manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    parser.add_argument("--attackers", type=int, default=4, help="threads of one owner sending uploads")
    parser.add_argument("--root", type=Path, default=None, help="another checkout to serve (before/after)")
    parser.add_argument("--businesses", type=int, default=0, help="ignored (bench/run passes it to every script)")
    parser.add_argument("--products", type=int, default=0, help="ignored")
    args = parser.parse_args()
    if args.root:
        harness.ROOT = args.root.resolve()
    (harness.ROOT / "var").mkdir(exist_ok=True)

    png40, jpeg40, phone = png(8000, 5000), jpeg(8000, 5000), phone_photo()
    print(f"files.png40: {len(png40) / 1024:.0f} KB each, 8 = {8 * len(png40) / 1024 / 1024:.2f} MB per request")
    print(f"files.jpeg40: {len(jpeg40) / 1024:.0f} KB each")
    print(f"files.phone12: {len(phone) / 1024 / 1024:.1f} MB (one per ordinary upload)")
    harness.ensure_database(0, 0)
    # The accepted phase takes every photo: the hourly budget is what this bench measures around.
    extra = {"CATALOG_UPLOAD_MAX_PIXELS_PER_HOUR": 10**15}
    env = harness.bench_env(**extra)
    forget_uploads(env)
    with harness.gunicorn(port=PORT, **extra) as base:
        owner = Owner(base, env)
        attacks = {
            "beside_pages": lambda: owner.request("GET", "/akun/produk/baru/")[0],
            "beside_ordinary": lambda: owner.upload([("IMG_0001.jpg", phone, "image/jpeg")]),
            "beside_png40": lambda: owner.upload([(f"IMG_{i}.png", png40, "image/png") for i in range(8)]),
            "beside_jpeg40": lambda: owner.upload([(f"IMG_{i}.jpg", jpeg40, "image/jpeg") for i in range(8)]),
        }
        for name in ("beside_ordinary", "beside_png40", "beside_jpeg40"):
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                answer = attacks[name]()
                runs.append(((time.perf_counter() - started) * 1000, answer))
            answers = ", ".join(sorted({answer for _ms, answer in runs}))
            label = {"beside_ordinary": "phone12_x1"}.get(name, name.removeprefix("beside_") + "_x8")
            print(f"cost.{label}: {statistics.median(ms for ms, _a in runs):.0f} ms ({answers})")
        results = {"quiet": phase(base, args.seconds, 0, None)}
        for name, attack in attacks.items():
            results[name] = phase(base, args.seconds, args.attackers, attack)
        process = worker(env, harness.ROOT)
        try:
            time.sleep(8)  # the worker starts
            before = processed_photos(env)
            started = time.monotonic()
            results["beside_accepted"] = phase(
                base,
                args.seconds,
                args.attackers,
                lambda: owner.upload([(f"IMG_{i}.jpg", jpeg40, "image/jpeg") for i in range(2)]),
            )
            elapsed = time.monotonic() - started
            decoded = processed_photos(env) - before
            print(f"phase.beside_accepted.worker.photos: {decoded} count in {elapsed:.0f} s")
            print(f"phase.beside_accepted.worker.rate: {decoded / elapsed:.2f} photos/s (40 MP JPEGs)")
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
            forget_uploads(env)
    for name, result in results.items():
        values = result["latencies"]
        print(f"phase.{name}.healthz.p50: {percentile(values, 0.5):.1f} ms")
        print(f"phase.{name}.healthz.p95: {percentile(values, 0.95):.1f} ms")
        print(f"phase.{name}.healthz.max: {max(values, default=float('nan')):.1f} ms")
        print(f"phase.{name}.healthz.answered: {len(values)} of {len(values) + result['timeouts']} count")
        print(f"phase.{name}.gunicorn_rss_max: {result['rss']:.0f} MB")
        if result["answers"]:
            print(f"phase.{name}.attacker_answers: {dict(result['answers'])}")
    hostile = max(percentile(results[name]["latencies"], 0.95) for name in ("beside_png40", "beside_jpeg40"))
    ratio = hostile / percentile(results["beside_ordinary"]["latencies"], 0.95)
    timeouts = sum(result["timeouts"] for result in results.values())
    verdict = "met" if ratio <= 1.25 and timeouts == 0 else "NOT MET"
    print(
        f"summary.hostile_uploads: {verdict} (healthz p95 beside hostile uploads x{ratio:.2f} of beside ordinary "
        f"uploads; {timeouts} health checks unanswered)"
    )


if __name__ == "__main__":
    main()
