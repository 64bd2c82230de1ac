"""Security headers, Content-Security-Policy, login lockout and log masking.

Production turns on the transport settings (secure cookies, HSTS) in production.py; what is
here applies everywhere so that tests and the demo run under the same policy as production.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from csp.constants import NONE, SELF

from .env import env
from .stripe import STRIPE_JS_URL


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(stripe_js_url: str) -> dict:
    """The policy every page is served with. Stripe.js is the only third-party script; the
    origin it is loaded from (Stripe's CDN, or localstripe in tests) is derived from
    STRIPE_JS_URL, and real Stripe also needs its API and 3-D Secure frames.

    https://django-csp.readthedocs.io/en/latest/configuration.html
    https://docs.stripe.com/security/guide#content-security-policy
    """
    stripe_origin = _origin(stripe_js_url)
    connect, frames = [stripe_origin], [stripe_origin]
    if urlsplit(stripe_js_url).hostname == "js.stripe.com":
        connect.append("https://api.stripe.com")
        frames.append("https://hooks.stripe.com")
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, stripe_origin],
            "style-src": [SELF],
            "img-src": [SELF, "data:", "blob:"],
            "font-src": [SELF, "data:"],
            "connect-src": [SELF, *connect],
            "frame-src": [SELF, *frames],
            "media-src": [SELF, "blob:"],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }


CONTENT_SECURITY_POLICY = content_security_policy(STRIPE_JS_URL)
# Pages we do not write ourselves set style attributes: Wagtail's and Django's admin and the
# Swagger UI may use inline styles (core.security.ContentSecurityPolicyMiddleware).
CSP_INLINE_STYLE_PATH_PREFIXES = ("/admin/", "/django-admin/", "/api/v1/docs/")
# Wagtail 8's admin still writes inline <script>s (date/time choosers, InlinePanel, multiple
# chooser panel templates); behind a staff login it may run them. Everything else in the
# policy (no eval, no third-party origin, no plugins, no framing) holds there too.
CSP_INLINE_SCRIPT_PATH_PREFIXES = ("/admin/", "/django-admin/")

# https://docs.djangoproject.com/en/5.2/ref/clickjacking/
X_FRAME_OPTIONS = "DENY"
# https://docs.djangoproject.com/en/5.2/ref/middleware/#referrer-policy
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Sign-in guessing (core.login_throttle, a django-axes handler). Failures count per account
# only, whatever the address (rotating addresses does not help): after AXES_FAILURE_LIMIT the
# account waits LOGIN_ACCOUNT_DELAY_SECONDS before its next try, doubling with each further
# failure up to LOGIN_ACCOUNT_DELAY_MAX_SECONDS; failures are remembered AXES_COOLOFF_TIME and a
# successful sign-in clears them. A browser that signed in to the account before (a signed
# cookie) does not wait, so a stranger guessing cannot keep the owner out. No address is ever
# locked (a counter PC or a carrier NAT is shared): against password spraying an address that
# failed LOGIN_ADDRESS_FREE_FAILURES times in LOGIN_ADDRESS_WINDOW_SECONDS pauses a few seconds
# after each further failure (at most LOGIN_ADDRESS_DELAY_MAX_SECONDS). Clear an account's
# failures: `manage.py axes_reset_username <name>`.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_HANDLER = "core.login_throttle.LoginDelayHandler"
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout_response"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=env.int("LOGIN_FAILURE_MEMORY_HOURS", default=24))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for "ip_address" in AXES_LOCKOUT_PARAMETERS: that is the address lockout this
# replaces (it locked out everyone behind a shared address). Failures here count per account
# whatever the address, User-Agent or cookies, and the one cookie that matters is signed.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# A try refused while the account waits is not counted (and does not lengthen the wait).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_ACCOUNT_DELAY_SECONDS = env.int("LOGIN_ACCOUNT_DELAY_SECONDS", default=60)
LOGIN_ACCOUNT_DELAY_MAX_SECONDS = env.int("LOGIN_ACCOUNT_DELAY_MAX_SECONDS", default=3600)
LOGIN_ADDRESS_FREE_FAILURES = env.int("LOGIN_ADDRESS_FREE_FAILURES", default=30)
LOGIN_ADDRESS_WINDOW_SECONDS = env.int("LOGIN_ADDRESS_WINDOW_SECONDS", default=15 * 60)
LOGIN_ADDRESS_DELAY_SECONDS = 2
LOGIN_ADDRESS_DELAY_MAX_SECONDS = env.int("LOGIN_ADDRESS_DELAY_MAX_SECONDS", default=60)
LOGIN_DEVICE_COOKIE = "etalase_perangkat"
LOGIN_DEVICE_COOKIE_DAYS = 180
# Behind nginx (deploy/nginx-etalase.conf appends the client to X-Forwarded-For) the client is
# the TRUSTED_PROXY_COUNT-th address from the right; 0 = use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_USERNAME_CALLABLE = "core.security.axes_username"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# Password-reset e-mails (portal.forms.ThrottledPasswordResetMixin): at most this many an hour to
# one account, and at most this many requests an hour from one client address (whatever e-mail
# they type); beyond, nothing is sent and the page answers as always.
PASSWORD_RESET_EMAILS_PER_ACCOUNT = env.int("PASSWORD_RESET_EMAILS_PER_ACCOUNT", default=3)
PASSWORD_RESET_REQUESTS_PER_ADDRESS = env.int("PASSWORD_RESET_REQUESTS_PER_ADDRESS", default=20)

# The registration wizard (registry.views.wizard_post_allowed, registry.signups): posts per
# client address before sign-in, per account after, in each window; counter staff are not
# throttled. A visitor's account is made when the e-mailed link is opened (valid
# REGISTRATION_CONFIRM_HOURS); one mailbox gets at most REGISTRATION_EMAILS_PER_ADDRESS signup
# e-mails an hour.
REGISTRATION_POSTS_PER_WINDOW = env.int("REGISTRATION_POSTS_PER_WINDOW", default=30)
REGISTRATION_WINDOW_SECONDS = env.int("REGISTRATION_WINDOW_SECONDS", default=10 * 60)
REGISTRATION_CONFIRM_HOURS = env.int("REGISTRATION_CONFIRM_HOURS", default=48)
REGISTRATION_EMAILS_PER_ADDRESS = env.int("REGISTRATION_EMAILS_PER_ADDRESS", default=3)

# Passwords: at least 10 characters, not common, not all digits, not like the username.
# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/#password-validation
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
