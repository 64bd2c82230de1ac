"""The administrator group (not superusers) manages the CMS pages, the OPD snippets and the
search synonyms; other staff groups do not (migration portal 0008)."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from portal import roles
from portal.models import Opd
from search.models import SearchSynonym
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def home():
    return Site.objects.get(is_default_site=True).root_page


def test_an_administrator_edits_pages_snippets_and_synonyms(client):
    admin = UserFactory(roles=[roles.ADMINISTRATOR])
    assert not admin.is_superuser
    client.force_login(admin)
    root = home()
    for url in (
        reverse("wagtailadmin_explore", args=[root.pk]),
        reverse("wagtailadmin_pages:edit", args=[root.pk]),
        reverse("wagtailadmin_pages:add", args=["portal", "newsindexpage", root.pk]),
        reverse("wagtailsnippets_portal_opd:list"),
        reverse("wagtailsnippets_portal_opd:add"),
        reverse("search_synonym:index"),
        reverse("wagtailimages:index"),
    ):
        assert client.get(url).status_code == 200, url

    # Saving works too: an OPD snippet and a synonym.
    response = client.post(
        reverse("wagtailsnippets_portal_opd:add"),
        {
            "name": "Dinas Koperasi dan UKM",
            "short_name": "Dinkop UKM",
            "counter": "7",
            "opening_hours": "Senin–Jumat 08.00–15.00",
            "phone": "",
            "website": "",
            "description": "",
            "sort_order": "0",
            "services-TOTAL_FORMS": "0",
            "services-INITIAL_FORMS": "0",
            "services-MIN_NUM_FORMS": "0",
            "services-MAX_NUM_FORMS": "1000",
        },
    )
    errors = response.context["form"].errors if response.status_code == 200 else None
    assert response.status_code == 302 and Opd.objects.filter(short_name="Dinkop UKM").exists(), errors
    response = client.post(reverse("search_synonym:add"), {"term": "bandeng", "variants": "bandeg, bandengg"})
    assert response.status_code == 302 and SearchSynonym.objects.filter(term="bandeng").exists(), (
        response.context["form"].errors if response.status_code == 200 else None
    )


@pytest.mark.parametrize("role", [roles.COUNTER_STAFF, roles.TRAINING_OFFICER, roles.PARTNER_CURATOR])
def test_other_staff_groups_cannot_manage_the_cms(client, role):
    client.force_login(UserFactory(roles=[role]))
    root = home()
    for url in (
        reverse("wagtailadmin_pages:edit", args=[root.pk]),
        reverse("wagtailsnippets_portal_opd:list"),
        reverse("search_synonym:index"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home"), url
