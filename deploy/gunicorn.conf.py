"""gunicorn for production: https://docs.gunicorn.org/en/stable/settings.html

Two sync workers per core suit this portal's short, database-bound requests on 2-core hosts;
threads let a worker overlap the occasional slow call (Stripe, Elasticsearch) without forking more.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
