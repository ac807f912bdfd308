"""Statistics in a real browser: a city officer drills the dashboard down two levels by its chart
and back up by the breadcrumb, every chart drawn; a district officer drafts the weekly bulletin,
downloads it as Word and the document opens with the page's headings.

Fixtures and helpers: tests/browser.py. Screenshots: ``test-artifacts/browser/<test>/``.
"""

from __future__ import annotations

import io
import re

import pytest

from .browser import LAPTOP, MARKS, choose, expect, sign_in
from .factories import make_complaint

pytestmark = MARKS


@pytest.fixture
def complaints(tree):
    """Three complaints in district A (阳光花园), one in district B, rolled up."""
    from dashboards import rollup

    for _ in range(3):
        make_complaint(tree.project_a)
    make_complaint(tree.project_b, category_code="elevator")
    rollup.run()
    return tree


def _charts_drawn(page):
    """Every chart on the page is drawn: an <svg> (ECharts' SVG renderer) of a real size with
    shapes in it. Returns {chart name: texts it shows}."""
    charts = page.locator("[data-chart]")
    expect()(charts.first.locator("svg")).to_be_visible()
    drawn = {}
    for chart in charts.all():
        svg = chart.locator("svg")
        expect()(svg).to_be_visible()
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, chart.get_attribute("data-chart")
        assert svg.locator("path").count() > 3, chart.get_attribute("data-chart")
        drawn[chart.get_attribute("data-chart")] = svg.locator("text").all_text_contents()
    return drawn


def _click_bar(page, name):
    """Click the bar named ``name`` in the sub-regions chart, where a person clicks (its middle)."""
    chart = page.locator('[data-chart="children"]')
    expect()(chart.locator("svg")).to_be_visible()
    chart.scroll_into_view_if_needed()  # the mouse clicks within the window
    point = chart.evaluate(
        """(node, name) => {
            const chart = echarts.getInstanceByDom(node);
            const option = chart.getOption();
            const index = option.xAxis[0].data.indexOf(name);
            if (index < 0) return null;
            const value = option.series[0].data[index];
            return chart.convertToPixel({seriesIndex: 0}, [index, value / 2]);
        }""",
        name,
    )
    assert point, f"no bar named {name}"
    box = chart.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def _at(page, region):
    """The dashboard of ``region``: its heading, the breadcrumb ending in it, the URL's code."""
    e = expect()
    e(page).to_have_url(re.compile(rf"region={region.code}\b"))
    e(page.get_by_role("heading", level=1)).to_contain_text(region.name)
    e(page.locator(".breadcrumb-item.active")).to_have_text(region.name)


def test_city_officer_drills_the_dashboard_down_two_levels_and_back(complaints, users, open_page, shots):
    tree = complaints
    e = expect()
    page = open_page(LAPTOP)
    sign_in(page, users.city.username)
    page.goto("/dashboards/")
    e(page.get_by_role("heading", level=1)).to_contain_text(tree.city.name)
    drawn = _charts_drawn(page)
    assert {"trend", "channel", "children", "category"} <= drawn.keys()
    assert {tree.a.name, tree.b.name} <= set(drawn["children"])  # a bar for each district
    children = page.get_by_role("main").get_by_role("row").filter(has_text=tree.a.name)
    e(children.get_by_role("cell").nth(1)).to_have_text("3")  # 收到: its three complaints
    shots(page, "dashboard-city")

    _click_bar(page, tree.a.name)
    _at(page, tree.a)
    drawn = _charts_drawn(page)
    assert tree.a1.name in drawn["children"] and tree.b.name not in drawn["children"]
    shots(page, "dashboard-district")

    _click_bar(page, tree.a1.name)
    _at(page, tree.a1)
    drawn = _charts_drawn(page)
    assert tree.a1a.name in drawn["children"]
    e(page.locator(".breadcrumb-item")).to_have_text([tree.city.name, tree.a.name, tree.a1.name])
    shots(page, "dashboard-street")

    page.locator(".breadcrumb").get_by_role("link", name=tree.a.name).click()
    _at(page, tree.a)
    page.locator(".breadcrumb").get_by_role("link", name=tree.city.name).click()
    _at(page, tree.city)
    assert {tree.a.name, tree.b.name} <= set(_charts_drawn(page)["children"])


def test_district_officer_downloads_the_weekly_bulletin_and_word_opens_it(complaints, users, open_page, shots):
    from django.utils import timezone
    from docx import Document

    from dashboards.models import Bulletin

    tree = complaints
    e = expect()
    page = open_page(LAPTOP)
    sign_in(page, users.district_a.username)
    page.goto("/dashboards/")
    page.get_by_role("main").locator("a[href*='/dashboards/bulletins/']").first.click()
    form = page.locator("form").filter(has=page.locator("input[name=week]"))
    choose(form, "region", tree.a.name)
    form.locator("input[name=week]").fill(timezone.localdate().isoformat())
    form.locator("button[type=submit]").click()
    title = page.get_by_role("heading", level=1)
    e(title).to_contain_text(tree.a.name)
    bulletin = Bulletin.objects.get(region=tree.a)
    assert bulletin.data["counts"]["received"] == 3
    e(page.get_by_role("main").locator("img[src$='chart.png']")).to_be_visible()
    sections = [t.strip() for t in page.get_by_role("main").locator(".card-header").all_inner_texts()]
    assert len(sections) >= 4
    shots(page, "bulletin")

    with page.expect_download() as download_info:
        page.locator(f"a[href$='/dashboards/bulletins/{bulletin.pk}/bulletin.docx']").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    path = shots.folder / download.suggested_filename
    download.save_as(str(path))

    document = Document(io.BytesIO(path.read_bytes()))
    headings = [p.text.strip() for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == title.inner_text().strip()  # the title the page shows
    assert set(sections) <= set(headings), (sections, headings)  # each of the page's sections
    text = "\n".join(p.text for p in document.paragraphs)
    assert "3" in text and tree.a.name in text
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert tree.project_a.name in cells  # the project with the most complaints per 100 households
    assert len(document.inline_shapes) == 1  # the trend chart
