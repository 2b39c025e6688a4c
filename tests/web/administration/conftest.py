import pytest

from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    return build_region(builder)
