import pytest

from tests.dashboards.fixtures import build_programme


@pytest.fixture
def programme(db):
    return build_programme()
