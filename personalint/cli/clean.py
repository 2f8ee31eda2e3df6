"""`personalint clean`: remove the result cache (personalint/cache.py), as `ruff clean` does."""

from __future__ import annotations

import click


@click.command()
@click.option("--cache-dir", "cache_dir", type=click.Path(file_okay=False), help="The cache folder to remove.")
def clean(cache_dir: str | None) -> None:
    """Remove the result cache of this project (.personalint_cache, or --cache-dir)."""
    from personalint import config
    from personalint.cache import clean as remove
    from personalint.cache import folder_for

    found = config.find()
    if cache_dir is None and found is not None:
        import os

        try:
            layer = config.load(found)
        except config.ConfigError as exc:
            raise click.ClickException(str(exc)) from None
        if layer.cache_dir is not None:
            cache_dir = os.path.normpath(os.path.join(layer.base, layer.cache_dir))
    folder = folder_for(found, cache_dir)
    if remove(folder):
        click.echo(f"Removed {folder}")
    else:
        click.echo(f"No cache to remove at {folder}")
