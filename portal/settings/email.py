"""E-mail. Development and the demo print messages to the console; production sends over SMTP
with the host and credentials from the environment (production.py makes EMAIL_HOST required).
The timeout keeps a hung mail server from holding a Celery worker: the outbox retries instead.

https://docs.djangoproject.com/en/5.2/topics/email/#smtp-backend
"""

from .env import env

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Etalase MPP <noreply@etalase-mpp.local>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
