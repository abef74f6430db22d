"""The data model: frozen dataclasses shared by the indexer, search, CLI and web."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Part:
    """One searchable piece of a disclosure: a PDF page, an email body, an attachment, a row.

    `page` is the page number inside the original file when the part is a PDF page, so a hit
    can link to `original#page=N`; `name` is an attachment's file name.
    """

    number: int
    label: str
    text: str
    kind: str = "body"
    page: int | None = None
    name: str | None = None


@dataclass(frozen=True)
class Question:
    """One numbered question of a request and the authority's answer to it."""

    number: str
    question: str
    answer: str = ""


@dataclass(frozen=True)
class Version:
    """An earlier content of the same source, kept in the raw store."""

    sha256: str
    fetched_at: str | None = None


def is_web_address(source: str) -> bool:
    """Whether a source is a web address (else a local file)."""
    return source.startswith(("http://", "https://"))


def public_location(source: str) -> str:
    """What a reader may see of where a disclosure came from: a crawled URL as it is, a local
    file by its path relative to the folder that was ingested. An absolute path (recorded by
    versions before stable identity) shows only the file name: server paths are private."""
    absolute = source.startswith(("/", "\\")) or source[1:3] in (":\\", ":/")
    return file_name(source) if absolute and not is_web_address(source) else source


def file_name(source: str) -> str:
    """The file name a source ends in: a local path's last part, or a URL path's."""
    path = urlsplit(source).path if is_web_address(source) else source.replace("\\", "/")
    return PurePosixPath(path).name


@dataclass(frozen=True)
class Disclosure:
    """One response to one request, with its metadata and extracted parts.

    `source` is the crawled URL, or the local file's path relative to the folder given to
    `ingest`; `locations` lists every place the same bytes were found (both copies of a file
    kept under two names), `source` first.
    """

    doc_id: str
    source: str
    sha256: str
    format: str
    title: str
    request_id: str | None = None
    request_id_norm: str | None = None
    related_ids: tuple[str, ...] = ()
    authority: str | None = None
    date: date | None = None
    received: date | None = None
    exemptions: tuple[str, ...] = ()
    outcome: str = "unknown"
    outcome_evidence: str | None = None
    topics: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    fetched_at: str | None = None
    notes: tuple[str, ...] = ()
    removed: bool = False
    group: str | None = None
    versions: tuple[Version, ...] = ()
    locations: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()

    @property
    def text(self) -> str:
        """The whole extracted text, parts in order."""
        return "\n\n".join(part.text for part in self.parts)

    def metadata(self) -> dict[str, Any]:
        """Every field but the parts, as JSON-ready values (dates as YYYY-MM-DD): the public
        view, so locations are shown as `public_location` gives them."""
        data = self.to_dict()
        data.pop("parts")
        data.pop("questions")
        data.pop("versions")
        data["source"] = public_location(self.source)
        data["locations"] = [public_location(place) for place in self.locations]
        return data

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; `from_dict` reads it back."""
        data = dataclasses.asdict(self)
        for key in ("date", "received"):
            data[key] = data[key].isoformat() if data[key] else None
        for key in ("related_ids", "exemptions", "topics", "notes", "locations"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Disclosure:
        values = dict(data)
        for key in ("date", "received"):
            values[key] = date.fromisoformat(values[key]) if values.get(key) else None
        for key in ("related_ids", "exemptions", "topics", "notes", "locations"):
            values[key] = tuple(values.get(key) or ())
        values["parts"] = tuple(Part(**part) for part in values.get("parts") or ())
        values["questions"] = tuple(Question(**q) for q in values.get("questions") or ())
        values["versions"] = tuple(Version(**v) for v in values.get("versions") or ())
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class SearchQuery:
    """What a user asked for. `text` is in the query language (see querylang); the other
    fields are filters from form fields and facet links. Empty text with filters lists the
    filtered disclosures. `sort` None means relevance when there are words, else newest."""

    text: str = ""
    authority: str | None = None
    topic: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    request_id: str | None = None
    page: int = 1
    limit: int = 10
    exemption: str | None = None
    outcome: str | None = None
    format: str | None = None
    sort: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """One disclosure in a result list, with the part that matched best."""

    doc_id: str
    title: str
    request_id: str | None
    authority: str | None
    date: date | None
    topics: tuple[str, ...]
    source: str
    format: str
    score: float
    snippet: str = ""
    part_label: str | None = None
    part_number: int | None = None
    part_anchor: str | None = None
    page: int | None = None
    sha256: str = ""
    outcome: str = "unknown"
    exemptions: tuple[str, ...] = ()
    removed: bool = False
    group: str | None = None
    fetched_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The API/CLI shape of a result."""
        return {
            "doc_id": self.doc_id,
            "request_id": self.request_id,
            "title": self.title,
            "authority": self.authority,
            "date": self.date.isoformat() if self.date else None,
            "topics": list(self.topics),
            "source": public_location(self.source),
            "snippet": self.snippet,
            "part": self.part_label,
            "page": self.page,
            "outcome": self.outcome,
            "exemptions": list(self.exemptions),
            "format": self.format,
            "removed": self.removed,
            "group": self.group,
        }


# Facet name -> ((value, count), ...), largest count first.
Facets = dict[str, tuple[tuple[str, int], ...]]


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, the total number of matching disclosures, and what the query meant.

    `hints` explain what was done with input that could not be read as written; `understood`
    is the query as understood; `corrected` is the query text with misspelt words fixed
    ("did you mean"); `jump_to` is the doc_id when the query named one request; `partial` is
    True when the search hit its time limit and counts cover only what was found by then.
    """

    query: SearchQuery
    total: int
    hits: tuple[SearchHit, ...] = ()
    page_count: int = 1
    corrected: str | None = None
    facets: Facets = field(default_factory=dict)
    sort: str = "relevance"
    hints: tuple[str, ...] = ()
    understood: str = ""
    jump_to: str | None = None
    partial: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.query.page,
            "page_count": self.page_count,
            "limit": self.query.limit,
            "sort": self.sort,
            "understood": self.understood,
            "hints": list(self.hints),
            "did_you_mean": self.corrected,
            "jump_to": self.jump_to,
            "partial": self.partial,
            "facets": {
                name: [{"value": value, "count": count} for value, count in values]
                for name, values in self.facets.items()
            },
            "results": [hit.to_json() for hit in self.hits],
        }
