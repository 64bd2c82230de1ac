"""Encryption keys fail closed (issue 17, finding 7): a NIK that the configured keys cannot
decrypt never reads as empty, is never written back or re-hashed, and the portal refuses to
start with keys that cannot read the stored rows; keys rotate (MultiFernet) while the NIK
digest, keyed on its own, keeps matching."""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import RequestFactory

from core import crypto
from core.crypto import UNDECRYPTABLE, UndecryptableDataMiddleware, UndecryptableError, digest
from privacy import exports
from privacy.models import DataRequest
from registry.identity import nik_holders
from registry.models import BusinessStatus, OwnerProfile
from tests.conftest import celery_worker_argv, production_environment
from tests.financing.factories import BankOfficerFactory, submit
from tests.portal.factories import BusinessFactory, OwnerProfileFactory, UserFactory
from tests.portal.test_owner_edit import edit_data, edit_url

NIK = "3324015708900001"
KEY_A, KEY_B, KEY_C = (Fernet.generate_key().decode() for _ in range(3))
PLACEHOLDER = "[tidak dapat dibuka: kunci enkripsi tidak cocok]"


def stored(profile) -> tuple[str, str]:
    """The row as the database holds it: ciphertext and digest, nothing decrypted."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, nik_digest FROM portal_ownerprofile WHERE id = %s", [profile.pk])
        return cursor.fetchone()


def use_keys(settings, *keys, single="", digest_key=""):
    settings.FIELD_ENCRYPTION_KEYS = list(keys)
    settings.FIELD_ENCRYPTION_KEY = single
    settings.FIELD_DIGEST_KEY = digest_key


@pytest.fixture
def written_under_key_a(db, settings):
    """An owner whose NIK was written under key A (the one FIELD_ENCRYPTION_KEY of today)."""
    use_keys(settings, single=KEY_A)
    business = BusinessFactory(owner__profile__nik=NIK)
    profile = OwnerProfile.objects.get(user=business.owner)
    return business, profile, stored(profile)


# --- a wrong key reads as "cannot be opened", never as an empty NIK -------------------------


def test_a_wrong_key_reads_as_undecryptable_and_a_save_cannot_wipe_the_nik(written_under_key_a, settings):
    """Given a NIK written under key A, when the portal runs with key B, then the NIK is not
    "" but UNDECRYPTABLE (truthy, shown as a placeholder), a profile save refuses to write it
    back or re-hash it, and the row keeps its ciphertext and digest, so key A reads it again."""
    _business, profile, before = written_under_key_a
    use_keys(settings, single=KEY_B)
    unreadable = OwnerProfile.objects.get(pk=profile.pk)
    assert unreadable.nik is UNDECRYPTABLE and unreadable.nik != ""
    assert bool(unreadable.nik) and unreadable.nik_masked == PLACEHOLDER
    unreadable.full_name = "Sri Rahayu Baru"
    with pytest.raises(UndecryptableError):
        unreadable.save()
    with pytest.raises(UndecryptableError), transaction.atomic():
        OwnerProfile.objects.filter(pk=profile.pk).update(nik=unreadable.nik)
    with pytest.raises(UndecryptableError):
        digest(unreadable.nik)
    assert stored(profile) == before
    # A save of other fields only leaves the NIK as it is.
    unreadable.save(update_fields=["full_name", "updated_at"])
    assert stored(profile) == before
    use_keys(settings, single=KEY_A)
    assert OwnerProfile.objects.get(pk=profile.pk).nik == NIK
    assert [p.user for p in nik_holders(NIK)] == [profile.user]


def test_the_owner_edit_page_changes_the_phone_without_touching_an_unreadable_nik(
    written_under_key_a, settings, client
):
    """The edit page used to save the whole profile (an empty NIK and digest) when only the
    phone changed; now only the changed contact fields are written."""
    business, profile, before = written_under_key_a
    use_keys(settings, single=KEY_B)
    client.force_login(business.owner)
    page = client.get(edit_url(business))
    assert page.status_code == 200
    assert PLACEHOLDER in page.content.decode()  # shown where the masked NIK is
    data = edit_data(business)
    data["phone"] = "0813-1111-2222"
    response = client.post(edit_url(business), data)
    assert response.status_code == 302
    assert OwnerProfile.objects.get(pk=profile.pk).phone == "+6281311112222"
    assert stored(profile) == before


def test_the_wizard_refuses_to_replace_an_unreadable_nik_with_a_clear_message(settings, db, client):
    use_keys(settings, single=KEY_A)
    business = BusinessFactory(owner__profile__nik=NIK, status=BusinessStatus.DRAFT, verified_at=None)
    profile = OwnerProfile.objects.get(user=business.owner)
    before = stored(profile)
    use_keys(settings, single=KEY_B)
    client.force_login(business.owner)
    url = f"/daftar-usaha/{business.pk}/pemilik/"
    page = client.get(url)
    assert page.status_code == 200 and PLACEHOLDER not in page.content.decode()  # not offered for editing
    response = client.post(
        url,
        {"full_name": "Sri Rahayu", "nik": "3324015708900002", "phone": "081234567890", "email": "sri@example.id"},
    )
    assert response.status_code == 200
    assert "NIK yang tersimpan tidak dapat dibuka" in response.content.decode()
    assert stored(profile) == before


def test_staff_and_bank_pages_show_the_placeholder_instead_of_failing(written_under_key_a, settings, client):
    business, profile, _before = written_under_key_a
    submit(business, ["kur-mikro"])
    lead = business.financing_leads.get()
    use_keys(settings, single=KEY_B)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    review = client.get(f"/admin/verifikasi/{business.pk}/?nik=1")
    assert review.status_code == 200 and PLACEHOLDER in review.content.decode()
    client.force_login(BankOfficerFactory().user)
    detail = client.get(f"/bank/lead/{lead.pk}/?tampilkan=1")
    assert detail.status_code == 200 and PLACEHOLDER in detail.content.decode()


def test_the_data_export_says_the_nik_cannot_be_opened(written_under_key_a, settings):
    business, _profile, _before = written_under_key_a
    use_keys(settings, single=KEY_B)
    built = exports.data_export_build(data_request=DataRequest.objects.create(user=business.owner, kind="export"))
    assert built.status == "done"
    import json
    import zipfile

    with built.file.open("rb") as handle:
        data = json.loads(zipfile.ZipFile(io.BytesIO(handle.read())).read("data.json"))
    assert data["profile"]["owner_profile"]["nik"] == PLACEHOLDER


def test_a_request_that_would_write_back_an_undecryptable_value_gets_a_clear_page(db):
    request = RequestFactory().post("/akun/")
    request.user = UserFactory()
    middleware = UndecryptableDataMiddleware(lambda r: None)
    response = middleware.process_exception(request, UndecryptableError("nik"))
    assert response.status_code == 503
    assert "tidak dapat dibuka dengan kunci yang terpasang" in response.content.decode()
    assert middleware.process_exception(request, ValueError("other")) is None


# --- keys: configuration, rotation, a digest that stays -----------------------------------


def test_the_digest_keeps_matching_digests_made_before_it_had_its_own_key(settings):
    """Existing digests were HMAC-SHA256 keyed by FIELD_ENCRYPTION_KEY (or the SECRET_KEY
    derived key): with FIELD_DIGEST_KEY unset they are reproduced exactly."""
    use_keys(settings, single=KEY_A)
    assert digest(NIK) == hmac.new(KEY_A.encode(), NIK.encode(), hashlib.sha256).hexdigest()
    use_keys(settings)
    import base64

    derived = base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest())
    assert digest(NIK) == hmac.new(derived, NIK.encode(), hashlib.sha256).hexdigest()
    use_keys(settings, KEY_B, KEY_A, digest_key=KEY_A)  # rotated: the digest is unchanged
    assert digest(NIK) == hmac.new(KEY_A.encode(), NIK.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    "config, complaint",
    [
        ({"keys": [KEY_B, KEY_A]}, "FIELD_DIGEST_KEY"),
        ({"keys": [KEY_B], "single": KEY_A}, "not both"),
        ({"keys": ["not-a-fernet-key"], "digest_key": "x"}, "not a Fernet key"),
        ({"single": "short"}, "not a Fernet key"),
    ],
    ids=["rotated-without-digest-key", "both-settings", "malformed-list", "malformed-single"],
)
def test_ambiguous_or_malformed_keys_are_refused(settings, config, complaint):
    use_keys(
        settings, *config.get("keys", []), single=config.get("single", ""), digest_key=config.get("digest_key", "")
    )
    with pytest.raises(ImproperlyConfigured, match=complaint):
        crypto.encryption_keys()
        crypto.digest_key()
    errors = [e for e in run_checks(tags=["security"]) if e.id == "core.E001"]
    assert errors and complaint in errors[0].msg


def test_rotation_reads_old_values_writes_with_the_newest_key_and_reencrypts_all(written_under_key_a, settings):
    """Given NIKs under key A, when key B is put first (A kept, digest key A), then the NIKs read
    and are found by NIK, new writes use B, `reencrypt_fields` moves every row to B (with
    progress; a second run rewrites nothing), and afterwards A can be dropped."""
    business, profile, (ciphertext_a, digest_a) = written_under_key_a
    other = OwnerProfileFactory(nik="3324015708900003")
    use_keys(settings, KEY_B, KEY_A, digest_key=KEY_A)
    assert OwnerProfile.objects.get(pk=profile.pk).nik == NIK
    assert [p.user for p in nik_holders(NIK)] == [business.owner]
    fresh = OwnerProfileFactory(nik="3324015708900004")
    assert Fernet(KEY_B).decrypt(stored(fresh)[0].encode()).decode() == "3324015708900004"

    out = io.StringIO()
    call_command("reencrypt_fields", "--batch-size", "2", stdout=out)
    report = out.getvalue()
    assert "registry.OwnerProfile.nik: 2/3" in report  # progress per batch
    assert "registry.OwnerProfile.nik: 3 stored, 2 re-encrypted, 1 already under the newest key, 0 unreadable" in report
    ciphertext_b, digest_after = stored(profile)
    assert ciphertext_b != ciphertext_a and digest_after == digest_a
    assert Fernet(KEY_B).decrypt(ciphertext_b.encode()).decode() == NIK

    again = io.StringIO()
    call_command("reencrypt_fields", stdout=again)
    assert "0 re-encrypted, 3 already under the newest key" in again.getvalue()
    assert stored(profile)[0] == ciphertext_b

    use_keys(settings, KEY_B, digest_key=KEY_A)  # the old key is gone
    assert OwnerProfile.objects.get(pk=other.pk).nik == "3324015708900003"
    assert [p.user for p in nik_holders(NIK)] == [business.owner]
    assert crypto.stored_value_problems() == []


def test_reencrypt_leaves_a_value_no_key_opens_and_says_so(written_under_key_a, settings):
    _business, profile, before = written_under_key_a
    use_keys(settings, KEY_C, KEY_B, digest_key=KEY_A)
    with pytest.raises(CommandError, match=f"registry.OwnerProfile.nik id {profile.pk}"):
        call_command("reencrypt_fields", stdout=io.StringIO())
    assert stored(profile) == before


def test_the_database_check_names_rows_the_keys_cannot_read_or_digests_that_do_not_match(written_under_key_a, settings):
    _business, profile, _before = written_under_key_a
    assert [e for e in run_checks(databases=["default"]) if e.id == "core.E002"] == []
    use_keys(settings, single=KEY_B)
    errors = [e for e in run_checks(databases=["default"]) if e.id == "core.E002"]
    assert any(f"(id {profile.pk}): no key in FIELD_ENCRYPTION_KEYS decrypts" in e.msg for e in errors)
    use_keys(settings, KEY_A, digest_key=KEY_B)
    errors = [e for e in run_checks(databases=["default"]) if e.id == "core.E002"]
    assert any("FIELD_DIGEST_KEY does not reproduce the stored digest" in e.msg for e in errors)
    assert [e for e in run_checks() if e.id == "core.E002"] == []  # a database check: only when asked


# --- production refuses to start ----------------------------------------------------------


def _start(command: list[str], **changes) -> subprocess.CompletedProcess:
    """A fresh interpreter with the production settings against this test's database."""
    db = django_settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "CELERY_", "EMAIL_", "FIELD_"))}
    env.update(production_environment())
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{connection.settings_dict['NAME']}"
    )
    env.pop("FIELD_ENCRYPTION_KEY")
    env.update(changes)
    return subprocess.run(command, cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


SERVE = [sys.executable, "-c", "import portal.wsgi; print('started')"]


@pytest.mark.django_db(transaction=True)
def test_production_refuses_to_start_with_keys_that_cannot_read_the_stored_niks(settings):
    """Given NIKs written (and committed) under key A: gunicorn's import of portal.wsgi fails
    with key B, or with key A but the wrong digest key; `check --database default` reports it
    and a Celery worker exits; with key A, or after rotation (B, A, digest key A), it starts."""
    use_keys(settings, single=KEY_A)
    OwnerProfileFactory(nik=NIK)

    wrong = _start(SERVE, FIELD_ENCRYPTION_KEY=KEY_B)
    assert wrong.returncode != 0 and "started" not in wrong.stdout
    assert "ImproperlyConfigured" in wrong.stderr and "no key in FIELD_ENCRYPTION_KEYS decrypts" in wrong.stderr
    wrong_digest = _start(SERVE, FIELD_ENCRYPTION_KEYS=KEY_A, FIELD_DIGEST_KEY=KEY_B)
    assert wrong_digest.returncode != 0 and "FIELD_DIGEST_KEY does not reproduce" in wrong_digest.stderr
    check = _start([sys.executable, "manage.py", "check", "--database", "default"], FIELD_ENCRYPTION_KEY=KEY_B)
    assert check.returncode != 0 and "core.E002" in check.stderr

    worker = _start(
        celery_worker_argv(queue=f"etalase-keycheck-{os.getpid()}", name=f"keycheck-{os.getpid()}@%h"),
        FIELD_ENCRYPTION_KEY=KEY_B,
    )  # a worker that started would run until the timeout fails the test
    assert worker.returncode != 0
    assert "no key in FIELD_ENCRYPTION_KEYS decrypts" in worker.stdout + worker.stderr

    right = _start(SERVE, FIELD_ENCRYPTION_KEY=KEY_A)
    assert right.returncode == 0 and "started" in right.stdout, right.stderr[-2000:]
    rotated = _start(SERVE, FIELD_ENCRYPTION_KEYS=f"{KEY_B},{KEY_A}", FIELD_DIGEST_KEY=KEY_A)
    assert rotated.returncode == 0 and "started" in rotated.stdout, rotated.stderr[-2000:]
    half = _start(SERVE, FIELD_ENCRYPTION_KEYS=f"{KEY_B},{KEY_A}")
    assert half.returncode != 0 and "FIELD_DIGEST_KEY must be set" in half.stderr
