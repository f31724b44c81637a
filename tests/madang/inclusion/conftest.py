import pytest

from tests.madang.inclusion.factories import inclusion_world


@pytest.fixture
def iw(world):
    return inclusion_world(world)
