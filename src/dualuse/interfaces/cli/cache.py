"""`dualuse cache`: where the screening index cache is, and clearing it (screening/cache.py)."""

from __future__ import annotations

import typer

from dualuse.errors import InputError

cache_app = typer.Typer(help="The persistent screening index cache: where it is, clearing it.", no_args_is_help=True)


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every cached screening index (they are rebuilt on the next screening)."""
    from dualuse.screening import cache

    try:
        removed = cache.clear()
    except cache.UnsafeCache as error:
        raise InputError(f"not cleared: {error}", file=str(cache.cache_dir())) from None
    print(f"{removed} cached index{'es' if removed != 1 else ''} removed from {cache.cache_dir()}")


@cache_app.command("path")
def cache_path() -> None:
    """Print the cache directory (DUALUSE_CACHE_DIR, else $XDG_CACHE_HOME/dualuse, else ~/.cache/dualuse)."""
    from dualuse.screening import cache

    print(cache.cache_dir())
