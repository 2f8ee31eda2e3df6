"""Fixtures only; the helpers the tests share are in helpers.py."""

from __future__ import annotations

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
