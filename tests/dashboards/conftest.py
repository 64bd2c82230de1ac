import copy

import pytest
from django.db import transaction

from tests.dashboards.fixtures import build_programme


@pytest.fixture(scope="module")
def _module_programme(django_db_setup, django_db_blocker):
    """The programme, built once per test module in a transaction rolled back after the module's
    last test, as Django's TestCase.setUpTestData does: each test's own transaction is a
    savepoint inside it, so what a test changes is gone before the next."""
    with django_db_blocker.unblock():
        built = transaction.atomic()
        built.__enter__()
        programme = build_programme()
    yield programme
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        built.__exit__(None, None, None)


@pytest.fixture
def programme(db, _module_programme):
    # A copy for each test, as setUpTestData gives: a test may change the objects it holds.
    return copy.deepcopy(_module_programme)
