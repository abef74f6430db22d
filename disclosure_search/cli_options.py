"""Options shared by the CLI's commands."""

from __future__ import annotations

from pathlib import Path

import click

home_option = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data home (default: $DISCLOSURE_SEARCH_HOME or ./disclosure-data).",
)
