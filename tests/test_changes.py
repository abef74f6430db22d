"""The change log: crawl a real log twice over HTTP on 127.0.0.1 and read what changed.

Visit 1 lists four real documents. Before visit 2 one is changed (a sentence of the real
Coventry letter rewritten), one is swapped for another real file of the same letter (the Home
Office reply as python-docx and as LibreOffice wrote it: other bytes, the same words), one
leaves the log (the Sheffield thread) and one is added (the Albanian e-mail); the TfL PDF
stays as it was. The events, the diff page, the Atom feed, the JSON and the `changes` command
(a real subprocess) must all say so, and agree.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from fixture_site import FixtureSite
from flask.testing import FlaskClient
from lxml import etree

import web.changes
from disclosure_search.changes import (
    Change,
    ChangeFilter,
    read_change_text,
    read_changes,
    read_texts,
)
from disclosure_search.config import SAMPLES_DIR, CrawlSettings, Limits, Settings
from disclosure_search.records import read_record
from disclosure_search.textdiff import MAX_MARKED_WORDS, find_diff, split_lines, unified_diff
from indexer.crawl import crawl_sources
from indexer.crawlstate import CrawlLedger
from indexer.sources import source_for_url
from indexer.store import sha256_of
from web import create_app
from web.changes import text_change

FIXTURES = Path(__file__).parent / "fixtures"
COVENTRY = (FIXTURES / "coventry_FOI759201887_windows-1252.html").read_bytes()
BEFORE = b"This is delivered in house by Coventry City Council employees"
AFTER = b"This is delivered by an external provider under a three year contract"
CHANGED_COVENTRY = COVENTRY.replace(BEFORE, AFTER)
PHYSIO, LETTER = "/responses/physio.html", "/responses/letter.docx"
POTHOLES, APPEAL, POULTRY = (
    "/responses/potholes.json",
    "/responses/appeal.pdf",
    "/responses/poultry.eml",
)
VISIT_1 = {
    PHYSIO: COVENTRY,
    LETTER: (FIXTURES / "homeoffice_T5741-15_python-docx.docx").read_bytes(),
    POTHOLES: (SAMPLES_DIR / "sheffield_wdtk_pothole_reports_and_repairs_64.json").read_bytes(),
    APPEAL: (SAMPLES_DIR / "tfl_right_to_appeal_attachment.pdf").read_bytes(),
}
VISIT_2 = {
    PHYSIO: CHANGED_COVENTRY,
    LETTER: (FIXTURES / "homeoffice_T5741-15_libreoffice.docx").read_bytes(),
    APPEAL: VISIT_1[APPEAL],
    POULTRY: (SAMPLES_DIR / "albanian_poultry_imports_iso8859-2.eml").read_bytes(),
}
LOG = "/foi/log/"
CONFIG = CrawlSettings(
    contact_url="https://example.org/crawler-contact",
    delay=0.02,
    timeout=5,
    retries=1,
    backoff=0.05,
    allow_private=("127.0.0.1",),
)
LIMITS = Limits(timeout=60, workers=1)


# Link texts as a log would show them (an .html page is followed when its text names a response).
TITLES = {
    PHYSIO: "FOI759201887 - Council occupational physiotherapy service",
    LETTER: "T5741/15 - Child sexual abuse inquiry correspondence",
    POTHOLES: "Pothole reports and repairs",
    APPEAL: "Right to appeal",
    POULTRY: "Poultry imports",
}


def site_files(documents: dict[str, bytes]) -> dict[str, bytes]:
    """The documents and a disclosure log page linking to them (the site around them)."""
    return {**documents, LOG + "index.html": listing(list(documents))}


def listing(paths: list[str]) -> bytes:
    items = "".join(
        f'<li><a href="{path}">{TITLES[path]}</a> <span class="date">1 May 2025</span></li>'
        for path in paths
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Disclosure log'
        f'</title></head><body><main><h1>Disclosure log</h1><ul class="log">{items}</ul></main>'
        "</body></html>"
    ).encode()


@dataclass
class FolderSite(FixtureSite):
    """The fixture server, answering from `files` (path -> bytes) that a test can change."""

    files: dict[str, bytes] = field(default_factory=dict)
    root: Path = Path()

    def file_for(self, path: str) -> tuple[Path, int] | None:
        path = unquote(path)
        path = path + "index.html" if path.endswith("/") else path
        if path not in self.files:
            return None
        file = self.root / path.lstrip("/")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(self.files[path])
        return file, 1


@dataclass
class World:
    settings: Settings
    source: str
    client: FlaskClient
    first: list  # the changes after visit 1
    second: list  # the changes visit 2 added


def crawl(site: FolderSite, settings: Settings) -> None:
    report = crawl_sources(settings, [source_for_url(site.url(LOG))], CONFIG, None, None, LIMITS)
    assert report[0].complete and not report[0].failed, report[0].failures


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("site")
    settings = Settings(home=tmp_path_factory.mktemp("home"))
    with FolderSite(files=site_files(VISIT_1), root=root) as site:
        crawl(site, settings)
        first = read_changes(settings)
        site.files = site_files(VISIT_2)
        crawl(site, settings)
        second = [c for c in read_changes(settings) if c not in first]
        client = create_app({"HOME": str(settings.home), "TESTING": True}).test_client()
        yield World(settings, site.url(LOG), client, first, second)


def path_of(change: Change) -> str:
    return "/" + change.url.split("/", 3)[3]


def by_path(changes: list[Change]) -> dict[str, str]:
    return {path_of(c): c.kind for c in changes}


def event(world: World, path: str) -> Change:
    """The change visit 2 found at `path`."""
    return next(c for c in world.second if path_of(c) == path)


def test_first_crawl_records_every_document_as_appeared(world: World) -> None:
    assert by_path(world.first) == dict.fromkeys(VISIT_1, "appeared")
    for change in world.first:
        assert change.old_sha256 is None and change.source == world.source
        assert change.new_sha256 == sha256_of(VISIT_1[path_of(change)])
        assert read_record(world.settings, change.doc_id).source == change.url


def test_second_crawl_records_the_change_the_removal_and_the_addition(world: World) -> None:
    assert by_path(world.second) == {
        PHYSIO: "changed",
        LETTER: "changed",
        POTHOLES: "disappeared",
        POULTRY: "appeared",
    }  # the unchanged PDF has no event
    for path in (PHYSIO, LETTER):
        changed = event(world, path)
        assert changed.old_sha256 == sha256_of(VISIT_1[path])
        assert changed.new_sha256 == sha256_of(VISIT_2[path])
        record = read_record(world.settings, changed.doc_id)
        assert record.sha256 == changed.new_sha256
        assert [v.sha256 for v in record.versions] == [changed.old_sha256]
    gone = event(world, POTHOLES)
    assert gone.new_sha256 is None and read_record(world.settings, gone.doc_id).removed
    assert len({c.crawl_id for c in world.second}) == 1
    assert {c.crawl_id for c in world.first}.isdisjoint({c.crawl_id for c in world.second})


def test_the_kept_texts_are_the_indexed_texts_before_and_after(world: World) -> None:
    changed = event(world, PHYSIO)
    before, after = read_texts(world.settings, changed)
    assert BEFORE.decode() in before and AFTER.decode() not in before
    assert AFTER.decode() in after and BEFORE.decode() not in after
    assert after == read_record(world.settings, changed.doc_id).text
    # Nothing is kept for a document that only appeared.
    assert read_change_text(world.settings, event(world, POULTRY).new_sha256) is None


def test_the_same_letter_in_other_bytes_changed_its_file_but_not_its_words(world: World) -> None:
    swapped = event(world, LETTER)
    before, after = read_texts(world.settings, swapped)
    assert before != after  # the two conversions space some words differently...
    assert find_diff(before, after) == []  # ...which the diff does not count as a change
    soup = page(world.client, f"/changes/{swapped.id}")
    assert "its extracted text did not" in soup.text and not soup.select("table.diff")
    assert (
        "only the file did"
        in cli("--home", str(world.settings.home), "--diff", str(swapped.id)).stdout
    )


def test_nothing_new_records_nothing_and_a_return_is_an_appearance(
    world: World, tmp_path: Path
) -> None:
    before = read_changes(world.settings)
    # The site as visit 2 left it, in a fresh home: every document appears once; a second
    # crawl (304s, the same bytes) records nothing; a response that leaves the log and comes
    # back appears again, noted as back. The world's log is untouched.
    with FolderSite(files=site_files(VISIT_2), root=tmp_path / "site") as site:
        settings = Settings(home=tmp_path / "home")
        crawl(site, settings)
        assert by_path(read_changes(settings)) == dict.fromkeys(VISIT_2, "appeared")
        crawl(site, settings)
        assert len(read_changes(settings)) == len(VISIT_2)
        site.files = site_files({p: b for p, b in VISIT_2.items() if p != POULTRY})
        crawl(site, settings)
        site.files = site_files(VISIT_2)
        crawl(site, settings)
        latest = read_changes(settings, ChangeFilter(limit=2))
    assert [(path_of(c), c.kind, c.detail) for c in latest] == [
        (POULTRY, "appeared", "back in the log"),
        (POULTRY, "disappeared", None),
    ]
    assert read_changes(world.settings) == before


def test_filters_by_source_kind_and_since(world: World) -> None:
    every = read_changes(world.settings)
    assert read_changes(world.settings, ChangeFilter(source="elsewhere")) == []
    assert read_changes(world.settings, ChangeFilter(source=world.source)) == every
    changed = read_changes(world.settings, ChangeFilter(kind="changed"))
    assert [c.kind for c in changed] == ["changed", "changed"]
    day = every[0].at[:10]
    assert read_changes(world.settings, ChangeFilter(since=date.fromisoformat(day))) == every
    assert [c.id for c in every] == sorted((c.id for c in every), reverse=True)  # newest first


def test_the_diff_marks_the_changed_words() -> None:
    lines = find_diff("a\nkept line\nold words here\nz\n", "a\nkept line\nnew words here\nz\n")
    kinds = [line.kind for line in lines]
    assert kinds == ["hunk", "context", "context", "removed", "added", "context"]
    removed, added = lines[3], lines[4]
    assert [(s.text, s.changed) for s in removed.spans] == [("old ", True), ("words here", False)]
    assert [(s.text, s.changed) for s in added.spans] == [("new ", True), ("words here", False)]
    assert find_diff("same\n\ntext", "same\ntext\n") == []  # blank lines are not a change
    assert unified_diff("a\nb", "a\nc").splitlines()[2:] == ["@@ -1,2 +1,2 @@", " a", "-b", "+c"]
    long_line = " ".join(f"w{n}" for n in range(MAX_MARKED_WORDS + 1))
    removed, added = find_diff(long_line, long_line.replace("w1 ", "x1 "))[1:]
    assert (removed.kind, added.kind, removed.spans, added.spans) == ("removed", "added", (), ())


# --- web ---


def test_changes_page_lists_and_filters(world: World) -> None:
    soup = page(world.client, "/changes")
    rows = soup.select("table.changes-table:not(.change-sources) tbody tr")
    assert len(rows) == 8
    (source_row,) = soup.select("table.change-sources tbody tr")
    assert source_row.th.text == world.source
    by_kind = {td["data-kind"]: int(td.text) for td in source_row.select("td[data-kind]")}
    assert by_kind == {"appeared": 5, "changed": 2, "disappeared": 1}
    counts = {s["data-kind"]: int(s.text) for s in soup.select("#change-counts .count")}
    assert counts == {"appeared": 5, "changed": 2, "disappeared": 1}
    only = page(world.client, "/changes?kind=disappeared")
    only_rows = only.select("table.changes-table:not(.change-sources) tbody tr")
    assert [r.select_one(".kind").text for r in only_rows] == ["disappeared"]
    assert "potholes.json" in only_rows[0].text
    assert not page(world.client, "/changes?source=elsewhere").select("tbody tr")
    assert world.client.get("/changes?kind=moved").status_code == 400
    assert world.client.get("/changes?since=yesterday").status_code == 400
    assert world.client.get("/changes?page=0").status_code == 400
    assert world.client.get("/changes/999999").status_code == 404


def test_change_page_shows_the_changed_lines(world: World) -> None:
    changed = event(world, PHYSIO)
    soup = page(world.client, f"/changes/{changed.id}")
    removed = [row.text for row in soup.select("tr.diff-removed")]
    added = [row.text for row in soup.select("tr.diff-added")]
    assert len(removed) == len(added) == 1
    assert BEFORE.decode() in removed[0] and AFTER.decode() in added[0]
    marked = [tag.text for tag in soup.select("tr.diff-added ins")]
    assert marked and all(word in AFTER.decode() for word in marked)
    struck = [tag.text.strip() for tag in soup.select("tr.diff-removed del")]
    assert struck == ["in house", "Coventry City Council employees"]  # "This is delivered by" stays
    assert "1 line removed, 1 line added" in soup.select_one(".diff-summary").text
    links = {a["href"] for a in soup.select("a")}
    assert f"/disclosure/{changed.doc_id}" in links
    assert f"/original/{changed.old_sha256}" in links and f"/original/{changed.new_sha256}" in links
    with world.client.get(f"/original/{changed.old_sha256}") as original:  # closes the file
        assert original.status_code == 200 and original.data == COVENTRY
    gone = event(world, POTHOLES)
    assert "no longer links" in page(world.client, f"/changes/{gone.id}").text


ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_bad_page_or_an_impossible_id_is_a_clear_400_or_404(world: World) -> None:
    for url in ("/changes?page=²", "/changes?page=1e3", "/changes.json?page=²"):
        response = world.client.get(url)
        assert response.status_code == 400, url
        assert "must be a whole number from 1 to 100000" in response.get_data(as_text=True)
    assert world.client.get("/changes.atom?page=²").status_code == 400
    for change_id in ("99999999999999999999999", str(2**63)):  # past SQLite's integers
        assert world.client.get(f"/changes/{change_id}").status_code == 404
    home = str(world.settings.home)
    huge = cli("--home", home, "--diff", "99999999999999999999999")
    assert huge.returncode == 1 and "No change with id" in huge.stderr
    every = cli("--home", home, "--limit", "99999999999999999999999")
    assert every.returncode == 0 and len(every.stdout.splitlines()) == 8


def test_a_diff_too_large_for_the_page_links_both_originals(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = event(world, PHYSIO)
    before, after = (len(split_lines(text)) for text in read_texts(world.settings, changed))
    url = f"/changes/{changed.id}"
    response = world.client.get(url)
    max_age = int(response.headers["Cache-Control"].rpartition("max-age=")[2])
    assert max_age >= 86_400  # a change never changes
    hits = text_change.cache_info().hits
    assert world.client.get(url).status_code == 200
    assert text_change.cache_info().hits == hits + 1  # the second request did not diff again

    monkeypatch.setattr(web.changes, "MAX_DIFF_LINES", max(before, after) - 1)
    soup = page(world.client, url)
    notice = soup.select_one(".too-large").text
    assert "too large to compare here" in notice
    assert f"{before} lines before, {after} lines after" in notice
    assert not soup.select("table.diff")
    links = {a["href"] for a in soup.select(".too-large a")}
    assert links == {f"/original/{changed.old_sha256}", f"/original/{changed.new_sha256}"}
    monkeypatch.setattr(web.changes, "MAX_DIFF_LINES", max(before, after))
    assert page(world.client, url).select("tr.diff-removed")


def test_an_address_that_is_not_a_web_address_is_never_a_link(world: World, tmp_path: Path) -> None:
    # A ledger row whose address is a javascript: one (a hostile log, a hand-edited ledger):
    # shown as text, never as a link. The world's ledger is untouched.
    settings = Settings(home=tmp_path / "home")
    settings.home.mkdir()
    shutil.copyfile(world.settings.crawl_path, settings.crawl_path)
    changed = event(world, PHYSIO)
    hostile = "javascript:alert(document.cookie)"
    with sqlite3.connect(settings.crawl_path) as db:
        db.execute("UPDATE changes SET url = ? WHERE id = ?", (hostile, changed.id))
    client = create_app({"HOME": str(settings.home), "TESTING": True}).test_client()
    for url in ("/changes", f"/changes/{changed.id}"):
        soup = page(client, url)
        assert hostile in soup.text
        assert not [a for a in soup.select("a[href]") if "javascript" in a["href"]], url
    # The other changes' addresses are still links.
    assert page(client, "/changes").select(f'a.url[href="{event(world, LETTER).url}"]')
    feed = etree.fromstring(client.get("/changes.atom").data)
    related = {
        entry.findtext(f"{ATOM}id").rpartition("/")[2]: [
            link.get("href") for link in entry.findall(f"{ATOM}link[@rel='related']")
        ]
        for entry in feed.findall(f"{ATOM}entry")
    }
    assert related.pop(str(changed.id)) == []
    assert related and all(links[0].startswith("http://") for links in related.values())


def test_atom_feed_parses_and_lists_the_changes(world: World) -> None:
    response = world.client.get("/changes.atom")
    assert response.status_code == 200 and response.content_type.startswith("application/atom+xml")
    feed = etree.fromstring(response.data)
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    entries = feed.findall(f"{ATOM}entry")
    every = read_changes(world.settings)
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"http://localhost/changes/{c.id}" for c in every
    ]
    assert [e.find(f"{ATOM}category").get("term") for e in entries] == [c.kind for c in every]
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated").endswith("Z") and entry.findtext(f"{ATOM}title")
    changed = etree.fromstring(world.client.get("/changes.atom?kind=changed").data)
    terms = [e.find(f"{ATOM}category").get("term") for e in changed.findall(f"{ATOM}entry")]
    assert terms == ["changed", "changed"]


# --- CLI, a real subprocess, agreeing with the web ---


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "disclosure_search", "changes", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_agrees_with_the_web_and_prints_the_diff(world: World) -> None:
    home = str(world.settings.home)
    done = cli("--home", home, "--format", "json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    web = world.client.get("/changes.json").get_json()
    assert listed == web["changes"] and web["total"] == len(listed) == 8
    assert web["counts"] == {"appeared": 5, "changed": 2, "disappeared": 1}
    sources = json.loads(cli("--home", home, "--by-source", "--format", "json").stdout)
    assert sources == web["sources"] and sources[0]["counts"] == web["counts"]
    table = cli("--home", home, "--kind", "changed", "--source", world.source).stdout.splitlines()
    assert [line.split()[0] for line in table] == [
        str(c["id"]) for c in listed if c["kind"] == "changed"
    ]
    changed = event(world, PHYSIO)
    diff = cli("--home", home, "--diff", str(changed.id))
    assert diff.returncode == 0, diff.stderr
    assert f"-{BEFORE.decode()}" in diff.stdout.splitlines()
    assert f"+{AFTER.decode()}" in diff.stdout.splitlines()
    gone = event(world, POTHOLES)
    refused = cli("--home", home, "--diff", str(gone.id))
    assert refused.returncode == 1 and "no text diff" in refused.stderr
    assert "No change with id" in cli("--home", home, "--diff", "999999").stderr


def test_a_home_from_before_the_change_log_reads_as_empty(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "old")
    with CrawlLedger(settings):
        pass  # the crawl ledger as earlier versions made it: no changes table
    tables = {
        r[0] for r in sqlite3.connect(settings.crawl_path).execute("SELECT name FROM sqlite_master")
    }
    assert "changes" not in tables
    assert read_changes(settings) == []
    client = create_app({"HOME": str(settings.home), "TESTING": True}).test_client()
    assert "No changes recorded" in page(client, "/changes").text
    assert etree.fromstring(client.get("/changes.atom").data).findall(f"{ATOM}entry") == []
    done = cli("--home", str(settings.home))
    assert done.returncode == 0 and "No changes recorded" in done.stderr


def page(client: FlaskClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.data, "html.parser")
