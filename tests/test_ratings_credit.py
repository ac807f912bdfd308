"""Credit records: written from their sources by an idempotent sync, valid for their period, the
score and grade on a date, penalties entered by officers, the public lookup."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints.models import Complaint
from inspections.models import Summons
from ratings import credit, jobs, lists
from ratings.choices import CreditKind, ListSubject
from ratings.models import CreditRecord

from .factories import close_objection_window, make_complaint
from .test_ratings import Q2


def test_sync_writes_records_from_sources_and_is_idempotent(tree, users):
    c = make_complaint(tree.project_a)
    Complaint.objects.filter(pk=c.pk).update(substantiated=True)
    Summons.objects.create(
        enterprise=tree.ent_a,
        person="经理",
        held_on=dt.date(2026, 5, 1),
        reason="投诉多",
        created_by=users.district_a,
        region=tree.a,
    )
    credit.sync()
    credit.sync()
    kinds = sorted(CreditRecord.objects.filter(enterprise=tree.ent_a).values_list("kind", "points"))
    assert kinds == [(CreditKind.SUBSTANTIATED_COMPLAINT, Decimal("-0.5")), (CreditKind.SUMMONS, Decimal("-5"))]
    Complaint.objects.filter(pk=c.pk).update(substantiated=False)  # found untrue after all
    credit.sync()
    assert list(CreditRecord.objects.values_list("kind", flat=True)) == [CreditKind.SUMMONS]


def test_score_and_grade_on_a_date_follow_the_validity(tree, users):
    Summons.objects.create(
        enterprise=tree.ent_a,
        person="经理",
        held_on=dt.date(2026, 5, 1),
        reason="投诉多",
        created_by=users.district_a,
        region=tree.a,
    )
    credit.sync()
    record = CreditRecord.objects.get()
    assert record.valid_until == dt.date(2027, 5, 1)
    assert credit.score_on(tree.ent_a.pk, dt.date(2026, 4, 30)) == Decimal(100)
    assert credit.score_on(tree.ent_a.pk, dt.date(2026, 5, 1)) == Decimal(95)
    assert credit.score_on(tree.ent_a.pk, dt.date(2027, 5, 1)) == Decimal(100)  # expired, kept in history
    assert [credit.grade(Decimal(v)) for v in (95, 94.9, 85, 70, 69.9)] == ["A", "B", "B", "C", "D"]


def test_published_black_list_costs_twenty_points_for_two_years(tree, users, colleagues):
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    run = jobs.publish(jobs.review(close_objection_window(run), actor=colleagues.city), actor=users.city)
    edition = lists.generate(run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    entry = edition.entries.first()
    entry.color, entry.reasons = "black", ["得分低于 60"]
    entry.save()
    lists.publish(lists.review(edition, actor=colleagues.district_a), actor=users.city)
    credit.sync()
    record = CreditRecord.objects.get(kind=CreditKind.BLACK_LIST)
    assert record.points == Decimal(-20) and (record.valid_until - record.occurred_on).days in (730, 731)


def test_penalties_are_entered_by_bureau_officers_with_a_reason(tree, users):
    with pytest.raises(PermissionDenied):
        credit.record_penalty(tree.ent_a, points=-10, occurred_on=dt.date(2026, 6, 1), note="罚款", actor=users.ent_a)
    with pytest.raises(PermissionDenied):
        credit.record_penalty(
            tree.ent_a, points=-10, occurred_on=dt.date(2026, 6, 1), note="罚款", actor=users.district_b
        )
    with pytest.raises(ValidationError):
        credit.record_penalty(
            tree.ent_a, points=5, occurred_on=dt.date(2026, 6, 1), note="罚款", actor=users.district_a
        )
    record = credit.record_penalty(
        tree.ent_a, points=-10, occurred_on=dt.date(2026, 6, 1), note="市中住建罚〔2026〕12号", actor=users.district_a
    )
    assert record.valid_until == dt.date(2029, 6, 1)
    credit.sync()  # the sync leaves officers' records alone
    assert CreditRecord.objects.filter(kind=CreditKind.PENALTY).count() == 1


def test_public_credit_lookup(tree, users, client):
    credit.record_penalty(tree.ent_a, points=-20, occurred_on=dt.date(2026, 6, 1), note="处罚", actor=users.district_a)
    page = client.get("/credit/", {"q": tree.ent_a.name[:2]}).content.decode()
    assert tree.ent_a.name in page and "C · 80.0" in page
    assert client.get("/credit/", {"q": tree.ent_a.uscc}).status_code == 200
    detail = client.get(f"/credit/{tree.ent_a.uscc}/").content.decode()
    assert "行政处罚" in detail and "80.0" in detail
    assert client.get("/credit/NOPE/").status_code == 404


def test_officers_enter_penalties_on_the_credit_file_page(tree, users, client_for):
    url = f"/ratings/credit/{tree.ent_a.pk}/"
    page = client_for(users.district_a).post(url, {"points": "-3", "occurred_on": "2026-06-01", "note": "罚单"})
    assert page.status_code == 302 and CreditRecord.objects.filter(kind=CreditKind.PENALTY).count() == 1
    assert "录入行政处罚" not in client_for(users.ent_a).get(url).content.decode()  # the enterprise only reads
    client_for(users.ent_a).post(url, {"points": "-3", "occurred_on": "2026-06-01", "note": "x"})
    assert CreditRecord.objects.filter(kind=CreditKind.PENALTY).count() == 1


def test_sync_dates_a_record_by_the_local_day_and_29_february_lasts_to_the_28th(tree, users):
    from zoneinfo import ZoneInfo

    c = make_complaint(tree.project_a)
    # 29 Feb 2024 00:30 in Shanghai is still 28 Feb in UTC: the record's day is the local one.
    filed = dt.datetime(2024, 2, 29, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    Complaint.objects.filter(pk=c.pk).update(substantiated=True, created=filed)
    counts = credit.sync()
    assert counts[CreditKind.SUBSTANTIATED_COMPLAINT] == 1
    record = CreditRecord.objects.get(kind=CreditKind.SUBSTANTIATED_COMPLAINT)
    assert (record.occurred_on, record.valid_until) == (dt.date(2024, 2, 29), dt.date(2025, 2, 28))
    assert record.valid_until == credit._years_later(record.occurred_on, 1)
