"""Personal data encrypted at rest (Fernet) plus a keyed hash for equality look-ups.

NIK must never be stored in clear (UU 27/2022): the ciphertext is what the database holds,
and `nik_digest` lets us find duplicates without decrypting every row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


def _key_material() -> bytes:
    configured = settings.FIELD_ENCRYPTION_KEY
    if configured:
        return configured.encode()
    return base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest())


def fernet() -> Fernet:
    return Fernet(_key_material())


def digest(value: str) -> str:
    return hmac.new(_key_material(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python code sees the plain value."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        try:
            return fernet().decrypt(value.encode()).decode()
        except InvalidToken:
            return ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return fernet().encrypt(value.encode()).decode()
