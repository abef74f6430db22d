"""A round robin's answers compiled, as downloads: /group/<id>.csv and /group/<id>.xlsx (one
row per authority, per question its answer, numbers and status) and /group/<id>.json."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from disclosure_search.roundrobin_files import csv_text, read_compiled, to_json, xlsx_bytes
from web.caching import cached
from web.extension import get_index
from web.feeds import download

bp = Blueprint("compiled", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def base_url() -> str:
    """This site's address, so the links in a download work wherever it is opened."""
    return request.host_url.rstrip("/")


@bp.get("/group/<group_id>.csv")
@cached
def group_csv(group_id: str) -> Response:
    """The compiled table as CSV (what `disclosure-search group ID --format csv` prints)."""
    text = csv_text(read_compiled(get_index(), group_id), base_url())
    return download(text.encode("utf-8"), "text/csv; charset=utf-8", f"{group_id}.csv")


@bp.get("/group/<group_id>.xlsx")
@cached
def group_xlsx(group_id: str) -> Response:
    """The compiled table as an Excel workbook (sheets 'Answers' and 'Questions')."""
    data = xlsx_bytes(read_compiled(get_index(), group_id), base_url())
    return download(data, XLSX, f"{group_id}.xlsx")


@bp.get("/group/<group_id>.json")
@cached
def group_json(group_id: str) -> dict[str, Any]:
    """The compiled table as JSON, with each answer's page and link."""
    return to_json(read_compiled(get_index(), group_id), base_url())
