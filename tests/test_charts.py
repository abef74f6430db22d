"""Server-drawn SVG charts: well-formed, described, one bar per table row, numbers as the
facets count them (on the index built from the real samples)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from disclosure_search.authority_stats import count_months, fill_periods
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
    (year_root, years), (outcome_root, outcomes), *exemption_charts = figures(page.data)
    facet_years = {f["value"]: f["count"] for f in api["facets"]["year"]}
    assert {label: n for label, n in years if n} == facet_years
    # Oldest first, every year between the first and the last: one with no result is a 0.
    labels = [int(label) for label, _ in years]
    assert labels == list(range(min(labels), max(labels) + 1))
    assert ("2012", 0) in years and "2012" not in facet_years
    assert dict(outcomes) == {f["value"]: f["count"] for f in api["facets"]["outcome"]}
    assert len(bars(year_root)) == len(years) and len(bars(outcome_root)) == len(outcomes)
    # The exemption mix, named as the facets name them: the same counts.
    facet_exemptions = sorted(f["count"] for f in api["facets"]["exemption"])
    assert facet_exemptions, "the sample index has refusals under exemptions"
    [(exemption_root, exemptions)] = exemption_charts
    assert sorted(n for _, n in exemptions) == facet_exemptions
    assert len(bars(exemption_root)) == len(exemptions)


def test_charts_need_no_script_and_no_inline_style(client: FlaskClient) -> None:
    for url in ("/authority/sheffield-city-council", "/authorities", "/search?q=council"):
        soup = BeautifulSoup(client.get(url).data, "html.parser")
        for svg in soup.find_all("svg"):
            assert not svg.find_all("script") and not svg.find_all(style=True)


def test_the_group_page_charts_its_answers(client: FlaskClient) -> None:
    """The 23-council round robin's page draws its answers' outcomes and months, with the
    numbers /api/group gives."""
    found = client.get("/api/search?q=council+tax+exemption+care+leavers&limit=100").get_json()
    groups = [h["group"] for h in found["results"] if h["group"]]
    group_id = max(set(groups), key=groups.count)
    group = client.get(f"/api/group/{group_id}").get_json()["results"]
    assert len(group) > 5
    page = client.get(f"/group/{group_id}")
    assert page.status_code == 200
    (outcome_root, outcomes), *others = figures(page.data)
    expected = Counter(member["outcome"] for member in group)
    assert sorted(n for _, n in outcomes) == sorted(expected.values())
    assert len(bars(outcome_root)) == len(outcomes)
    months = [rows for _, rows in others if rows and rows[0][0][:4].isdigit()]
    dated = sum(1 for member in group if member["date"])
    assert sum(n for rows in months for _, n in rows) == (dated if months else 0)


def test_periods_between_are_filled_with_zeros() -> None:
    rows = [("2024", 2), ("2021", 1), ("(not stated)", 3)]
    assert fill_periods(rows) == (("2021", 1), ("2022", 0), ("2023", 0), ("2024", 2))
    assert fill_periods([("2024-02", 1), ("2023-11", 4)]) == (
        ("2023-11", 4), ("2023-12", 0), ("2024-01", 0), ("2024-02", 1)
    )  # fmt: skip
    days = [date(2024, 1, 31), None, date(2024, 3, 1)]
    assert count_months(days) == (("2024-01", 1), ("2024-02", 0), ("2024-03", 1))
    # A misread year 25 is sorted first, not followed by two thousand empty years.
    assert fill_periods([("2024", 1), ("25", 1)]) == (("25", 1), ("2024", 1))
    assert fill_periods([]) == ()


def test_authority_year_chart_has_a_bar_for_an_empty_year(client: FlaskClient) -> None:
    charts = figures(client.get("/authority/east-lothian-council").data)
    years = next(rows for root, rows in charts if root.find(f"{SVG}title").text.endswith("year"))
    assert years == [("2018", 706), ("2019", 0), ("2020", 2)]


def test_chart_helpers_are_globals_of_every_template(app) -> None:
    """Registered once by create_app (web.charts.register), not by one page's blueprint."""
    for name in ("render_chart", "tally", "count_months", "fill_periods"):
        assert name in app.jinja_env.globals
    with app.test_request_context():
        html = app.jinja_env.from_string(
            '{% from "_charts.html" import chart_figure %}'
            "{{ chart_figure('column', 'Per year', fill_periods(rows)) }}"
        ).render(rows=[("2020", 1), ("2022", 3)])
    ((root, rows),) = figures(html.encode())
    assert rows == [("2020", 1), ("2021", 0), ("2022", 3)] and len(bars(root)) == 3
