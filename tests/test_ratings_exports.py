"""Excel exports of the ratings lists: list entries, stars, credit records, honours and scores,
each exactly what the page shows the user (scope and filters), inline or built in the background."""

import io

import pytest
from openpyxl import load_workbook

from core import exports
from core.choices import ExportStatus
from core.models import Export
from ratings.models import ProjectScore

from .test_ratings_api import make_rated


@pytest.fixture
def rated(tree, users):
    return make_rated(tree, users)


def _sheet(response_or_bytes):
    data = response_or_bytes if isinstance(response_or_bytes, bytes) else response_or_bytes.content
    rows = list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))
    return list(rows[0]), [list(row) for row in rows[1:]]


def _export(client, url, **params):
    response = client.get(url, {**params, "export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    return _sheet(response)


def test_list_entries_export_the_lists_the_user_sees(rated, users, client_for, tree):
    header, rows = _export(client_for(users.district_b), "/ratings/list-entries/")
    assert header[:7] == ["季度", "辖区", "对象", "版次", "状态", "榜单", "名次"] and header[-1] == "依据"
    by_region = {row[1]: row for row in rows}
    assert set(by_region) == {"市中区", "槐荫区"}  # A's published list and B's own draft
    assert by_region["市中区"][:9] == [
        "2025Q4",
        "市中区",
        "物业服务企业",
        1,
        "已公布",
        "红榜",
        1,
        tree.ent_a.uscc,
        "市中物业",
    ]
    assert by_region["市中区"][-2:] == [95, "得分 95.0"]
    _h, rows = _export(client_for(users.district_a), "/ratings/list-entries/")
    assert [row[1] for row in rows] == ["市中区"]  # B's draft is not A's
    _h, rows = _export(client_for(users.city), "/ratings/list-entries/", edition=rated.draft.pk)
    assert [(row[1], row[5]) for row in rows] == [("槐荫区", "黑榜")]


def test_stars_credit_records_and_honours_export_within_scope(rated, users, client_for, tree):
    clerk = client_for(users.ent_a)
    header, rows = _export(clerk, "/ratings/stars/")
    assert header[:4] == ["年度", "统一社会信用代码", "企业", "申请星级"]
    assert [row[:7] for row in rows] == [[2025, tree.ent_a.uscc, "市中物业", "★★★", None, None, "已申请"]]
    header, rows = _export(clerk, "/ratings/credit-records/")
    assert header == ["统一社会信用代码", "企业", "发生日期", "类别", "分值", "有效期至", "说明"]
    assert [(row[1], row[3], row[4]) for row in rows] == [("市中物业", "列入红榜", 5)]
    _h, rows = _export(client_for(users.city), "/ratings/credit-records/", enterprise=tree.ent_b.pk)
    assert [(row[1], row[3], row[4], row[6]) for row in rows] == [("槐荫物业", "行政处罚", -3, "罚款 文号 1")]
    header, rows = _export(client_for(users.city), "/ratings/honours/", kind="service_star")
    assert header[:8] == ["年度", "类别", "评选范围", "统一社会信用代码", "企业", "项目", "人员", "状态"]
    assert [row[:8] for row in rows] == [
        [2025, "文明服务明星", "市中区", tree.ent_a.uscc, "市中物业", None, "王师傅", "已提名"]
    ]
    _h, rows = _export(client_for(users.ent_b), "/ratings/honours/")
    assert [row[4] for row in rows] == ["槐荫物业"]


@pytest.fixture
def computed(tree):
    from core.quarters import Quarter
    from ratings import jobs

    return jobs.run_all(jobs.start(Quarter.last_closed(), enqueue=False))


def test_a_large_score_export_is_rebuilt_in_the_background_with_its_quarter(
    computed, tree, users, client_for, settings, monkeypatch
):
    monkeypatch.setattr(exports, "enqueue", lambda pk: True)
    settings.EXPORT_INLINE_MAX_ROWS = 0
    client = client_for(users.city)
    response = client.get(f"/ratings/{computed.pk}/projects/", {"export": "xlsx"})
    assert response.status_code == 302
    export = Export.objects.get()
    assert export.params == {"run": [str(computed.pk)]}
    assert exports.run(export.pk) == ExportStatus.DONE
    export.refresh_from_db()
    with export.file.open("rb") as f:
        header, rows = _sheet(f.read())
    assert header[:3] == ["季度", "项目编号", "项目"]
    assert export.rows == ProjectScore.objects.filter(run=computed).count() == len(rows) == 2
    assert {row[1] for row in rows} == {tree.project_a.code, tree.project_b.code}


def test_an_inline_score_export_keeps_the_filters(computed, tree, users, client_for):
    _h, rows = _export(client_for(users.city), f"/ratings/{computed.pk}/projects/", project="阳光")
    assert [row[2] for row in rows] == ["阳光花园"]
    _h, rows = _export(client_for(users.ent_b), f"/ratings/{computed.pk}/enterprises/")
    assert [row[2] for row in rows] == ["槐荫物业"]
