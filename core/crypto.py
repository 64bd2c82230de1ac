"""Personal data encrypted at rest (Fernet) plus a keyed hash for equality look-ups.

NIK must never be stored in clear (UU 27/2022): the ciphertext is what the database holds,
and `nik_digest` lets us find duplicates without decrypting every row.

Fail closed: a value no configured key opens reads as `UNDECRYPTABLE`, never as an empty
string, and is refused wherever it would be written back or hashed (`UndecryptableError`), so
a wrong key cannot wipe NIKs one profile save at a time. Keys rotate with MultiFernet
(`FIELD_ENCRYPTION_KEYS`, newest first; `manage.py reencrypt_fields`); the digest has its own
key (`FIELD_DIGEST_KEY`) so look-ups keep matching across rotations. docs/security.md
"Encryption keys" is the operator's side.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, models, transaction
from django.db.models import Value
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy

logger = logging.getLogger(__name__)

# How many stored values per encrypted column the start-up check decrypts (newest and oldest).
SAMPLE_ROWS = 3


class UndecryptableError(RuntimeError):
    """A value that no configured key could decrypt was about to be written or hashed."""


class Undecryptable:
    """What an encrypted field reads as when no configured key opens its ciphertext: truthy
    (there *is* a stored value), shown as a clear placeholder, and never writable."""

    _instance = None
    label = gettext_lazy("[tidak dapat dibuka: kunci enkripsi tidak cocok]")

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return str(self.label)

    def __repr__(self) -> str:
        return "UNDECRYPTABLE"

    def __reduce__(self):
        return (Undecryptable, ())


UNDECRYPTABLE = Undecryptable()


def is_undecryptable(value) -> bool:
    return isinstance(value, Undecryptable)


# --- keys ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except ValueError:
            raise ImproperlyConfigured(
                f"Encryption key {position} is not a Fernet key "
                "(32 url-safe base64-encoded bytes: Fernet.generate_key())."
            ) from None
    return MultiFernet(fernets)


def _derived_key() -> str:
    """The key of a checkout with nothing configured (dev, demo): derived from SECRET_KEY."""
    return base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest()).decode()


def encryption_keys() -> list[str]:
    """The Fernet keys, newest first: the first encrypts, every one decrypts.

    FIELD_ENCRYPTION_KEYS is the list; FIELD_ENCRYPTION_KEY (the single key of earlier
    releases) still works on its own; with neither, a key derived from SECRET_KEY."""
    keys = [k.strip() for k in settings.FIELD_ENCRYPTION_KEYS if k.strip()]
    single = settings.FIELD_ENCRYPTION_KEY
    if keys and single:
        raise ImproperlyConfigured(
            "Set FIELD_ENCRYPTION_KEYS or FIELD_ENCRYPTION_KEY, not both: "
            "put the old FIELD_ENCRYPTION_KEY last in FIELD_ENCRYPTION_KEYS."
        )
    keys = keys or ([single] if single else [_derived_key()])
    _multi_fernet(tuple(keys))  # refuses a malformed key
    return keys


def digest_key() -> bytes:
    """The HMAC key of `digest()`. Stable across encryption-key rotations: FIELD_DIGEST_KEY, or
    by default the key material digests were made with before it existed (FIELD_ENCRYPTION_KEY,
    else the SECRET_KEY-derived key), so existing digests keep matching."""
    configured = settings.FIELD_DIGEST_KEY
    if configured:
        return configured.encode()
    if settings.FIELD_ENCRYPTION_KEY:
        return settings.FIELD_ENCRYPTION_KEY.encode()
    if settings.FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is set but FIELD_DIGEST_KEY is not: set FIELD_DIGEST_KEY to the key "
            "the NIK digests were made with (the former FIELD_ENCRYPTION_KEY), see docs/security.md."
        )
    return _derived_key().encode()


def fernet() -> MultiFernet:
    """Encrypts with the newest key, decrypts with any (built once per key list)."""
    return _multi_fernet(tuple(encryption_keys()))


def primary_fernet() -> Fernet:
    return Fernet(encryption_keys()[0])


def digest(value: str) -> str:
    if is_undecryptable(value):
        raise UndecryptableError("refusing to hash a value that could not be decrypted")
    return hmac.new(digest_key(), value.encode(), hashlib.sha256).hexdigest()


# --- the field -------------------------------------------------------------------------------


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python code sees the plain value, or UNDECRYPTABLE when no
    configured key opens it (logged; never written back)."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        try:
            return fernet().decrypt(value.encode()).decode()
        except InvalidToken:
            logger.error(
                "%s.%s: no configured FIELD_ENCRYPTION_KEYS key decrypts a stored value; it reads as "
                "undecryptable and will not be written back",
                self.model._meta.label if hasattr(self, "model") else "?",
                self.name,
            )
            return UNDECRYPTABLE

    def get_prep_value(self, value):
        if is_undecryptable(value):
            raise UndecryptableError(f"refusing to write back {self.name}: it could not be decrypted")
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return fernet().encrypt(value.encode()).decode()

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        if is_undecryptable(value):
            raise UndecryptableError(f"refusing to serialise {self.name}: it could not be decrypted")
        return super().value_to_string(obj)


def encrypted_fields():
    """(model, field) for every EncryptedTextField of every installed model."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def _sample(model, field, using: str) -> list[tuple]:
    """The newest and oldest stored ciphertexts of one column, with their digest if the model
    has a `<field>_digest` column: a few rows, read raw (no decryption)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    table, column, pk = quote(model._meta.db_table), quote(field.column), quote(model._meta.pk.column)
    digest_field = next((f for f in model._meta.concrete_fields if f.name == f"{field.name}_digest"), None)
    digest_column = quote(digest_field.column) if digest_field else "''"
    rows = []
    with connection.cursor() as cursor:
        for order in ("DESC", "ASC"):
            cursor.execute(
                f"SELECT {pk}, {column}, {digest_column} FROM {table} "  # noqa: S608 - quoted names only
                f"WHERE {column} IS NOT NULL AND {column} <> '' ORDER BY {pk} {order} LIMIT %s",
                [SAMPLE_ROWS],
            )
            rows.extend(cursor.fetchall())
    return list(dict.fromkeys(rows))


def stored_value_problems(using: str = "default") -> list[str]:
    """What is wrong between the configured keys and the rows already stored: values no key
    decrypts, and digests FIELD_DIGEST_KEY does not reproduce. Empty when all is well or when
    the database cannot be read yet (not migrated, not reachable: nothing stored to protect)."""
    problems = []
    keys = fernet()
    for model, field in encrypted_fields():
        try:
            rows = _sample(model, field, using)
        except DatabaseError as exc:
            logger.warning("encryption key check skipped for %s: %s", model._meta.db_table, exc)
            continue
        for pk, ciphertext, stored_digest in rows:
            try:
                plain = keys.decrypt(ciphertext.encode()).decode()
            except InvalidToken:
                problems.append(
                    f"{model._meta.label}.{field.name} (id {pk}): no key in FIELD_ENCRYPTION_KEYS decrypts "
                    "the stored value"
                )
                continue
            if stored_digest and not hmac.compare_digest(stored_digest, digest(plain)):
                problems.append(
                    f"{model._meta.label}.{field.name}_digest (id {pk}): FIELD_DIGEST_KEY does not reproduce "
                    "the stored digest"
                )
    return problems


def ensure_keys_open_stored_rows(using: str = "default") -> None:
    """Refuse to start (ImproperlyConfigured) when the keys cannot read what is stored: the
    web and worker processes call this at start in production (FIELD_ENCRYPTION_CHECK_AT_START)."""
    encryption_keys()
    digest_key()
    problems = stored_value_problems(using)
    if problems:
        raise ImproperlyConfigured(
            "The configured encryption keys cannot read the stored personal data; refusing to start "
            "(docs/security.md, 'Encryption keys'):\n  " + "\n  ".join(problems)
        )


def check_at_start() -> None:
    """At process start (not in a request): the check, then its connection closed, so no
    connection opened before a fork is shared by the worker processes."""
    if settings.FIELD_ENCRYPTION_CHECK_AT_START:
        try:
            ensure_keys_open_stored_rows()
        finally:
            connections.close_all()


@dataclass
class ReencryptResult:
    """What `reencrypt_column` did to one encrypted column."""

    label: str
    total: int = 0
    rewritten: int = 0
    current: int = 0
    unreadable: list = dataclass_field(default_factory=list)


def reencrypt_column(model, field, *, batch_size: int = 500, progress=None) -> ReencryptResult:
    """Re-encrypt every stored value of one column with the newest key (MultiFernet.rotate).

    Idempotent: a value the newest key already opens is left as it is, so a second run, or one
    resumed after an interruption, rewrites nothing again. Values no key opens are left untouched
    and listed. Batches are locked (select_for_update) so a concurrent profile save is not lost;
    `updated_at` and the digests do not change. `progress(result)` is called after each batch."""
    result = ReencryptResult(label=f"{model._meta.label}.{field.name}")
    newest, keys = primary_fernet(), fernet()
    stored = model._base_manager.exclude(**{f"{field.attname}__isnull": True}).exclude(**{field.attname: ""})
    result.total = stored.count()
    last_pk = None
    while True:
        with transaction.atomic():
            batch = stored.order_by("pk")
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            rows = list(
                batch.select_for_update()
                .annotate(_ciphertext=Cast(field.attname, output_field=models.TextField()))
                .values_list("pk", "_ciphertext")[:batch_size]
            )
            for pk, ciphertext in rows:
                token = ciphertext.encode()
                try:
                    newest.decrypt(token)
                    result.current += 1
                    continue
                except InvalidToken:
                    pass
                try:
                    rotated = keys.rotate(token).decode()
                except InvalidToken:
                    result.unreadable.append(pk)
                    continue
                model._base_manager.filter(pk=pk).update(
                    **{field.attname: Value(rotated, output_field=models.TextField())}
                )
                result.rewritten += 1
        if not rows:
            return result
        last_pk = rows[-1][0]
        if progress:
            progress(result)


class UndecryptableDataMiddleware:
    """A request that would write back (or hash) an undecryptable value ends with a clear page,
    nothing changed (the transaction rolled back), instead of a bare server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UndecryptableError):
            return None
        logger.error("request %s refused: %s", request.path, exception)
        html = render_to_string(
            "core/undecryptable.html",
            {
                "message": gettext(
                    "Data terenkripsi di server tidak dapat dibuka dengan kunci yang terpasang, jadi "
                    "perubahan ini tidak disimpan dan tidak ada data yang diubah. Hubungi administrator portal."
                )
            },
            request=request,
        )
        return HttpResponse(html, status=503)
