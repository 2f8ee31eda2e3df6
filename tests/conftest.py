"""Fixtures only; the helpers the tests share are in helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import ORG, SHARED

from personalint import inventory


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "reference").is_dir():
        pytest.skip("../shared (reference documents and wild corpus) is not beside the repository")
    return SHARED


@pytest.fixture(scope="module")
def org() -> inventory.Inventory:
    """The test inventory (tests/fixtures/inventory/org), loaded once per module."""
    return inventory.load(str(ORG))


# The result cache (personalint/cache.py) is off in the tests: a test that patches personalint's
# internals must see them run, and no run may leave a .personalint_cache in the checkout.
# tests/test_cache.py turns it on where it is the subject.
os.environ["PERSONALINT_NO_CACHE"] = "1"
