import pytest

from tests.pilot_data import pilot_world


@pytest.fixture
def p(world):
    return pilot_world(world)
