"""`personalint inventory pull | show`: the organisation's resources, for reference checks."""

from __future__ import annotations

import os

import click

from personalint.cli.errors import ConfigurationError
from personalint.kinds import VENDORS


@click.group("inventory")
def inventory_group() -> None:
    """The inventory of your organisation's resources, for reference checks (`check --inventory`).

    \b
    An inventory is a folder of the vendors' list replies, saved as they come:
      Anam:  GET /v1/avatars, /v1/voices, /v1/llms, /v1/tools
      Tavus: GET /v2/replicas, /v2/guardrails, /v2/documents, /v2/objectives,
             /v2/pronunciation-dictionaries
    or one YAML/JSON file naming them ({anam: {voices: [file, ...]}, tavus: {...}}).
    """


@inventory_group.command("pull")
@click.option("--vendor", type=click.Choice(VENDORS), required=True, help="Whose lists to fetch.")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    required=True,
    help="The inventory folder; the lists go into OUT/anam or OUT/tavus, replaced as a whole.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="The API's base URL (default https://api.anam.ai or https://tavusapi.com; "
    "env PERSONALINT_ANAM_BASE_URL / PERSONALINT_TAVUS_BASE_URL).",
)
def inventory_pull(vendor: str, out: str, base_url: str | None) -> None:
    """Fetch every list of VENDOR with your API key (ANAM_API_KEY or TAVUS_API_KEY), all pages.

    Nothing is written unless every page of every list arrived and validated.
    """
    from personalint import inventory

    try:
        written = inventory.pull(vendor, out, base_url=base_url, echo=lambda line: click.echo(line, err=True))
    except inventory.InventoryError as exc:
        raise ConfigurationError(f"inventory pull: {exc}") from None
    click.echo(f"wrote {len(written)} file{'' if len(written) == 1 else 's'} to {os.path.join(out, vendor)}")


@inventory_group.command("show")
@click.argument("path", required=False, type=click.Path())
@click.option("--all", "show_all", is_flag=True, help="List every item (default: the first 20 of each list).")
def inventory_show(path: str | None, show_all: bool) -> None:
    """Summarise what an inventory holds (PATH, or the configuration's `inventory`)."""
    from personalint import inventory

    if path is None:
        path = _configured_inventory()
    try:
        loaded = inventory.load(path)
    except inventory.InventoryError as exc:
        raise ConfigurationError(f"inventory: {exc}") from None
    click.echo(inventory.show(loaded, limit=None if show_all else 20), nl=False)


def _configured_inventory() -> str:
    """The inventory the nearest configuration names; a usage error when it names none."""
    from personalint import config
    from personalint.engine.registry import registry

    try:
        found = config.find()
        settings = config.resolve([config.load(found)] if found else [], registry())
    except config.ConfigError as exc:
        raise ConfigurationError(str(exc)) from None
    path = settings.project.inventory if settings.project is not None else None
    if not path:
        raise click.UsageError('name the inventory PATH, or set `inventory = "path"` in the configuration')
    return path
