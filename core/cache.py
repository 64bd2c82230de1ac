"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per
cache call. Django builds a new `redis.Redis` for every get/set; its constructor copies the
response-callback table (about 200 entries), which cost more CPU than the Redis round trip on
list pages that read the cache four times. redis-py clients are thread-safe and hold no
connection of their own (the pool does), so sharing one per pool changes nothing else.

https://docs.djangoproject.com/en/5.2/topics/cache/#redis
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # Django's private pool helpers (what its own get_client uses); django-stubs omits them.
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
