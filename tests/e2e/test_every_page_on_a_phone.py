"""Every public, owner and bank page on a 360 px phone, as tests/e2e/pages.py lists them: nothing
wider than the screen (page or table), no console error, tap targets of at least 40 px, every
form control labelled. Staff pages in the Wagtail admin are desktop work: they must answer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.images import clean_upload, product_image_add
from catalog.models import ProductImage
from portal import roles
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.catalog.images import png
from tests.e2e.helpers import PASSWORD
from tests.e2e.pages import PHONE, PUBLIC, VISITS, login, page_problems
from tests.financing.factories import BankOfficerFactory, LenderBranchFactory, submit
from tests.portal.factories import BusinessFactory, UserFactory
from tests.training.factories import SessionFactory

USERNAMES = {"pemilik": "pemilik", "bank": "petugasbank", "loket": "loket", "pelatihan": "pelatihan",
             "kurator": "kurator"}

@pytest.fixture
def portal_in_use(db):
    """A little of everything the pages show: products with photos across two pages of the
    catalogue, an owner with a business and a financing lead, a bank officer, a session."""
    business = BusinessFactory(name="Kripik Tempe Bu Sri", owner__username="pemilik", kecamatan_id="33.24.12")
    other = BusinessFactory(name="Batik Tulis Pak Darmo", kecamatan_id="33.24.15", desa_id="33.24.15.1001")
    food, craft = CategoryFactory(), CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    clean = clean_upload(SimpleUploadedFile("a.png", png(), "image/png"))
    for n in range(26):
        product = ProductFactory(business=business if n % 2 else other, category=food if n % 2 else craft,
                                 name=f"Kripik Tempe Pedas {n}" if n % 2 else f"Batik Tulis Parang {n}")
        product_image_add(product=product, clean=clean)
    ProductImage.objects.update(renditions_ready=True)
    LenderBranchFactory(name="BRI Unit Weleri", kecamatan=["33.24.12"])
    submit(business, ["kur-mikro"])
    BankOfficerFactory(user__username="petugasbank")
    SessionFactory()
    UserFactory(username="loket", roles=[roles.COUNTER_STAFF])
    UserFactory(username="pelatihan", roles=[roles.TRAINING_OFFICER])
    UserFactory(username="kurator", roles=[roles.PARTNER_CURATOR])

@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(dict.fromkeys(v.role for v in VISITS)))
def test_every_page_works_on_a_phone(live_server, browser, portal_in_use, role):
    context = browser.new_context(**PHONE, locale="id-ID")
    page = context.new_page()
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text)
            if m.type == "error" and not m.text.startswith("axe.run") else None)
    if role != PUBLIC:
        login(page, live_server.url, USERNAMES[role], PASSWORD)
    found = []
    for visit in (v for v in VISITS if v.role == role):
        url = visit.url(page, live_server.url)
        if url is None:
            found.append(f"{visit.name}: no link {visit.link} on {visit.path}")
            continue
        console_errors.clear()
        response = page.goto(url)
        if response.status != 200:
            found.append(f"{visit.name}: HTTP {response.status} at {url}")
            continue
        if not visit.staff:
            found += [f"{visit.name}: {problem}" for problem in page_problems(page)]
        found += [f"{visit.name}: console: {error}" for error in console_errors]
    context.close()
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
