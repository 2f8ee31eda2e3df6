"""personalint: lint Anam and Tavus persona configs at the exact line and column."""

__version__ = "0.1.0"
