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

# django-axes: an account is locked after AXES_FAILURE_LIMIT failed logins in a row, whatever
# the address (so rotating addresses does not help), and an address is locked after as many
# failures in a row across accounts (password spraying); a successful login clears both, so
# the MPP counter's shared address is only locked by a run of failures. The lock lifts after
# the cool-off or when an administrator resets it (`manage.py axes_reset_username <name>`).
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
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

# Passwords: at least 10 characters, not common, not all digits, not like the username.
# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/#password-validation
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
