import pytest

from tests.events.support import World


@pytest.fixture
def world(personas) -> World:
    return World(personas)
