"""Every public, owner and bank page on a 360 px phone, as tests/e2e/pages.py lists them: nothing
wider than the screen (page or table), no console error, tap targets of at least 40 px, every
form control labelled. Staff pages in the Wagtail admin are desktop work: they must answer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.images import clean_upload, product_image_add
from catalog.models import ProductImage
from portal import roles
from search.testing import index_now
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.catalog.images import png
from tests.e2e.helpers import PASSWORD
from tests.e2e.pages import PHONE, VISITS, page_problems, walk
from tests.financing.factories import BankOfficerFactory, LenderBranchFactory, submit
from tests.portal.factories import BusinessFactory, UserFactory
from tests.training.factories import SessionFactory, TrainingOfficerFactory

USERNAMES = {
    "pemilik": "pemilik",
    "bank": "petugasbank",
    "loket": "loket",
    "pelatihan": "pelatihan",
    "kurator": "kurator",
}


@pytest.fixture
def portal_in_use(db):
    """A little of everything the pages show: products with photos across two pages of the
    catalogue, an owner with a business and a financing lead, a bank officer, a session."""
    business = BusinessFactory(name="Kripik Tempe Bu Sri", owner__username="pemilik", kecamatan_id="33.24.12")
    other = BusinessFactory(name="Batik Tulis Pak Darmo", kecamatan_id="33.24.15", desa_id="33.24.15.1001")
    food, craft = CategoryFactory(), CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    clean = clean_upload(SimpleUploadedFile("a.png", png(), "image/png"))
    for n in range(26):
        product = ProductFactory(
            business=business if n % 2 else other,
            category=food if n % 2 else craft,
            name=f"Kripik Tempe Pedas {n}" if n % 2 else f"Batik Tulis Parang {n}",
        )
        product_image_add(product=product, clean=clean)
    ProductImage.objects.update(renditions_ready=True)
    index_now()  # the catalogue lists through the search index (Celery indexes after commit)
    LenderBranchFactory(name="BRI Unit Weleri", kecamatan=["33.24.12"])
    submit(business, ["kur-mikro"])
    BankOfficerFactory(user__username="petugasbank")
    SessionFactory()
    UserFactory(username="loket", roles=[roles.COUNTER_STAFF])
    TrainingOfficerFactory(user__username="pelatihan")
    UserFactory(username="kurator", roles=[roles.PARTNER_CURATOR])


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(dict.fromkeys(v.role for v in VISITS)))
def test_every_page_works_on_a_phone(live_server, browser, portal_in_use, role):
    found = walk(
        browser,
        live_server.url,
        role,
        username=USERNAMES.get(role, ""),
        password=PASSWORD,
        context_args=PHONE,
        check=True,
    )
    assert found == []


@pytest.mark.e2e
def test_the_check_sees_what_a_person_would(browser):
    """The check itself: a table off the screen, a small button and an unlabelled box are found."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_content("""<meta name="viewport" content="width=device-width, initial-scale=1"><header></header><main>
      <table><tr><td style="min-width:600px">Status</td></tr></table>
      <button style="height:20px">Ubah</button>
      <input type="text" name="harga" style="height:44px">
    </main>""")
    problems = page_problems(page)
    context.close()
    assert any("600" in p or "reaches" in p for p in problems), problems
    assert any('button "Ubah" is 20px tall' in p for p in problems), problems
    assert any("input[name=harga]" in p and "no label" in p for p in problems), problems
