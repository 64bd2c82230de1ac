"""An owner signs up on a phone, an officer checks them in at the door, the certificate appears
on the business profile and its verification page says it is genuine."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import login
from tests.portal.factories import BusinessFactory
from tests.training.factories import ProgrammeFactory, SessionFactory, TrainingOfficerFactory
from training.models import Organiser, Topic


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_signs_up_on_a_phone_officer_checks_in_certificate_on_profile(live_server, browser, phone_context_args):
    session = SessionFactory(
        programme=ProgrammeFactory(
            title="Desain Kemasan dan Label", topic=Topic.PACKAGING, organiser=Organiser.DISPERINKOP, requires_nib=True
        ),
        first_day=timezone.localdate(),
        capacity=25,
        signup_opens_at=timezone.now() - timedelta(days=2),
        signup_closes_at=timezone.now() + timedelta(hours=6),
    )
    business = BusinessFactory(name="Kripik Tempe Bu Sri", owner__username="bu-sri")
    officer = TrainingOfficerFactory(user__username="petugas-disperinkop", organiser=Organiser.DISPERINKOP).user
    base = live_server.url

    owner_context = browser.new_context(**phone_context_args)
    owner = owner_context.new_page()
    login(owner, base, "bu-sri", f"/pelatihan/sesi/{session.pk}/")
    expect(owner.get_by_role("heading", level=1)).to_have_text("Desain Kemasan dan Label")
    expect(owner.get_by_test_id("seats")).to_contain_text("25 dari 25 kursi tersisa")
    owner.get_by_label("Nama peserta").fill("Sri Rahayu")
    owner.get_by_role("button", name="Daftar sekarang").click()
    expect(owner.get_by_test_id("registration-status")).to_have_text("Terdaftar")
    expect(owner.locator(".qr-code svg")).to_be_visible()
    code = owner.get_by_test_id("registration-code").inner_text().strip()
    assert len(code) == 8
    owner_context.close()

    officer_context = browser.new_context(**phone_context_args)
    door = officer_context.new_page()
    # The door check-in is a page of the staff admin, used on the officer's phone.
    login(door, base, officer.username, f"/admin/pelatihan/kelola/{session.pk}/absen/")
    expect(door.locator("#wagtail-sidebar")).to_be_attached()
    expect(door.get_by_test_id("present-count")).to_contain_text("0 dari 1 peserta hadir")
    door.get_by_label("Kode peserta").fill(code.lower())
    door.get_by_role("button", name="Catat hadir").click()
    expect(door.locator(".messages")).to_contain_text("Sri Rahayu (Kripik Tempe Bu Sri) hadir.")
    expect(door.get_by_test_id("present-count")).to_contain_text("1 dari 1 peserta hadir")
    door.get_by_role("link", name="Daftar peserta dan sertifikat").click()
    expect(door.get_by_test_id("participants")).to_contain_text("Sri Rahayu")
    door.get_by_role("button", name="Terbitkan sertifikat bagi yang memenuhi syarat").click()
    expect(door.locator(".messages")).to_contain_text("1 sertifikat diterbitkan.")
    officer_context.close()

    visitor_context = browser.new_context(**phone_context_args)
    visitor = visitor_context.new_page()
    visitor.goto(f"{base}/usaha/{business.slug}/")
    certificates = visitor.locator("[data-panel=training-certificates]")
    expect(certificates).to_contain_text("Sertifikat pelatihan")
    certificates.get_by_role("link", name="Desain Kemasan dan Label").click()
    expect(visitor.get_by_test_id("certificate-result")).to_contain_text("Sertifikat ini asli dan berlaku.")
    expect(visitor.locator("dl.facts")).to_contain_text("Sri Rahayu")
    visitor_context.close()
