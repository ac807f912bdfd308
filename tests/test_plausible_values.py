"""Plausible years and dates (issue 22, attempt 9): a penalty dated 0001-01-01 and star
applications for 2100 are refused in the rules, the forms and the database, in words."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.forms import YearField
from core.quarters import FIRST_YEAR, as_year, check_year, latest_year
from ratings import credit, honours, stars
from ratings.choices import CreditKind, HonourKind
from ratings.forms import PenaltyForm, StarApplyForm
from ratings.models import CreditRecord, Honour, StarRating


def test_one_year_range_for_the_portal():
    this = timezone.localdate().year
    assert (FIRST_YEAR, latest_year()) == (2000, this + 1)
    assert check_year(2000) == 2000 and check_year(str(this + 1)) == this + 1
    for bad in (1999, this + 2, 2100, 0, "٢٠٢٦", "２０２６", True, None):
        with pytest.raises(ValidationError, match="年度应在 2000 至"):
            check_year(bad)
    assert as_year("2026") == 2026 and as_year("0001") is None and as_year("２０２６") is None


@pytest.mark.parametrize("year", [2100, 1999, 1])
def test_star_applications_for_implausible_years_are_refused(tree, users, year):
    with pytest.raises(ValidationError, match="年度应在"):
        stars.apply(tree.ent_a, year, 3, actor=users.ent_a)
    assert not StarRating.objects.exists()
    form = StarApplyForm({"year": year, "level": 3})
    assert not form.is_valid() and "year" in form.errors


def test_a_star_application_for_this_year_is_taken(tree, users):
    assert stars.apply(tree.ent_a, timezone.localdate().year, 3, actor=users.ent_a).pk
    assert StarApplyForm({"year": timezone.localdate().year, "level": 3}).is_valid()


def test_honours_of_a_year_not_begun_or_before_2000_are_refused(tree, users):
    for year in (1999, timezone.localdate().year + 1, 2100):
        with pytest.raises(ValidationError, match="年度应在"):
            honours.nominate(
                kind=HonourKind.MODEL_ENTERPRISE,
                year=year,
                region=tree.a,
                enterprise=tree.ent_a,
                merits="事迹",
                actor=users.district_a,
            )
    assert not Honour.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [(dt.date(1, 1, 1), "不能早于 2000 年"), (dt.date(2100, 1, 1), "不能晚于今天"), (dt.date(1999, 12, 31), "2000")],
)
def test_penalties_dated_in_the_future_or_long_ago_are_refused(tree, users, day, message):
    with pytest.raises(ValidationError, match=message):
        credit.record_penalty(tree.ent_a, points=-10, occurred_on=day, note="罚款", actor=users.district_a)
    assert not CreditRecord.objects.filter(kind=CreditKind.PENALTY).exists()
    form = PenaltyForm({"points": "-10", "occurred_on": day.isoformat(), "note": "罚款"})
    assert not form.is_valid() and "occurred_on" in form.errors


def test_a_penalty_before_the_enterprise_was_founded_is_refused(tree, users):
    tree.ent_a.founded = dt.date(2015, 3, 1)
    tree.ent_a.save(update_fields=["founded"])
    with pytest.raises(ValidationError, match="企业成立日期（2015-03-01）"):
        credit.record_penalty(
            tree.ent_a, points=-10, occurred_on=dt.date(2015, 2, 28), note="罚款", actor=users.district_a
        )
    record = credit.record_penalty(
        tree.ent_a, points=-10, occurred_on=dt.date(2015, 3, 1), note="罚款", actor=users.district_a
    )
    assert record.valid_until == dt.date(2018, 3, 1)


def test_the_penalty_page_says_why(tree, users, client_for):
    response = client_for(users.district_a).post(
        f"/ratings/credit/{tree.ent_a.pk}/", {"points": "-10", "occurred_on": "0001-01-01", "note": "罚款"}
    )
    assert response.status_code == 200 and "处罚日期不能早于 2000 年" in response.content.decode()
    assert not CreditRecord.objects.filter(kind=CreditKind.PENALTY).exists()


def test_the_database_refuses_implausible_years(tree, users):
    with pytest.raises(IntegrityError), transaction.atomic():
        StarRating.objects.create(enterprise=tree.ent_a, year=2101, requested=3, applied_by=users.ent_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Honour.objects.create(
            kind=HonourKind.MODEL_ENTERPRISE,
            year=1999,
            region=tree.a,
            enterprise=tree.ent_a,
            merits="x",
            nominated_by=users.district_a,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditRecord.objects.create(
            enterprise=tree.ent_a,
            kind=CreditKind.PENALTY,
            points=-10,
            occurred_on=dt.date(1, 1, 1),
            valid_until=dt.date(4, 1, 1),
        )


def test_the_year_field_checks_when_the_form_does():
    field = YearField()
    assert field.clean(str(timezone.localdate().year + 1)) == timezone.localdate().year + 1
    with pytest.raises(ValidationError):
        field.clean("2100")
