"""Disclosures related to one: similar by key terms, and its round-robin group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh import query

from disclosure_search import schema as S
from disclosure_search.hits import hit_from_fields
from disclosure_search.models import Disclosure, SearchHit

# "Similar disclosures" picks key terms from this much of the text; more adds time, not sense.
SIMILAR_TEXT_CHARS = 20_000


@dataclass(frozen=True)
class Related:
    """What a disclosure page lists beside the disclosure itself."""

    similar: tuple[SearchHit, ...]
    group: tuple[SearchHit, ...]


def find_similar(searcher: Any, record: Disclosure, top: int) -> tuple[SearchHit, ...]:
    """Disclosures sharing `record`'s key terms (Whoosh more_like), not itself or its group."""
    docnum = searcher.document_number(uid=record.doc_id)
    if docnum is None or not record.text.strip():
        return ()
    keep: list[query.Query] = [query.Term(S.KIND, S.KIND_DISCLOSURE)]
    if record.group:
        keep.append(query.Not(query.Term(S.GROUP, record.group)))
    text = record.text[:SIMILAR_TEXT_CHARS]
    found = searcher.more_like(
        docnum, S.BODY, text=text, top=top, numterms=10, filter=query.And(keep)
    )
    return tuple(hit_from_fields(hit.fields(), hit.score or 0.0) for hit in found)


def find_group(searcher: Any, group_id: str) -> tuple[SearchHit, ...]:
    """Every disclosure answering one round-robin request, by authority then date."""
    members = query.And([query.Term(S.KIND, S.KIND_DISCLOSURE), query.Term(S.GROUP, group_id)])
    found = searcher.search(members, limit=None, sortedby=[S.AUTHORITY, S.DAY])
    return tuple(hit_from_fields(hit.fields()) for hit in found)
