"""The one place the environment is read (django-environ).

https://django-environ.readthedocs.io/en/latest/
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer's .env (never committed) overrides nothing already set in the real environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Separates databases, queues, caches and search indexes of parallel checkouts on one machine.
INSTANCE = env.str("ETALASE_INSTANCE", default="main")


def cache_from_env(default: str) -> dict:
    """The default cache from CACHE_URL; Django's Redis backend is swapped for the portal's
    subclass that keeps one client per connection pool (portal/cache.py)."""
    config = env.cache("CACHE_URL", default=default)
    if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        config["BACKEND"] = "core.cache.RedisCache"
    return config
