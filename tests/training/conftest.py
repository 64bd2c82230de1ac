import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def indonesian_by_default():
    """A request under /en/ leaves English active in this thread; start each test in Indonesian."""
    translation.activate("id")
    yield
    translation.activate("id")
