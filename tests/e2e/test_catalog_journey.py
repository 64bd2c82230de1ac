"""The marketplace journey: an owner lists a product from a phone, staff publish it, a buyer
finds it, pays with a test card against localstripe, the webhook marks it paid, and the seller
sees the order."""

import pytest
import requests
from django.conf import settings
from playwright.sync_api import expect

from catalog.models import Checkout, PaymentStatus, Product, ProductStatus
from portal import roles
from search.models import PendingIndex
from tests.catalog import images
from tests.catalog.factories import CategoryFactory
from tests.e2e.helpers import login
from tests.portal.factories import BusinessFactory, UserFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_lists_staff_publishes_buyer_pays_seller_sees_order(
    live_server, browser, phone_context_args, tmp_path, celery_worker_process, wait
):
    base = live_server.url
    # localstripe signs webhooks with our secret and posts them to this live server.
    requests.post(
        f"{settings.STRIPE_API_BASE}/_config/webhooks/etalase-{settings.CELERY_TASK_DEFAULT_QUEUE}",
        data={"url": f"{base}/webhooks/stripe/", "secret": settings.STRIPE_WEBHOOK_SECRET},
        timeout=5,
    ).raise_for_status()
    business = BusinessFactory(name="Bandeng Bu Tini", owner__username="tini", owner__email="tini@example.id")
    CategoryFactory()
    UserFactory(username="loket", roles=[roles.COUNTER_STAFF])
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(images.jpeg_with_gps(size=(800, 600)))

    # 1. The owner, on a phone, adds a product with a photo and submits it.
    owner_context = browser.new_context(**phone_context_args)
    owner = owner_context.new_page()
    login(owner, base, "tini", "/akun/produk/")
    owner.get_by_role("link", name="Tambah produk").click()
    owner.select_option("#id_category", label="Makanan & Minuman")
    owner.fill("#id_name", "Bandeng Presto Duri Lunak")
    owner.fill("#id_description", "Bandeng presto khas Kendal, duri lunak.")
    owner.locator("#id_price").press_sequentially("35.000")
    owner.fill("#id_unit", "ekor")
    owner.fill("#id_stock", "7")
    owner.set_input_files("#id_photos", str(photo))
    owner.get_by_role("button", name="Simpan dan ajukan moderasi").click()
    expect(owner.get_by_test_id("product-status")).to_have_text("Menunggu moderasi")
    product = Product.objects.get(name="Bandeng Presto Duri Lunak")
    # The worker makes the photo after commit; until then the owner sees a placeholder.
    wait(lambda: product.images.exists(), timeout=60)
    owner.reload()
    expect(owner.locator(".photo-list img")).to_have_count(1)
    assert product.status == ProductStatus.IN_REVIEW and product.business == business
    assert not images.has_gps(product.images.get().image.file.read())

    # 2. Counter staff publish it from the Wagtail admin.
    staff = browser.new_context().new_page()
    login(staff, base, "loket", "/admin/katalog/moderasi/")
    staff.get_by_role("link", name="Bandeng Presto Duri Lunak").click()
    staff.get_by_role("button", name="Tayangkan").click()
    expect(staff.get_by_text("Bandeng Presto Duri Lunak: Tayang.")).to_be_visible()
    product.refresh_from_db()
    assert product.status == ProductStatus.PUBLISHED

    # 3. A buyer finds it, adds it to the cart and checks out (delivery to a desa).
    buyer = browser.new_context(**phone_context_args).new_page()
    # The worker indexes the newly published product after commit (both search backends).
    wait(lambda: not PendingIndex.objects.filter(product_id=product.pk).exists(), timeout=60)
    # Elasticsearch shows a document after its next refresh (refresh_interval 1 s).
    wait(
        lambda: (
            "Bandeng Presto Duri Lunak"
            in requests.get(f"{base}/produk/", params={"q": "bandeng presto"}, timeout=10).text
        ),
        timeout=30,
    )
    buyer.goto(f"{base}/produk/")
    buyer.fill("#id_q", "bandeng presto")
    buyer.get_by_role("button", name="Terapkan").click()
    buyer.get_by_role("link", name="Bandeng Presto Duri Lunak").click()
    expect(buyer.locator(".price").first).to_have_text("Rp 35.000 / ekor")
    buyer.fill("input[name=quantity]", "2")
    buyer.get_by_role("button", name="Tambah ke keranjang").click()
    # The buyer stays on the product page; the header's cart shows the two units and leads back.
    expect(buyer.get_by_test_id("message")).to_contain_text("Bandeng Presto Duri Lunak (2) ditambahkan ke keranjang.")
    expect(buyer.get_by_role("heading", level=1)).to_have_text("Bandeng Presto Duri Lunak")
    expect(buyer.get_by_test_id("cart-count")).to_contain_text("2")
    buyer.get_by_test_id("header-cart").click()
    expect(buyer.get_by_test_id("line-total")).to_have_text("Rp 70.000")
    buyer.get_by_role("link", name="Lanjut ke pembayaran").click()
    buyer.fill("#id_contact_name", "Budi Santoso")
    buyer.fill("#id_contact_phone", "0812 3456 7890")
    buyer.fill("#id_contact_email", "budi@example.id")
    buyer.check("input[name=fulfilment][value=delivery]")
    buyer.select_option("#id_kecamatan", label="Kendal")
    buyer.select_option("#id_desa", index=1)
    buyer.fill("#id_address", "Jl. Soekarno-Hatta No. 5")
    buyer.get_by_role("button", name="Buat pesanan dan bayar").click()
    expect(buyer.locator("#payment-status")).to_have_attribute("data-status", "pending")
    expect(buyer.get_by_test_id("pay-deadline")).to_contain_text("Bayar sebelum")
    expect(buyer.get_by_test_id("pay-deadline")).to_contain_text(" lagi")
    product.refresh_from_db()
    assert product.stock == 5  # reserved at checkout

    # 4. Pays with a 3-D Secure test card in localstripe's Stripe.js stand-in.
    card = buyer.locator("#card-element")
    card.locator("input[placeholder=number]").fill("4000002500003155")
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("51311")
    buyer.get_by_role("button", name="Bayar Rp 70.000").click()
    buyer.get_by_role("button", name="Complete authentication").click()
    # Paid only once localstripe's signed webhook has arrived.
    expect(buyer.locator("#payment-status")).to_have_attribute("data-status", "paid", timeout=20_000)
    expect(buyer.locator("#payment-status")).to_have_text("Lunas")
    checkout = Checkout.objects.get()
    assert checkout.payment_status == PaymentStatus.PAID and checkout.total == 70_000

    # The tab is gone; on another phone the buyer finds the order from the footer by number and phone.
    order_number = checkout.orders.get().number
    later = browser.new_context(**phone_context_args).new_page()
    later.goto(f"{base}/")
    later.get_by_test_id("footer-order-lookup").click()
    later.get_by_label("Nomor pesanan atau pembayaran").press_sequentially(order_number.lower())
    later.get_by_label("Email atau nomor HP saat memesan").press_sequentially("0812-3456-7890")
    later.get_by_role("button", name="Buka pesanan").click()
    expect(later.locator("#payment-status")).to_have_text("Lunas")
    expect(later.get_by_test_id("pay-order")).to_contain_text(order_number)

    # 5. The seller sees the paid order.
    login(owner, base, "tini", "/akun/pesanan/")
    order = checkout.orders.get()
    card = owner.locator(f"[data-order='{order.number}']")
    expect(card).to_contain_text("Baru")
    expect(card).to_contain_text("Lunas")
    expect(card).to_contain_text("2 ekor Bandeng Presto Duri Lunak")
    card.get_by_role("button", name="Proses").click()
    expect(owner.locator(f"[data-order='{order.number}']")).to_contain_text("Diproses")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_buyer_adds_to_cart_from_a_product_page_that_sets_no_cookie(
    live_server, browser, phone_context_args, javascript
):
    """Product pages carry no CSRF token so nginx can share them (catalog/add-to-cart.js)."""
    from tests.catalog.factories import ProductFactory

    product = ProductFactory(name="Kecap Manis Cap Ikan", price=18_000, stock=9)
    context = browser.new_context(**phone_context_args, java_script_enabled=javascript)
    buyer = context.new_page()
    buyer.goto(f"{live_server.url}/produk/{product.slug}/")
    assert context.cookies() == []
    buyer.fill("input[name=quantity]", "3")
    buyer.get_by_role("button", name="Tambah ke keranjang").click()
    if not javascript:  # one more click on the confirmation page, which has the buyer's token
        expect(buyer.get_by_role("heading", name="Tambah ke keranjang")).to_be_visible()
        expect(buyer.locator("input[name=quantity]")).to_have_value("3")
        buyer.get_by_role("button", name="Tambah ke keranjang").click()
    expect(buyer.get_by_test_id("message")).to_contain_text("Kecap Manis Cap Ikan (3) ditambahkan ke keranjang.")
    buyer.get_by_test_id("message-cart-link").click()
    expect(buyer.get_by_label("Jumlah Kecap Manis Cap Ikan")).to_have_value("3")
    buyer.get_by_test_id("remove-line").click()
    expect(buyer.get_by_text("Keranjang kosong.")).to_be_visible()
    expect(buyer.get_by_test_id("cart-count")).to_have_count(0)
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_buyer_without_an_account_sees_the_hold_and_goes_back_to_the_cart(live_server, browser, phone_context_args):
    """An anonymous checkout holds its stock briefly and says until when; "back to the cart"
    on the pay page gives the stock back at once and puts the line back in the cart."""
    from django.utils import timezone

    from tests.catalog.factories import ProductFactory

    product = ProductFactory(name="Bandeng Presto", unit="ekor", stock=7)
    buyer = browser.new_context(**phone_context_args).new_page()
    buyer.goto(f"{live_server.url}/produk/{product.slug}/")
    buyer.fill("input[name=quantity]", "3")
    buyer.get_by_role("button", name="Tambah ke keranjang").click()
    expect(buyer.get_by_test_id("message")).to_contain_text("Bandeng Presto (3) ditambahkan ke keranjang.")
    buyer.goto(f"{live_server.url}/keranjang/checkout/")
    buyer.fill("#id_contact_name", "Budi Santoso")
    buyer.fill("#id_contact_phone", "0812 3456 7890")
    buyer.fill("#id_contact_email", "budi@example.id")
    buyer.check("input[name=fulfilment][value=pickup_seller]")
    buyer.get_by_role("button", name="Buat pesanan dan bayar").click()
    expect(buyer.locator("#payment-status")).to_have_attribute("data-status", "pending")
    checkout = Checkout.objects.get()
    until = timezone.localtime(checkout.expires_at).strftime("%H:%M")
    expect(buyer.get_by_test_id("pay-hold")).to_contain_text(f"Stok disimpan sampai {until}.")
    assert Product.objects.get(pk=product.pk).stock == 4

    buyer.get_by_test_id("pay-back-to-cart").click()

    expect(buyer.get_by_test_id("message")).to_contain_text(f"Pesanan {checkout.reference} dibatalkan")
    expect(buyer.get_by_label("Jumlah Bandeng Presto")).to_have_value("3")
    assert Product.objects.get(pk=product.pk).stock == 7
    checkout.refresh_from_db()
    assert checkout.payment_status == PaymentStatus.CANCELLED
