"""Stripe. STRIPE_API_BASE points the SDK at localstripe in tests and the demo.

https://docs.stripe.com/api  ·  https://github.com/stripe/stripe-python
"""
from .env import env

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
STRIPE_TIMEOUT = env.float("STRIPE_TIMEOUT", default=10.0)
# Where Stripe.js is loaded from: Stripe's CDN, or localstripe's stand-in in tests/demo.
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
