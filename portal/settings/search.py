"""Search backend: "database" (embedded default) or "elasticsearch" (elasticsearch-dsl).

https://elasticsearch-dsl.readthedocs.io/en/latest/configuration.html
"""

from .env import INSTANCE, env

SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="database")
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
# Short, so that a stalled cluster makes search fall back to the database quickly.
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=2.0)
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default=f"etalase-{INSTANCE}")
