"""Python checks of the anam rule packs (see `personalint.custom`)."""

from __future__ import annotations

from typing import Iterator

from personalint.checks import MISSING, Context, Hit  # noqa: F401
from personalint.custom import custom  # noqa: F401
