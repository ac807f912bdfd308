"""Using the maintenance fund: the ordinary path through the owners' vote, the plan's posting,
works, completion with invoices and photos, the bureau's approval and the disbursement split by
area (the developer paying for unsold units); the emergency path without a vote, reviewed within
five working days; a disbursed use is final."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.utils import timezone
from PIL import Image

from core.attachments import CleanAttachment
from core.calendar import WorkCalendar
from core.errors import InvalidState
from funds import uses
from funds.choices import EntryKind, Payer, UseStatus
from funds.models import FundUse, LedgerEntry, UseShare
from funds.split import split_by_weight
from owners.choices import MatterKind

from .fund_rolls import announced_vote, roll_with_account


def attachment(kind="photo"):
    from django.core.files.base import ContentFile

    if kind == "pdf":
        return CleanAttachment(ContentFile(b"%PDF-1.4\n%%EOF", name="a"), "application/pdf", "发票.pdf")
    buf = BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return CleanAttachment(ContentFile(buf.getvalue(), name="a"), "image/png", "照片.png")


@pytest.fixture
def fund(tree, users):
    account, units = roll_with_account(
        tree.project_a, ["89.55", "120.01", "64.33", "101.10"], users.district_a, developer_units=(3,)
    )
    return account, units


def propose(tree, users, units, **kwargs):
    return uses.propose(
        tree.project_a,
        actor=users.ent_a,
        proposer="enterprise",
        title="更换电梯钢丝绳",
        items="1号楼电梯",
        budget=Decimal("10000"),
        units=units,
        **kwargs,
    )


def test_ordinary_use_from_proposal_to_disbursement(tree, users, fund, settings):
    account, units = fund
    use = propose(tree, users, units)
    assert use.status == UseStatus.PROPOSED
    with pytest.raises(InvalidState):  # no works before the vote and the posting
        uses.start_works(use, actor=users.ent_a)
    with pytest.raises(InvalidState):  # a vote on another matter does not do
        uses.record_vote(
            use, announced_vote(tree.project_a, users.street_a, kind=MatterKind.MANAGER), actor=users.ent_a
        )
    with pytest.raises(InvalidState):  # nor a matter that failed
        uses.record_vote(use, announced_vote(tree.project_a, users.street_a, passed=False), actor=users.ent_a)
    use = uses.record_vote(use, announced_vote(tree.project_a, users.street_a), actor=users.ent_a)
    assert use.status == UseStatus.POSTED
    assert use.posted_until - use.posted_at == dt.timedelta(days=settings.FUNDS_PLAN_POSTING_DAYS)
    with pytest.raises(InvalidState, match="公示期"):
        uses.start_works(use, actor=users.ent_a)
    FundUse.objects.filter(pk=use.pk).update(posted_until=timezone.now() - dt.timedelta(seconds=1))
    use = uses.start_works(use, actor=users.ent_a)
    with pytest.raises(InvalidState):  # invoices and photos are required
        uses.complete(
            use, actor=users.ent_a, cost=Decimal("9876.53"), completed_on=dt.date.today(), invoices=[], photos=[]
        )
    use = uses.complete(
        use,
        actor=users.ent_a,
        cost=Decimal("9876.53"),
        completed_on=dt.date.today(),
        invoices=[attachment("pdf")],
        photos=[attachment()],
    )
    assert use.documents.count() == 2
    with pytest.raises(PermissionDenied):  # the district bureau approves, not the street
        uses.review(use, actor=users.street_a, approve=True, note="")
    with pytest.raises(PermissionDenied):
        uses.review(use, actor=users.district_b, approve=True, note="")
    use = uses.review(use, actor=users.district_a, approve=True, note="同意")
    before = {u.pk: LedgerEntry.objects.filter(unit=u).aggregate(b=Sum("amount"))["b"] for u in units}
    shares = uses.disburse(use, actor=users.district_a)
    expected = split_by_weight(Decimal("9876.53"), {u.pk: u.area for u in sorted(units, key=lambda u: u.pk)})
    assert {s.unit_id: s.amount for s in shares} == expected
    assert sum(s.amount for s in shares) == Decimal("9876.53")
    developer = units[3]
    assert UseShare.objects.get(unit=developer).payer == Payer.DEVELOPER
    assert not LedgerEntry.objects.filter(unit=developer, kind=EntryKind.USE).exists()
    for u in units[:3]:
        after = LedgerEntry.objects.filter(unit=u).aggregate(b=Sum("amount"))["b"]
        assert after == before[u.pk] - expected[u.pk]
    use.refresh_from_db()
    assert use.status == UseStatus.DISBURSED
    with pytest.raises(DatabaseError, match="不能修改或删除"), transaction.atomic():
        FundUse.objects.filter(pk=use.pk).update(cost=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        UseShare.objects.filter(use=use).update(amount=0)
    with pytest.raises(InvalidState):
        uses.disburse(use, actor=users.district_a)


def test_emergency_use_skips_the_vote_and_is_reviewed_within_five_working_days(tree, users, fund):
    account, units = fund
    before = timezone.now()
    use = propose(tree, users, units[:2], emergency="lift")
    assert use.status == UseStatus.UNDER_REVIEW and use.vote is None
    calendar = WorkCalendar.current()
    low = calendar.add_working_hours(before, 40)
    high = calendar.add_working_hours(timezone.now(), 40)
    assert low <= use.review_due_at <= high
    with pytest.raises(InvalidState):
        uses.record_vote(use, announced_vote(tree.project_a, users.street_a), actor=users.ent_a)
    with pytest.raises(InvalidState, match="理由"):
        uses.review(use, actor=users.district_a, approve=False, note=" ")
    use = uses.review(use, actor=users.district_a, approve=True, note="情况属实")
    assert use.status == UseStatus.WORKS
    use = uses.complete(
        use,
        actor=users.ent_a,
        cost=Decimal("3000.01"),
        completed_on=dt.date.today(),
        invoices=[attachment("pdf")],
        photos=[attachment()],
    )
    use = uses.review(use, actor=users.district_a, approve=True, note="")
    shares = uses.disburse(use, actor=users.district_a)
    assert sum(s.amount for s in shares) == Decimal("3000.01") and len(shares) == 2


def test_a_rejected_emergency_stops(tree, users, fund):
    use = propose(tree, users, fund[1][:1], emergency="leak")
    use = uses.review(use, actor=users.district_a, approve=False, note="不属于应急情形")
    assert use.status == UseStatus.REJECTED
    with pytest.raises(InvalidState):
        uses.review(use, actor=users.district_a, approve=True, note="")


def test_proposals_are_checked(tree, users, fund):
    from .owner_rolls import unit

    with pytest.raises(InvalidState):
        propose(tree, users, [])
    with pytest.raises(InvalidState):
        propose(tree, users, [unit(tree.project_b, "9", "50")])
    with pytest.raises(PermissionDenied):
        uses.propose(
            tree.project_a, actor=users.ent_b, proposer="enterprise", title="x", items="x", budget=1, units=fund[1]
        )
