"""ETag and Cache-Control for pages, feeds and API answers, with 304 for conditional GETs.

An answer depends only on the address asked for, the index generation (every ingest commit
changes it) and this code's version, so the ETag is a hash of those three: a matching
If-None-Match is answered 304 before any search runs.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Response, make_response, request

from web.extension import get_index

MAX_AGE = 300

try:
    VERSION = version("disclosure-search")
except PackageNotFoundError:  # running from a checkout that was never installed
    VERSION = "dev"


def current_etag() -> str:
    """The ETag for this request's address at the current index generation."""
    key = f"{VERSION}|{get_index().generation()}|{request.full_path}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def cached(view: Callable[..., Any]) -> Callable[..., Response]:
    """Wrap a GET view: 304 when the client's copy is current, else ETag + Cache-Control."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        etag = current_etag()
        if request.if_none_match.contains(etag):
            response = Response(status=304)
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
        response.set_etag(etag)
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response

    return wrapper
