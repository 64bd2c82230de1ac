import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
application = get_wsgi_application()

# Production refuses to serve with encryption keys that cannot read the stored NIKs
# (FIELD_ENCRYPTION_CHECK_AT_START): a gunicorn worker that fails here stops the server.
from core.crypto import check_at_start  # noqa: E402

check_at_start()
