"""Shared fixtures. `builder` makes organisation trees and plans in one line each."""

import os

import pytest

# Playwright's sync API runs an event loop; Django must still allow its ORM calls in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def builder(db):
    from tests.builders import Builder

    return Builder()
