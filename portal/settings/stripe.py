"""Stripe. STRIPE_API_BASE points the SDK at localstripe in tests and the demo.

https://docs.stripe.com/api  ·  https://github.com/stripe/stripe-python
"""

from .env import env

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
STRIPE_TIMEOUT = env.float("STRIPE_TIMEOUT", default=10.0)
# Card payment offered at checkout. Development and tests: on when a key is set. Production
# must say it (PAYMENTS_ENABLED=true|false) and refuses to start enabled without the keys.
PAYMENTS_ENABLED = env.bool("PAYMENTS_ENABLED", default=bool(STRIPE_SECRET_KEY))
# Where Stripe.js is loaded from: Stripe's CDN, or localstripe's stand-in in tests/demo.
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
