"""personalint's version (kept apart from the package's __init__, so that no module imports the package to read it)."""

__version__ = "0.1.0"
