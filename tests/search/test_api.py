"""Public endpoints and the catalogue's use of the search interface."""

import pytest

from tests.catalog.shown import shown_products

pytestmark = pytest.mark.django_db


def test_suggest_endpoint(catalogue, client):
    response = client.get("/api/v1/search/suggest/", {"q": "kri"})
    assert response.status_code == 200
    body = response.json()
    assert {s["text"] for s in body["suggestions"]} == {"Kripik Tempe Original", "Keripik Tempe Pedas Level 5"}
    urls = {s["text"]: s["url"] for s in body["suggestions"]}
    assert urls["Kripik Tempe Original"] == "/produk/?q=Kripik+Tempe+Original"


def test_suggest_needs_two_characters(catalogue, client):
    assert client.get("/api/v1/search/suggest/", {"q": "k"}).json() == {"q": "k", "suggestions": []}


def test_search_endpoint_shape(catalogue, client):
    body = client.get("/api/v1/search/products/", {"q": "batk tulis"}).json()
    assert body["count"] == 1 and body["backend"] == "elasticsearch"
    hit = body["results"][0]
    assert hit["name"] == "Batik Tulis Kendalan Motif Parang"
    assert hit["highlight"]["name"] == "<mark>Batik</mark> <mark>Tulis</mark> Kendalan Motif Parang"
    assert set(body["facets"]) == {"category", "kecamatan", "certification", "price", "in_stock"}


@pytest.mark.parametrize(
    "query, reason",
    [
        ("sort=cheapest", "Urutan"),
        ("min_price=abc", "angka"),
        ("certification=iso", "Sertifikasi"),
        ("min_price=500&max_price=100", "minimum"),
        ("page=900&page_size=48", "Halaman"),
    ],
)
def test_search_endpoint_rejects_bad_parameters_with_400(client, db, query, reason):
    response = client.get(f"/api/v1/search/products/?{query}")
    assert response.status_code == 400
    assert reason in response.json()["detail"]


def test_did_you_mean_in_the_api(catalogue, client):
    body = client.get("/api/v1/search/products/", {"q": "mlonn"}).json()
    assert (body["count"], body["did_you_mean"]) == (0, "melon")


def test_catalogue_api_text_query_uses_search(catalogue, client):
    body = client.get("/api/v1/products/", {"q": "kripik tempee", "kecamatan": "33.24.12"}).json()
    assert [r["name"] for r in body["results"]] == ["Kripik Tempe Original", "Bakpia Kacang Hijau"]
    assert body["count"] == 2
    assert {f["value"]: f["count"] for f in body["facets"]["kecamatan"]} == {"33.24.12": 2, "33.24.01": 1}


def test_catalogue_page_text_query_uses_search(catalogue, client):
    response = client.get("/produk/", {"q": "btk"})
    assert response.status_code == 200
    names = [p.name for p in shown_products(response)]
    assert set(names) == {"Batik Tulis Kendalan Motif Parang", "Kain Batik Cap", "Kemeja Batik Pria"}


def test_catalogue_page_without_text_is_unchanged(catalogue, client):
    response = client.get("/produk/", {"sort": "price_desc", "per_page": 2})
    assert [p.name for p in shown_products(response)][:1] == ["Batik Tulis Kendalan Motif Parang"]


def test_did_you_mean_link_keeps_the_filters(catalogue, client):
    html = client.get("/produk/", {"q": "mlonn", "sort": "price_asc", "page": "2"}).content.decode()
    link = html[html.index('data-testid="did-you-mean"') :][:400]
    assert 'href="?q=melon&amp;sort=price_asc"' in link, link
