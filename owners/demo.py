"""Demo unit rolls for ``seed_demo``: buildings, units, owners and ownerships, loaded with COPY.

Which projects get a roll: a sample of the residential projects with an owners' committee or
preparing one (the first ``SAMPLE`` by code; about 40,000 units at small and city scale, 25,000
at province scale): a full roll at small scale (≈210,000 units) took a minute, which every test
seeding the demo would pay, and ``seed_demo --scale province`` has no time to spare. Each such
project gets as many units as it has households, spread over its buildings; most are sold and delivered, some still the
developer's (one organisation per project, as the register names it), about a third held by two
co-owners (one of them votes) and a few owners hold two units.

The step draws from its own random generator (seeded from the run's seed), so adding it changed
nothing the later steps draw.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.db import connection

from core.bulkload import without_indexes
from enterprises.demo import make_uscc
from projects.choices import OwnersCommittee, ProjectType
from projects.models import Project

from . import identity
from .choices import IdKind, OwnerKind
from .models import Building, Owner, Ownership, Unit

# How many of the projects with a committee (or preparing one) get a roll, the first by code.
SAMPLE = {"small": 30, "city": 30, "province": 20}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆"
DEVELOPERS = ["鲁能", "万科", "保利", "中海", "绿地", "银丰", "重汽", "高速", "城建", "天业", "海信", "中建"]


def resident_id(rng: random.Random, area: str) -> str:
    """A well-formed 18-character resident ID (area, birth date, sequence, check character)."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    body = f"{area}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + identity.resident_id_check(body)


def _projects(scale_name: str) -> list[tuple]:
    found = (
        Project.objects.filter(
            project_type=ProjectType.RESIDENTIAL,
            owners_committee__in=[OwnersCommittee.ESTABLISHED, OwnersCommittee.PREPARING],
            households__gt=0,
        )
        .order_by("code")
        .values_list("pk", "households", "buildings", "owners_committee", "region__code")
    )
    sample = SAMPLE.get(scale_name)
    return list(found[:sample] if sample else found)


class _Ids:
    """Primary keys handed out here (the seed is the one writer; sequences are set after)."""

    def __init__(self, model):
        self.model = model
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {model._meta.db_table}")
            self.last = cursor.fetchone()[0]

    def next(self) -> int:
        self.last += 1
        return self.last

    def commit(self) -> None:
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s, %s)", [max(self.last, 1), self.last > 0]
            )


def _person(rng, area: str, taken: set) -> tuple[str, str, str]:
    """A name, an ID number no other owner of the project has, a phone."""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    number = resident_id(rng, area)
    while number in taken:
        number = resident_id(rng, area)
    taken.add(number)
    return name, number, f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def _owner_row(owner_id, project_id, kind, name, id_kind, number, phone, now) -> tuple:
    return (
        owner_id,
        project_id,
        kind,
        name,
        id_kind,
        identity.id_hash(number),
        identity.tail_hash(number[-6:]),
        number[-4:],
        phone,
        now,
    )


def _roll_of(project, rng, ids, rows, now) -> None:
    """Buildings, units, owners and ownerships of one project into ``rows``."""
    project_id, households, building_count, committee, region_code = project
    area = region_code[:6]
    unsold_share = 0.04 if committee == OwnersCommittee.ESTABLISHED else 0.15
    developer_id = ids["owner"].next()
    developer = f"{rng.choice(DEVELOPERS)}置业有限公司"
    rows["owner"].append(
        _owner_row(
            developer_id,
            project_id,
            OwnerKind.ORGANISATION,
            developer,
            IdKind.USCC,
            make_uscc(rng, area, set()),
            "",
            now,
        )
    )
    taken = set()
    building_count = max(1, min(building_count, households))
    handed_over = dt.date(2026, 1, 1) - dt.timedelta(days=rng.randint(400, 4000))
    previous_owner = None
    for b in range(building_count):
        building_id = ids["building"].next()
        rows["building"].append((building_id, project_id, f"{b + 1}号楼"))
        units_here = households // building_count + (1 if b < households % building_count else 0)
        entrances = rng.choice((1, 2, 2, 3, 4))
        per_floor = 2
        for n in range(units_here):
            entrance, position = divmod(n, max(1, -(-units_here // entrances)))
            floor, door = divmod(position, per_floor)
            unit_id = ids["unit"].next()
            unsold = rng.random() < unsold_share
            delivered = not unsold or rng.random() < 0.3
            delivered_on = handed_over + dt.timedelta(days=rng.randint(0, 200)) if delivered else None
            size = f"{rng.randint(55, 160)}.{rng.randrange(100):02d}"
            rows["unit"].append(
                (
                    unit_id,
                    project_id,
                    building_id,
                    f"{entrance + 1}单元",
                    f"{floor + 1}{door + 1:02d}",
                    size,
                    delivered,
                    delivered_on,
                    now,
                )
            )
            if unsold:
                rows["ownership"].append((ids["ownership"].next(), unit_id, developer_id, "100", True, True, None))
                continue
            if previous_owner is not None and rng.random() < 0.05:
                owner_id = previous_owner  # a second unit of the same owner
            else:
                owner_id = ids["owner"].next()
                name, number, phone = _person(rng, area, taken)
                rows["owner"].append(
                    _owner_row(owner_id, project_id, OwnerKind.PERSON, name, IdKind.RESIDENT, number, phone, now)
                )
            previous_owner = owner_id
            if rng.random() < 0.3:
                partner = ids["owner"].next()
                name, number, phone = _person(rng, area, taken)
                rows["owner"].append(
                    _owner_row(partner, project_id, OwnerKind.PERSON, name, IdKind.RESIDENT, number, phone, now)
                )
                rows["ownership"].append((ids["ownership"].next(), unit_id, owner_id, "50", True, False, delivered_on))
                rows["ownership"].append((ids["ownership"].next(), unit_id, partner, "50", False, False, delivered_on))
            else:
                rows["ownership"].append((ids["ownership"].next(), unit_id, owner_id, "100", True, False, delivered_on))


UNIT_COLUMNS = ["id", "project_id", "building_id", "entrance", "number", "area", "delivered", "delivered_on", "updated"]
OWNER_COLUMNS = [
    "id",
    "project_id",
    "kind",
    "name",
    "id_kind",
    "id_hash",
    "id_tail_hash",
    "id_last4",
    "phone",
    "updated",
]
COLUMNS = {
    "building": (Building, ["id", "project_id", "name"]),
    "unit": (Unit, UNIT_COLUMNS),
    "owner": (Owner, OWNER_COLUMNS),
    "ownership": (Ownership, ["id", "unit_id", "owner_id", "share", "voter", "developer", "since"]),
}


def _tsv(value) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value)


def seed_rolls(ctx) -> None:
    rng = random.Random(f"owners-{ctx.seed}")
    projects = _projects(ctx.scale_name)
    ids = {key: _Ids(model) for key, (model, _columns) in COLUMNS.items()}
    rows = {key: [] for key in COLUMNS}
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat()
    for project in projects:
        _roll_of(project, rng, ids, rows, now)
    tables = [model._meta.db_table for model, _columns in COLUMNS.values()]
    with without_indexes(*tables), connection.cursor() as cursor:
        for key in ("building", "owner", "unit", "ownership"):
            model, columns = COLUMNS[key]
            buf = io.StringIO("".join("\t".join(map(_tsv, row)) + "\n" for row in rows[key]))
            cursor.copy_expert(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", buf)
    for counter in ids.values():
        counter.commit()
    ctx.log(f"unit rolls: {len(projects)} projects, {len(rows['unit'])} units, {len(rows['owner'])} owners")
