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
