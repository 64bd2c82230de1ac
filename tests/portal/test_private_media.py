"""Certificate scans and partner export files are never public /media/ files: the development
media view and the nginx site refuse their prefixes, and the app serves them only after a role
check, writing the audit log."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from core.media import is_private_media, serve_public_media
from core.models import AuditLog
from financing.models import Lender
from registry.models import Consent
from tests.financing.factories import BankOfficerFactory, submit
from tests.portal.factories import BusinessFactory, CertificationFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    "path, private",
    [
        ("certifications/2026/11/halal.pdf", True),
        ("partners/exports/2026/11/indomaret.xlsx", True),
        ("/certifications/x.pdf", True),
        ("products/../certifications/x.pdf", True),
        ("products/2026/11/foto.jpg", False),
        ("original_images/foto.jpg", False),
    ],
)
def test_private_prefixes(path, private):
    assert is_private_media(path) is private


def test_development_media_view_refuses_private_files_and_serves_public_ones(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "certifications").mkdir()
    (tmp_path / "certifications" / "halal.pdf").write_bytes(PDF)
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "foto.jpg").write_bytes(b"jpeg")
    request = RequestFactory().get("/media/x")

    with pytest.raises(Http404):
        serve_public_media(request, "certifications/halal.pdf")
    assert b"".join(serve_public_media(request, "products/foto.jpg").streaming_content) == b"jpeg"


def test_nginx_site_refuses_every_private_prefix():
    conf = (Path(settings.BASE_DIR) / "deploy" / "nginx-etalase.conf").read_text()
    for prefix in settings.PRIVATE_MEDIA_PREFIXES:
        assert re.search(rf"location \^~ /media/{re.escape(prefix)} \{{ return 404; \}}", conf), prefix


@pytest.fixture
def lead_with_scan(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    business = BusinessFactory(kecamatan_id="33.24.15", desa_id="33.24.15.1001")
    certification = CertificationFactory(business=business)
    certification.scan.save("halal.pdf", ContentFile(PDF))
    submit(business, ["kur-mikro"])
    return business.financing_leads.get(), certification


def test_bank_officer_opens_a_scan_only_with_consent_and_it_is_audited(client, lead_with_scan):
    lead, certification = lead_with_scan
    officer = BankOfficerFactory()
    client.force_login(officer.user)
    url = f"/bank/lead/{lead.pk}/dokumen/{certification.pk}/"

    detail = client.get(f"/bank/lead/{lead.pk}/").content.decode()
    response = client.get(url)

    assert url in detail
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert AuditLog.objects.filter(action="financing.lead.document_viewed", actor=officer.user).count() == 1

    Consent.objects.filter(business=lead.business, recipient="bri").update(withdrawn_at=timezone.now())
    assert client.get(url).status_code == 404
    assert url not in client.get(f"/bank/lead/{lead.pk}/").content.decode()


def test_scan_of_another_business_or_lender_is_404(client, lead_with_scan):
    lead, certification = lead_with_scan
    other = CertificationFactory()
    bri = BankOfficerFactory()
    client.force_login(bri.user)
    assert client.get(f"/bank/lead/{lead.pk}/dokumen/{other.pk}/").status_code == 404

    bkk = BankOfficerFactory(lender=Lender.objects.get(code="bpr-bkk-kendal"))
    client.force_login(bkk.user)
    assert client.get(f"/bank/lead/{lead.pk}/dokumen/{certification.pk}/").status_code == 404
