"""The error of a command that cannot go on: a configuration or an output it cannot use."""

from __future__ import annotations

import click


class ConfigurationError(click.ClickException):
    """A configuration that cannot be used, or an output that cannot be written: exit 2."""

    exit_code = 2
