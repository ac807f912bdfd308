"""Honours: the 0.5 % quota and its refusal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ratings import honours
from ratings.choices import HonourKind, HonourStatus

from .factories import EnterpriseFactory


@pytest.mark.parametrize("base,expected", [(967, 4), (3400, 17), (199, 0), (200, 1), (0, 0)])
def test_quota_is_at_most_half_a_percent(base, expected):
    assert honours.quota(base) == expected


def test_selecting_beyond_the_quota_is_refused_with_base_quota_and_count(tree, users, colleagues):
    for i in range(198):
        EnterpriseFactory(region=tree.a, name=f"企业{i}")
    assert honours.base_of(HonourKind.MODEL_ENTERPRISE, tree.a) == 199  # + 市中物业
    first = honours.nominate(
        kind=HonourKind.MODEL_ENTERPRISE,
        year=2026,
        region=tree.a,
        enterprise=tree.ent_a,
        merits="服务规范，投诉为零",
        actor=users.district_a,
    )
    honours.review(first, actor=colleagues.district_a)
    with pytest.raises(ValidationError) as refused:
        honours.select(first, actor=users.city)
    assert "基数 199，名额 0，已评选 0" in refused.value.messages[0]
    other = EnterpriseFactory(region=tree.a)  # the 200th: one may be selected
    assert honours.select(first, actor=users.city).status == HonourStatus.SELECTED
    second = honours.nominate(
        kind=HonourKind.MODEL_ENTERPRISE,
        year=2026,
        region=tree.a,
        enterprise=other,
        merits="党建引领",
        actor=users.district_a,
    )
    honours.review(second, actor=colleagues.district_a)
    with pytest.raises(ValidationError) as refused:
        honours.select(second, actor=users.city)
    assert "基数 200，名额 1，已评选 1" in refused.value.messages[0]
    with pytest.raises(PermissionDenied):
        honours.select(second, actor=users.district_b)


def test_a_selected_honour_is_a_credit_record(tree, users, colleagues):
    from decimal import Decimal

    from ratings import credit
    from ratings.models import CreditRecord

    for i in range(199):
        EnterpriseFactory(region=tree.a, name=f"企业{i}")
    honour = honours.nominate(
        kind=HonourKind.MODEL_ENTERPRISE,
        year=2026,
        region=tree.a,
        enterprise=tree.ent_a,
        merits="服务规范",
        actor=users.district_a,
    )
    honours.review(honour, actor=colleagues.district_a)
    honours.select(honour, actor=users.city)
    credit.sync()
    assert CreditRecord.objects.get(enterprise=tree.ent_a).points == Decimal(5)
