"""core.cache.RedisCache: Django's Redis cache with one client per connection pool, against
the real Redis the tests use."""

import threading

from django.core.cache import caches

from core.cache import RedisCache


def test_shared_client_cache_reads_and_writes_from_many_threads(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:6379/{settings.TEST_REDIS_CACHE_DB}",
            "KEY_PREFIX": "test-shared-client",
        }
    }
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
    errors = []

    def work(n):
        try:
            for i in range(50):
                cache.set(f"k{n}:{i}", {"n": n, "i": i}, 30)
                assert cache.get(f"k{n}:{i}") == {"n": n, "i": i}
            assert cache.get_many([f"k{n}:{i}" for i in range(3)]) == {f"k{n}:{i}": {"n": n, "i": i} for i in range(3)}
        except Exception as exc:  # reported below with the thread's number
            errors.append((n, exc))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    cache.delete_many([f"k{n}:{i}" for n in range(8) for i in range(50)])
    assert cache.get("k0:0") is None


def test_production_settings_swap_djangos_redis_backend_for_the_shared_client_one(monkeypatch):
    import importlib

    from tests.conftest import production_environment

    for name, value in production_environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/3")
    production = importlib.reload(importlib.import_module("portal.settings.production"))
    assert production.CACHES["default"]["BACKEND"] == "core.cache.RedisCache"
    assert production.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
