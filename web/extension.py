"""The app's one SearchIndex, kept on `app.extensions` and reached from any request."""

from __future__ import annotations

from flask import Flask, current_app

from disclosure_search.config import Settings
from disclosure_search.search import SearchIndex

EXTENSION = "disclosure_search"


def init_index(app: Flask, settings: Settings) -> None:
    """Attach a SearchIndex; it reopens itself when the index generation changes."""
    app.extensions[EXTENSION] = SearchIndex(settings)


def get_index() -> SearchIndex:
    """The current app's SearchIndex (needs an app context)."""
    return current_app.extensions[EXTENSION]
