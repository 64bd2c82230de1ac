"""The admin home shows the counter's waiting registrations first, with a link to review each."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import roles
from registry.models import BusinessStatus
from tests.portal.factories import BusinessFactory, UserFactory
from tests.training.factories import TrainingOfficerFactory

pytestmark = pytest.mark.django_db


def submitted(name, days_ago=0):
    business = BusinessFactory(
        name=name,
        status=BusinessStatus.SUBMITTED,
        verified_at=None,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    return business


def test_counter_staff_home_counts_the_waiting_registrations_and_links_each_oldest_first(client):
    newer = submitted("Kripik Baru", days_ago=1)
    older = submitted("Roti Lama", days_ago=4)
    BusinessFactory(name="Sudah Terverifikasi")
    BusinessFactory(name="Masih Draf", status=BusinessStatus.DRAFT, verified_at=None)
    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))

    html = client.get("/admin/").content.decode()
    panel = html[html.index('data-testid="queue-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert "<strong" in panel and ">2</strong>" in panel and "pendaftaran menunggu verifikasi" in panel
    assert panel.index("Roti Lama") < panel.index("Kripik Baru")
    assert f'href="/admin/verifikasi/{older.pk}/"' in panel and f'href="/admin/verifikasi/{newer.pk}/"' in panel
    assert "Sudah Terverifikasi" not in panel and "Masih Draf" not in panel
    assert 'href="/admin/verifikasi/"' in panel
    # The panel comes before the programme dashboard's figures.
    assert html.index('data-testid="queue-panel"') < html.index('data-testid="dashboard-summary"')


def test_an_empty_queue_says_so(client):
    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    html = client.get("/admin/").content.decode()
    assert ">0</strong>" in html and "queue-panel-row" not in html


def test_only_verifiers_see_the_queue_on_their_home(client):
    submitted("Roti Lama")
    client.force_login(TrainingOfficerFactory().user)
    html = client.get("/admin/").content.decode()
    assert 'data-testid="queue-panel"' not in html and "Roti Lama" not in html


def test_the_panel_shows_the_five_oldest_with_the_full_count_in_flat_queries(client):
    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    submitted("Usaha 0", days_ago=10)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for n in range(1, 8):
        submitted(f"Usaha {n}", days_ago=10 - n)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/admin/").content.decode()
    assert len(many) == len(few)
    assert html.count('data-testid="queue-panel-row"') == 5
    assert ">8</strong>" in html and "Buka antrean (8)" in html
