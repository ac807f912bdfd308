"""The unit roll: imported from the register's workbook (every row checked, nothing half-saved),
corrected by the street office with a reason (audited), scoped to officers of the region, and
never holding an ID number in clear."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.choices import AuditAction
from core.models import AuditEvent
from core.xlsx import ImportRejected
from owners import identity, roll
from owners.importing import import_roll
from owners.models import Building, Owner, Ownership, Unit

from .owner_rolls import hold, owner, register_row, resident_id, unit, workbook


def _roll_counts():
    return Building.objects.count(), Unit.objects.count(), Owner.objects.count(), Ownership.objects.count()


def test_a_good_file_is_imported_with_co_owners_and_the_developer(tree, users):
    rows = [
        register_row("101", 1),
        register_row("102", 2, share=60, voter="是"),
        register_row("102", 3, share=40),
        register_row("201", 1, area="120.25"),  # owner 1's second unit
        register_row(
            "301",
            0,
            name="鲁能置业有限公司",
            id_kind="统一社会信用代码",
            id_number="91370102MA3C4XYZ0N",
            developer="是",
            delivered=None,
            phone=None,
        ),
    ]
    from .factories import valid_uscc

    rows[-1]["id_number"] = valid_uscc()
    result = import_roll(workbook(rows), project=tree.project_a, user=users.street_a)
    assert result == {"created": 4, "updated": 0, "owners": 4}
    u102 = Unit.objects.get(number="102")
    assert [(o.owner.name, o.share, o.voter) for o in u102.ownerships.select_related("owner")] == [
        ("业主2", Decimal("60.00"), True),
        ("业主3", Decimal("40.00"), False),
    ]
    first = Owner.objects.get(name="业主1")
    assert first.ownerships.count() == 2 and first.id_last4 == resident_id(1)[-4:]
    developer = Ownership.objects.get(unit__number="301")
    assert developer.developer and developer.voter and not developer.unit.delivered
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, object_repr__contains=tree.project_a.code).exists()


def test_re_import_updates_units_and_replaces_their_owners(tree, users):
    import_roll(workbook([register_row("101", 1), register_row("102", 2)]), project=tree.project_a, user=users.street_a)
    owner_one = Owner.objects.get(name="业主1")
    owner_one.phone = "13912345678"
    owner_one.save()
    changed = [register_row("101", 5, area="90.00"), register_row("102", 2, phone=None)]
    result = import_roll(workbook(changed), project=tree.project_a, user=users.street_a)
    assert result["created"] == 0 and result["updated"] == 2
    assert Unit.objects.get(number="101").area == Decimal("90.00")
    assert Ownership.objects.get(unit__number="101").owner.name == "业主5"
    assert Owner.objects.filter(project=tree.project_a).count() == 3  # owner 1 stays on the roll, without units
    # A blank phone keeps the one on the roll.
    assert Owner.objects.get(name="业主2").phone == register_row("1", 2)["phone"]


def test_no_id_number_is_stored_in_clear(tree, users):
    number = resident_id(7)
    import_roll(workbook([register_row("101", 7)]), project=tree.project_a, user=users.street_a)
    stored = Owner.objects.values().get()
    assert all(number not in str(value) and number[-6:] not in str(value) for value in stored.values())
    assert stored["id_hash"] == identity.id_hash(number) and stored["id_last4"] == number[-4:]
    assert stored["id_tail_hash"] == identity.tail_hash(number[-6:])


def test_the_hash_depends_on_the_key(settings):
    first = identity.id_hash(resident_id(1))
    settings.OWNER_ID_HASH_KEY = "another key"
    assert identity.id_hash(resident_id(1)) != first


@pytest.mark.parametrize(
    "over, message",
    [
        ({"area": "0"}, "专有部分面积"),
        ({"area": "-5"}, "专有部分面积"),
        ({"area": "89.555"}, "专有部分面积"),
        ({"area": str(2**63)}, "专有部分面积"),
        ({"area": "８９.５"}, "专有部分面积"),
        ({"area": "=SUM(A1:A9)"}, "专有部分面积"),
        ({"number": '=HYPERLINK("http://x")'}, "不能以"),
        ({"name": "+1+1"}, "不能以"),
        ({"name": "业" * 101}, "业主姓名或名称"),
        ({"id_number": "370102198013450012"}, "居民身份证号码不正确"),
        ({"id_number": "３７０１０２１９８００１０１００１Ｘ"}, "半角"),
        ({"phone": "1380000123"}, "手机号码"),
        ({"phone": "١٣٨٠٠٠٠١٢٣٤"}, "手机号码"),
        ({"id_kind": "驾驶证"}, "证件类型"),
        ({"delivered_on": "2026-02-30"}, "交付日期"),
        ({"share": "50"}, "份额应为 100%"),
    ],
)
def test_a_bad_row_rejects_the_file_with_its_reason(tree, users, over, message):
    rows = [register_row("101", 1), register_row("102", 2, **over)]
    with pytest.raises(ImportRejected) as rejected:
        import_roll(workbook(rows), project=tree.project_a, user=users.street_a)
    text = " ".join(str(e) for e in rejected.value.errors)
    assert message in text and "第 3 行" in text
    assert _roll_counts() == (0, 0, 0, 0)


def test_control_characters_never_reach_the_roll(tree, users, monkeypatch):
    """A workbook cannot carry them through openpyxl; were one to, the reader strips them."""
    from core import xlsx
    from owners import importing

    raw = register_row("101", 1, name="张\x00三\x07", building="1号\x1f楼", area=89.5, delivered_on=None)
    monkeypatch.setattr(
        importing, "read_rows", lambda upload, columns: [(2, {k: xlsx._clean_value(v) for k, v in raw.items()})]
    )
    import_roll(None, project=tree.project_a, user=users.street_a)
    assert Owner.objects.get().name == "张三" and Building.objects.get().name == "1号楼"
    assert Unit.objects.get().area == Decimal("89.50")


@pytest.mark.parametrize(
    "rows, message",
    [
        ([register_row("101", 1), register_row("101", 2)], "份额"),
        ([register_row("101", 1, share=50), register_row("101", 2, share=40, voter="是")], "合计应为 100%"),
        ([register_row("101", 1, share=50), register_row("101", 2, share=50)], "表决人"),
        ([register_row("101", 1, share=50, voter="是"), register_row("101", 2, share=50, voter="是")], "表决人"),
        ([register_row("101", 1, share=50, voter="是"), register_row("101", 2, share=50, area="70")], "面积"),
        ([register_row("101", 1, share=50, voter="是", developer="是"), register_row("101", 2, share=50)], "建设单位"),
        ([register_row("101", 1), register_row("102", 1, name="另一个名字")], "姓名或手机号码不一致"),
    ],
)
def test_a_unit_s_rows_are_checked_together(tree, users, rows, message):
    with pytest.raises(ImportRejected) as rejected:
        import_roll(workbook(rows), project=tree.project_a, user=users.street_a)
    assert message in " ".join(str(e) for e in rejected.value.errors)
    assert _roll_counts() == (0, 0, 0, 0)


def test_files_that_are_not_a_roll(tree, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for upload in (
        SimpleUploadedFile("roll.xlsx", b"not a workbook"),
        SimpleUploadedFile("roll.xlsx", b"\x00" * (21 * 1024 * 1024)),
        workbook([register_row("101", 1)], headers=["楼栋", "房号"]),
    ):
        with pytest.raises(ImportRejected):
            import_roll(upload, project=tree.project_a, user=users.street_a)
    assert _roll_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("who", ["street_a", "district_a", "city", "admin"])
def test_the_street_and_the_bureau_above_import(tree, users, who):
    import_roll(workbook([register_row("101", 1)]), project=tree.project_a, user=getattr(users, who))


@pytest.mark.parametrize("who", ["district_b", "community_a", "police", "ent_a"])
def test_others_may_not_import(tree, users, who):
    with pytest.raises(PermissionDenied):
        import_roll(workbook([register_row("101", 1)]), project=tree.project_a, user=getattr(users, who))


def test_a_correction_needs_a_reason_and_is_audited(tree, users):
    u = hold(unit(tree.project_a, "101", "89.50"), owner(tree.project_a, 1, phone="13812345678"))
    with pytest.raises(ValidationError):
        roll.correct_unit(u, actor=users.street_a, reason="  ", area=Decimal("90"))
    roll.correct_unit(u, actor=users.street_a, reason="按不动产登记更正", area=Decimal("90.10"))
    assert Unit.objects.get(pk=u.pk).area == Decimal("90.10")
    event = AuditEvent.objects.get(action=AuditAction.ROLL_CHANGED)
    assert event.actor == users.street_a and event.detail["reason"] == "按不动产登记更正"
    assert event.detail["changes"] == {"area": ["89.50", "90.10"]}
    o = Owner.objects.get()
    roll.correct_owner(o, actor=users.street_a, reason="业主换号", phone="13987654321")
    phone_event = AuditEvent.objects.filter(action=AuditAction.ROLL_CHANGED).order_by("-pk").first()
    assert phone_event.detail["changes"] == {"phone": ["138****5678", "139****4321"]}  # never in clear
    with pytest.raises(PermissionDenied):
        roll.correct_unit(u, actor=users.district_b, reason="越权", area=Decimal("1"))


def test_set_owners_checks_shares_and_the_voter(tree, users):
    u = hold(unit(tree.project_a, "101", "89.50"), owner(tree.project_a, 1))
    a, b = Owner.objects.get(), owner(tree.project_a, 2)
    with pytest.raises(ValidationError):
        roll.set_owners(u, [(a, Decimal(50), True), (b, Decimal(40), False)], actor=users.street_a, reason="过户")
    with pytest.raises(ValidationError):
        roll.set_owners(u, [(a, Decimal(50), False), (b, Decimal(50), False)], actor=users.street_a, reason="过户")
    roll.set_owners(u, [(a, Decimal(50), False), (b, Decimal(50), True)], actor=users.street_a, reason="加名")
    assert list(u.ownerships.values_list("owner__name", "voter")) == [("业主2", True), ("业主1", False)]
    other = owner(tree.project_b, 3)
    with pytest.raises(ValidationError):
        roll.set_owners(u, [(other, Decimal(100), True)], actor=users.street_a, reason="错项目")


@pytest.mark.parametrize(
    "who, sees",
    [
        ("admin", {"a", "b"}),
        ("city", {"a", "b"}),
        ("district_a", {"a"}),
        ("district_b", {"b"}),
        ("street_a", {"a"}),
        ("community_a", {"a"}),
        ("police", set()),
        ("ent_a", set()),
        ("ent_b", set()),
    ],
)
def test_the_roll_is_seen_by_officers_of_the_region_only(tree, users, who, sees):
    hold(unit(tree.project_a, "a", "50"), owner(tree.project_a, 1))
    hold(unit(tree.project_b, "b", "50"), owner(tree.project_b, 2))
    user = getattr(users, who)
    assert {u.number for u in Unit.objects.visible_to(user)} == sees
    assert Owner.objects.visible_to(user).count() == len(sees)
    assert Ownership.objects.visible_to(user).count() == len(sees)
    assert Building.objects.visible_to(user).count() == len(sees)


def test_the_database_keeps_a_unit_in_its_building_s_project(tree):
    from django.db import IntegrityError, transaction

    u = unit(tree.project_a, "101", "50")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=u.pk).update(project=tree.project_b)
        from django.db import connection

        connection.check_constraints()


def test_masks():
    assert identity.mask_phone("13812345678") == "138****5678"
    assert identity.mask_phone("") == ""
    assert identity.mask_id("002X").endswith("002X") and "*" in identity.mask_id("002X")
