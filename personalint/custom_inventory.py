"""Python checks of the inventory rule pack (see `personalint.custom`): references checked
against the organisation's own resources (`personalint.inventory`)."""

from __future__ import annotations

from typing import Iterator

from personalint.checks import MISSING, Context, Hit  # noqa: F401
from personalint.custom import custom  # noqa: F401
