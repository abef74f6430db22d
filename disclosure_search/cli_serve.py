"""The `serve` and `demo` commands: the search UI and JSON API over HTTP.

`serve` runs gunicorn: several worker processes over one index, since a search is Python
work that one process (one GIL) cannot spread over cores. `demo` keeps Flask's own
development server: one process, for trying the product on a laptop.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from disclosure_search.cli_options import home_option, read_home, write_home
from disclosure_search.cli_ports import check_port_free
from disclosure_search.config import SAMPLES_DIR, TUNING, Settings
from disclosure_search.search import SearchIndex


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=lambda: min(8, (os.cpu_count() or 1) + 1),
    show_default="CPU cores + 1, at most 8",
    help="Server processes, each answering requests in parallel.",
)
@home_option
def serve(host: str, port: int, workers: int, home: Path | None) -> None:
    """Serve the search UI and JSON API (gunicorn, several processes).

    \b
    Example:
      disclosure-search serve --port 8080 --workers 4
    """
    settings = read_home(home)
    check_port_free(host, port)
    click.echo(
        f"Serving disclosure-search on http://{host}:{port}/ with {workers} worker"
        f"{'s' if workers != 1 else ''} (Ctrl+C to stop)"
    )
    run_gunicorn(settings, host, port, workers)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@home_option
def demo(host: str, port: int, home: Path | None) -> None:
    """Index the bundled sample disclosures (if not yet indexed), then serve the UI.

    \b
    Example:
      disclosure-search demo
    """
    from disclosure_search.cli_ingest import run_ingest
    from web import create_app

    settings = write_home(home)
    check_port_free(host, port)  # before indexing, so a busy port fails at once
    if not SearchIndex(settings).exists():
        click.echo(f"Indexing the sample disclosures in {SAMPLES_DIR} ...")
        run_ingest(settings, (SAMPLES_DIR,))
    app = create_app({"HOME": str(settings.home)})
    click.echo(f"Serving disclosure-search on http://{host}:{port}/ (Ctrl+C to stop)")
    app.run(host=host, port=port, debug=False, load_dotenv=False)


def run_gunicorn(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve `settings.home` with gunicorn until stopped; each worker opens the index itself."""
    from gunicorn.app.base import BaseApplication

    from web import create_app

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": TUNING.serve_threads,  # requests wait on disk and sockets too
        "worker_class": "gthread",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 60,
        "graceful_timeout": 5,
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):  # noqa: ANN202
            return create_app({"HOME": str(settings.home)})

    Server().run()
