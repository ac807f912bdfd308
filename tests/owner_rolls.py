"""Building unit rolls for the owners' tests: by hand, with exact areas, and as register workbooks."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from owners import identity
from owners.choices import IdKind, OwnerKind
from owners.importing import COLUMNS
from owners.models import Building, Owner, Ownership, Unit


def resident_id(n: int, area: str = "370102") -> str:
    """The ``n``-th well-formed resident ID (distinct for distinct ``n`` below 10^6)."""
    body = f"{area}1980{(n // 1000) % 12 + 1:02d}{(n // 12000) % 28 + 1:02d}{n % 1000:03d}"
    return body + identity.resident_id_check(body)


def owner(project, n: int, *, name=None, phone="", kind=OwnerKind.PERSON, id_kind=IdKind.RESIDENT, number=None):
    number = number or resident_id(n)
    return Owner.objects.create(
        project=project,
        kind=kind,
        name=name or f"业主{n}",
        id_kind=id_kind,
        id_hash=identity.id_hash(number),
        id_tail_hash=identity.tail_hash(number[-6:]),
        id_last4=number[-4:],
        phone=phone,
    )


def unit(project, number: str, area, *, building="1号楼", entrance="1单元", delivered=True):
    b, _ = Building.objects.get_or_create(project=project, name=building)
    return Unit.objects.create(
        project=project, building=b, entrance=entrance, number=number, area=Decimal(str(area)), delivered=delivered
    )


def hold(u, *holders, developer=False):
    """``holders``: owners (the first votes) with equal shares, or ``(owner, share, votes)``."""
    rows = []
    for i, h in enumerate(holders):
        o, share, votes = h if isinstance(h, tuple) else (h, Decimal(100) / len(holders), i == 0)
        rows.append(
            Ownership(unit=u, owner=o, share=Decimal(share).quantize(Decimal("0.01")), voter=votes, developer=developer)
        )
    Ownership.objects.bulk_create(rows)
    return u


HEADERS = [str(c.header) for c in COLUMNS]


def workbook(rows: list[dict], headers=None, name="roll.xlsx") -> SimpleUploadedFile:
    """A register export with ``rows`` (dicts by column key; missing keys are blank cells)."""
    headers = headers or HEADERS
    keys = {str(c.header): c.key for c in COLUMNS}
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(keys.get(h, h)) for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def register_row(unit_number: str, owner_n: int, area="89.50", **over) -> dict:
    return {
        "building": "1号楼",
        "entrance": "1单元",
        "number": unit_number,
        "area": area,
        "delivered": "是",
        "name": f"业主{owner_n}",
        "id_kind": "居民身份证",
        "id_number": resident_id(owner_n),
        "phone": f"1380000{owner_n:04d}",
        **over,
    }


def open_vote_on(project, actor, matters=(("manager", "续聘物业服务企业"),), title="业主大会表决"):
    """A vote of ``project`` taken through notice and roll to open, the clock moved as needed."""
    import datetime as dt

    from django.utils import timezone

    from owners import votes

    now = timezone.now()
    vote = votes.draft(project, title=title, matters=list(matters), actor=actor)
    opens = now + dt.timedelta(days=16)
    votes.give_notice(vote, opens_at=opens, closes_at=opens + dt.timedelta(days=7), actor=actor, now=now)
    votes.post_roll(vote, actor=actor)
    return votes.open_vote(vote, now=opens + dt.timedelta(minutes=1))


def choices_for(vote, *answers):
    """``{matter id: answer}`` in the matters' order (one answer repeated for all if one given)."""
    matters = list(vote.matters.order_by("position").values_list("pk", flat=True))
    answers = answers * len(matters) if len(answers) == 1 else answers
    return dict(zip(matters, answers, strict=True))
