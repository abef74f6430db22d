"""The web front end: server-rendered search pages, a JSON API and the stored originals."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request

from disclosure_search.config import load_settings
from web import (
    api,
    authorities,
    changes,
    charts,
    compiled,
    discovery,
    documents,
    errors,
    feeds,
    gaps,
    originals,
    text,
    views,
)
from web.extension import init_index

# Our own pages run no inline script and load nothing from elsewhere; say so, so an injected
# tag could do nothing even if escaping were ever missed. The one script is our static
# forms.js ('self'; served originals cannot pose as scripts: nosniff, and their own policy).
# (The schema.org JSON-LD block on a disclosure page is data, not script: it never runs.)
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A configured app. `config["HOME"]` is the data home, else $DISCLOSURE_SEARCH_HOME.

    Example: `create_app({"HOME": "disclosure-data"}).run()`.
    """
    app = Flask(__name__)
    app.config.from_mapping(config or {})
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    init_index(app, load_settings(app.config.get("HOME")))
    pages = (views, documents, compiled, authorities, gaps, changes, feeds, discovery, api)
    for module in (*pages, originals):
        app.register_blueprint(module.bp)
    errors.register(app)
    charts.register(app)
    text.register_filters(app)
    app.after_request(add_security_headers)
    return app


def add_security_headers(response: Response) -> Response:
    """Defaults for every response; a served original has its own policy (none for PDFs)."""
    if request.blueprint != "originals" or response.status_code >= 400:
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
