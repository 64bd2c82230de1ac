"""System checks of the portal's own configuration (`manage.py check`)."""

from __future__ import annotations

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from core import crypto


@register(Tags.security)
def encryption_keys_configured(app_configs=None, **kwargs):
    """The encryption and digest keys are well-formed and unambiguous (docs/security.md)."""
    try:
        crypto.encryption_keys()
        crypto.digest_key()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="core.E001")]
    return []


@register(Tags.database)
def encryption_keys_open_stored_rows(app_configs=None, databases=None, **kwargs):
    """A few stored rows per encrypted column decrypt with the configured keys and their digests
    match: run by `migrate` and `check --database default` (deploy/etalase-web.service)."""
    errors: list[Error] = []
    for alias in databases or []:
        try:
            problems = crypto.stored_value_problems(alias)
        except ImproperlyConfigured:
            continue  # reported by encryption_keys_configured
        errors.extend(
            Error(
                problem,
                hint="Configure the key these rows were written with (FIELD_ENCRYPTION_KEYS, old keys last) "
                "and FIELD_DIGEST_KEY; see docs/security.md 'Encryption keys'.",
                id="core.E002",
            )
            for problem in problems
        )
    return errors
