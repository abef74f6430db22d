"""Server-drawn SVG charts: well-formed, described, one bar per table row, numbers as the
facets count them (on the index built from the real samples)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from web.charts import bar_chart, column_chart, render_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(markup: str) -> ET.Element:
    root = ET.fromstring(str(markup))
    assert root.tag == f"{SVG}svg"
    return root


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


@pytest.mark.parametrize("chart", [column_chart, bar_chart])
def test_one_bar_per_row_zeros_included(chart) -> None:
    rows = [("2024-01", 3), ("2024-02", 0), ("2024-03", 7)]
    root = parse_svg(chart(rows, "Disclosures per month"))
    drawn = bars(root)
    assert len(drawn) == 3
    heights = [float(r.get("height" if chart is column_chart else "width")) for r in drawn]
    assert heights[1] == 0 and heights[2] > heights[0] > 0
    # Each bar names its value for screen readers and on hover.
    assert [r.find(f"{SVG}title").text for r in drawn][1] == "2024-02: 0 disclosures"


def test_described_for_screen_readers() -> None:
    root = parse_svg(bar_chart([("refused", 2), ("granted", 9)], "Outcomes"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Outcomes: 2 bars, largest granted with 9 disclosures"
    assert root.find(f"{SVG}title").text == "Outcomes"


def test_labels_are_escaped_and_still_xml() -> None:
    rows = [("<script>alert(1)</script>", 1), ("Health & Care 'Trust'", 2)]
    markup = str(render_chart("bar", rows, "A & B <chart>"))
    assert "<script>" not in markup
    root = parse_svg(markup)
    assert len(bars(root)) == 2
    assert root.find(f"{SVG}title").text == "A & B <chart>"


def test_empty_chart_is_still_an_image() -> None:
    root = parse_svg(column_chart([], "Nothing"))
    assert bars(root) == [] and root.get("aria-label") == "Nothing: none"


def figures(html: bytes) -> list[tuple[ET.Element, list[tuple[str, int]]]]:
    """Each chart on a page with its table's rows (label, count)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for figure in soup.select("figure.chart"):
        root = parse_svg(str(figure.find("svg")))
        rows = [
            (tr.th.get_text(strip=True), int(tr.find_all("td")[0].get_text(strip=True)))
            for tr in figure.select("table.chart-table tbody tr")
        ]
        found.append((root, rows))
    return found


def test_authority_page_charts_match_their_tables(client: FlaskClient) -> None:
    page = client.get("/authority/sheffield-city-council")
    assert page.status_code == 200
    charts = figures(page.data)
    assert len(charts) >= 4  # years, months, outcomes, exemptions, topics
    for root, rows in charts:
        assert len(bars(root)) == len(rows) > 0
        tips = [r.find(f"{SVG}title").text for r in bars(root)]
        assert [int(t.rsplit(": ", 1)[1].split()[0]) for t in tips] == [n for _, n in rows]


def test_search_page_charts_are_the_facet_counts(client: FlaskClient) -> None:
    args = "q=council"
    page = client.get(f"/search?{args}")
    api = client.get(f"/api/search?{args}").get_json()
    (year_root, years), (outcome_root, outcomes) = figures(page.data)
    facet_years = {f["value"]: f["count"] for f in api["facets"]["year"]}
    assert dict(years) == facet_years
    assert [label for label, _ in years] == sorted(facet_years)  # oldest first
    assert dict(outcomes) == {f["value"]: f["count"] for f in api["facets"]["outcome"]}
    assert len(bars(year_root)) == len(years) and len(bars(outcome_root)) == len(outcomes)


def test_charts_need_no_script_and_no_inline_style(client: FlaskClient) -> None:
    for url in ("/authority/sheffield-city-council", "/authorities", "/search?q=council"):
        soup = BeautifulSoup(client.get(url).data, "html.parser")
        for svg in soup.find_all("svg"):
            assert not svg.find_all("script") and not svg.find_all(style=True)


def test_group_chart_from_the_template_helpers(app, client: FlaskClient) -> None:
    """What the group page will draw: its answers' outcome mix, with tally() and the macro."""
    found = client.get("/api/search?q=council+tax+exemption+care+leavers&limit=100").get_json()
    groups = [h["group"] for h in found["results"] if h["group"]]
    group_id = max(set(groups), key=groups.count)  # the 23-council round robin
    group = client.get(f"/api/group/{group_id}").get_json()["results"]
    assert len(group) > 5
    with app.test_request_context():
        members = app.extensions["disclosure_search"].group_members(group_id)
        html = app.jinja_env.from_string(
            '{% from "_charts.html" import chart_figure %}'
            "{{ chart_figure('bar', 'Outcomes', tally(members, 'outcome'), total=members|length) }}"
            "{{ chart_figure('column', 'Per month', count_months(members|map(attribute='date'))) }}"
        ).render(members=members)
    (outcome_root, outcomes), (month_root, months) = figures(html.encode())
    expected: dict[str, int] = {}
    for member in group:
        expected[member["outcome"]] = expected.get(member["outcome"], 0) + 1
    assert dict(outcomes) == expected and len(bars(outcome_root)) == len(outcomes)
    assert sum(n for _, n in months) == sum(1 for m in group if m["date"])
    assert len(bars(month_root)) == len(months)
