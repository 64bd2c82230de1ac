"""Midtrans Core API (QRIS, GoPay, ShopeePay, virtual accounts, Mandiri bill, Indomaret/Alfamart).
MIDTRANS_API_BASE points the client at the stand-in (scripts/midtrans_server.py) in tests and
the demo. docs/payments-midtrans.md lists the requests and answers the client relies on.

https://docs.midtrans.com/reference/core-api-overview  ·  https://docs.midtrans.com/docs/api-authorization-headers
"""

from .env import env

# Sandbox https://api.sandbox.midtrans.com, production https://api.midtrans.com, the stand-in
# http://127.0.0.1:8430 (https://docs.midtrans.com/docs/coreapi-core-api-bank-transfer-integration).
MIDTRANS_API_BASE = env.str("MIDTRANS_API_BASE", default="https://api.sandbox.midtrans.com")
# Sent as the HTTP Basic user name with an empty password; it also signs the notifications
# (https://docs.midtrans.com/docs/https-notification-webhooks#verifying-signature-key).
MIDTRANS_SERVER_KEY = env.str("MIDTRANS_SERVER_KEY", default="")
# Seconds to connect and seconds to wait for an answer, per request.
MIDTRANS_TIMEOUT = env.float("MIDTRANS_TIMEOUT", default=10.0)
# Sent as X-Override-Notification on every charge when set; empty: the URL set in the Midtrans
# dashboard is used (https://docs.midtrans.com/docs/https-notification-webhooks#customizing-notification-url-via-api).
MIDTRANS_NOTIFICATION_URL = env.str("MIDTRANS_NOTIFICATION_URL", default="")
