import pytest

from tests.measures.support import World


@pytest.fixture
def world(personas) -> World:
    return World(personas)
