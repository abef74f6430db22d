"""Errors -> an HTML page or {"error": ...} JSON, with the right status and never a traceback.

JSON answers for the API (/api/...) and the data files (addresses ending .json or .csv),
whichever view raised, so a program reading them never has to parse a page."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from disclosure_search.errors import (
    DisclosureSearchError,
    InvalidQueryError,
    NoIndexError,
    NotFoundError,
)
from web.params import LIMIT_CHOICES, read_form

# (status, page heading) for our own errors; the message itself says what to do next.
STATUSES: dict[type[DisclosureSearchError], tuple[int, str]] = {
    InvalidQueryError: (400, "That search could not be run"),
    NotFoundError: (404, "Not found"),
    NoIndexError: (503, "The search index is not built yet"),
}
HTTP_MESSAGES = {
    404: "There is nothing at {path}. Check the address, or search instead.",
    405: "This address does not accept that kind of request.",
    500: "Something went wrong on our side. Please try again later.",
}


def register(app: Flask) -> None:
    """Install the handlers. HTTPException covers 404, 405, 500 and the rest of werkzeug's."""
    app.register_error_handler(DisclosureSearchError, handle_ours)
    app.register_error_handler(HTTPException, handle_http)


Reply = tuple[Response | str, int, dict[str, str]]
# Addresses read by programs: their errors are {"error": ...}, never an HTML page.
DATA_SUFFIXES = (".json", ".csv")


def wants_json() -> bool:
    """Whether this request's address is the API or a data file (JSON, CSV)."""
    return request.path.startswith("/api/") or request.path.endswith(DATA_SUFFIXES)


def handle_ours(error: DisclosureSearchError) -> Reply:
    found = [value for kind, value in STATUSES.items() if isinstance(error, kind)]
    status, heading = found[0] if found else (500, "Something went wrong")
    if status == 500:
        current_app.logger.error("Unexpected %s", type(error).__name__, exc_info=error)
    return respond(status, heading, str(error) or HTTP_MESSAGES[500])


def handle_http(error: HTTPException) -> Reply:
    status = error.code or 500
    # A 500 wraps whatever went wrong; its text is for our logs, not for users.
    message = HTTP_MESSAGES.get(status, "").format(path=request.path)
    message = message or error.description or error.name
    # Keep headers the status relies on, such as Allow on a 405.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return respond(status, error.name, message, headers)


def respond(
    status: int, heading: str, message: str, headers: dict[str, str] | None = None
) -> Reply:
    headers = headers or {}
    if wants_json():
        return jsonify({"error": message}), status, headers
    page = render_template(
        "error.html",
        status=status,
        heading=heading,
        message=message,
        # A bad search is fixed in the form, so show it again with what was typed; a page
        # that is not there may still be found by searching for it.
        form=read_form(request.args) if status in (400, 404) else None,
        limit_choices=LIMIT_CHOICES,
    )
    return page, status, headers
