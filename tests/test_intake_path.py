"""The intake's hot path: one-statement inserts, prepared statements, the project look-up and the
indexes it relies on."""

from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from complaints import workflow
from complaints.choices import Channel, EventType, Stage, Status
from complaints.filtersets import ComplaintFilterSet
from complaints.models import Category, Complaint, ComplaintEvent
from core import prepared
from core.inserts import insert_with_children
from notifications.choices import NotificationStatus
from notifications.models import Notification
from projects.models import Project

from .factories import make_complaint


def _prepared_names():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_submit_writes_complaint_event_and_sms_as_save_would(tree):
    complaint = make_complaint(tree.project_a, complainant_name="王女士")
    assert not complaint._state.adding and complaint.pk

    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.tracking_code == complaint.tracking_code and len(stored.tracking_code) == 10
    assert (stored.project_id, stored.enterprise_id, stored.region_id) == (
        tree.project_a.pk,
        tree.project_a.enterprise_id,
        tree.project_a.region_id,
    )
    assert stored.region_path == tree.project_a.region.path
    assert stored.status == Status.SUBMITTED and stored.stage == Stage.ACCEPT
    assert stored.created == complaint.created and stored.due_at == complaint.due_at and stored.due_at > stored.created
    assert stored.complainant_name == "王女士" and stored.is_overdue is False and stored.escalation_level == 0

    event = stored.events.get()
    assert (event.type, event.to_status, event.actor_label) == (EventType.SUBMITTED, Status.SUBMITTED, "测试")
    assert event.created >= complaint.created
    sms = stored.notifications.get()
    assert sms.status == NotificationStatus.PENDING and sms.address == "13812341234"
    assert complaint.tracking_code in sms.body


def test_saved_instances_update_instead_of_inserting_again(tree):
    complaint = make_complaint(tree.project_a)
    complaint.description = "补充：三号楼也有同样问题"
    complaint.save()
    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().description == "补充：三号楼也有同样问题"


def test_insert_is_one_statement_prepared_once_per_connection(tree, settings):
    settings.DATABASE_PREPARED_STATEMENTS = True
    category = Category.objects.get(code="cleaning")

    def new():
        c = Complaint(
            project=tree.project_a, category=category, description="电梯故障三天", complainant_phone="13900001111"
        )
        c.region = tree.project_a.region
        c.region_path = tree.project_a.region.path
        sms = Notification(channel="sms", subject="s", body="b", target_type=ContentType.objects.get_for_model(c))
        return c, ComplaintEvent(type=EventType.SUBMITTED), sms

    c, e, n = new()
    insert_with_children(c, (e, "complaint"), (n, "target_id"))
    before = _prepared_names()
    assert before  # prepared on first use
    with CaptureQueriesContext(connection) as queries:
        c2, e2, n2 = new()
        insert_with_children(c2, (e2, "complaint"), (n2, "target_id"))
    assert len(queries) == 1 and queries[0]["sql"].startswith("EXECUTE portal_")
    assert _prepared_names() == before  # not prepared again
    assert (e2.complaint_id, n2.target_id) == (c2.pk, c2.pk)
    assert ComplaintEvent.objects.filter(complaint=c2).exists() and Notification.objects.filter(complaint=c2).exists()


def test_a_new_connection_prepares_again(tree, settings):
    settings.DATABASE_PREPARED_STATEMENTS = True
    assert Project.objects.for_intake(code=tree.project_a.code).pk == tree.project_a.pk
    raw = connection.connection
    assert prepared._prepared[raw]
    # What a reconnect looks like to the statement cache: a driver connection it has not seen.
    prepared._prepared.pop(raw)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert Project.objects.for_intake(code=tree.project_a.code).pk == tree.project_a.pk


def test_statements_are_plain_when_prepared_statements_are_off(tree, settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as queries:
        project = Project.objects.for_intake(code=tree.project_a.code)
    assert project.pk == tree.project_a.pk
    assert [q["sql"].split()[0] for q in queries] == ["SELECT"]  # no PREPARE, no EXECUTE


def test_for_intake_loads_what_intake_records_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        by_code = Project.objects.for_intake(code=tree.project_a.code)
        assert (by_code.enterprise_id, by_code.region_id, by_code.region.path) == (
            tree.project_a.enterprise_id,
            tree.project_a.region_id,
            tree.project_a.region.path,
        )
    assert Project.objects.for_intake(pk=tree.project_b.pk).code == tree.project_b.code
    assert Project.objects.for_intake(code="NO-SUCH") is None
    assert Project.objects.for_intake(pk=0) is None


def test_a_later_change_of_manager_is_read_at_intake(tree):
    Project.objects.filter(pk=tree.project_a.pk).update(enterprise=tree.ent_b)
    complaint = make_complaint(Project.objects.for_intake(code=tree.project_a.code))
    assert complaint.enterprise_id == tree.ent_b.pk


@pytest.mark.parametrize("typed", ["lower", "upper"])
def test_officer_search_finds_a_tracking_code_typed_in_either_case(tree, users, typed):
    complaint = make_complaint(tree.project_a)
    make_complaint(tree.project_b)
    code = complaint.tracking_code.lower() if typed == "lower" else complaint.tracking_code
    officer = SimpleNamespace(user=users.district_a)  # a bureau officer: the code is a search key for them only
    found = ComplaintFilterSet({"q": f" {code} "}, queryset=Complaint.objects.all(), request=officer).qs
    assert list(found) == [complaint]


def test_tracking_codes_stay_unique(tree):
    first = make_complaint(tree.project_a)
    clash = Complaint(
        project=tree.project_a,
        category=first.category,
        description="同一查询码",
        complainant_phone="13900002222",
        tracking_code=first.tracking_code,
        channel=Channel.PHONE,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        workflow.submit(clash, actor_label="测试")


@pytest.mark.django_db(transaction=True)
def test_a_pushed_ticket_costs_two_statements(tree, client, settings):
    """The 12345 push, outside any transaction as under gunicorn: the project look-up and the
    three-row insert, both prepared; no savepoints, no separate BEGIN/COMMIT, no re-reads."""
    import json

    from complaints.models import ApiClient

    settings.DATABASE_PREPARED_STATEMENTS = True
    _api_client, key = ApiClient.issue("12345", Channel.HOTLINE_12345)

    def push(number):
        body = {
            "ticket_no": f"GD{number}",
            "project_code": tree.project_a.code,
            "category": "cleaning",
            "content": "小区垃圾清运不及时，气味很大",
            "caller_phone": "13812345678",
        }
        return client.post(
            "/api/channel/tickets/",
            json.dumps(body, ensure_ascii=False),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"ApiKey {key}",
        )

    assert push(1).status_code == 201  # prepares the statements and fills the reference caches
    with CaptureQueriesContext(connection) as queries:
        assert push(2).status_code == 201
    assert [q["sql"].split()[0] for q in queries] == ["EXECUTE", "EXECUTE"]
    assert Complaint.objects.filter(external_id="GD2").get().events.count() == 1


def test_external_forms_share_fields_but_nothing_else(tree):
    from complaints.intake import ExternalComplaintForm

    bad = ExternalComplaintForm({"project_code": tree.project_a.code, "category": "无此类别", "description": "短"})
    good = ExternalComplaintForm(
        {
            "project_code": tree.project_a.code,
            "category": "cleaning",
            "description": "楼道灯坏了一个月",
            "phone": "13800001111",
        }
    )
    assert not bad.is_valid() and good.is_valid()
    assert set(bad.errors) == {"category", "description", "phone"} and not good.errors
    assert good.cleaned_data["category"].code == "cleaning" and "category" not in bad.cleaned_data
    assert bad.fields is not good.fields and bad.fields["category"] is good.fields["category"]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny: ask what *can* be used (a bitmap scan over the search indexes), not
        # what is cheapest on ten rows (a plain scan of any index, filtering every row).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_text_searches_can_use_the_bigram_indexes(tree, users, monkeypatch):
    from complaints import filtersets

    monkeypatch.setattr(filtersets, "FEW_MATCHES", 0)  # as for a common term: not by the matches' keys
    plan = _plan(Project.objects.search("阳光花园"))
    assert "project_search_bigrams" in plan and "project_code_upper" in plan
    officer = SimpleNamespace(user=users.district_a)  # bureau officers also search by tracking code
    plan = _plan(ComplaintFilterSet({"q": "垃圾清运"}, queryset=Complaint.objects.all(), request=officer).qs)
    assert "complaint_search_bigrams" in plan and "complaint_tracking_code_unique" in plan
    assert "Seq Scan on complaints_complaint" not in plan


def test_officer_search_by_project_name_description_or_ticket(tree):
    in_a = make_complaint(tree.project_a, description="三号楼电梯困人，物业半小时才到")
    in_b = make_complaint(tree.project_b, description="小区绿地被改成停车位")
    Complaint.objects.filter(pk=in_b.pk).update(external_id="GD20261126", channel=Channel.HOTLINE_12345)

    def search(text):
        return set(ComplaintFilterSet({"q": text}, queryset=Complaint.objects.all(), request=None).qs)

    assert search(tree.project_a.name) == {in_a}
    assert search("电梯困人") == {in_a}
    assert search("GD20261126") == {in_b}
    assert search("没有这样的内容") == set()


def test_insert_refuses_a_model_with_save_receivers_instead_of_skipping_them(tree):
    from django.db.models.signals import post_save

    from core.inserts import SignalsWouldBeSkipped

    category = Category.objects.get(code="cleaning")
    c = Complaint(
        project=tree.project_a, category=category, description="电梯故障三天", complainant_phone="13900001111"
    )
    c.region, c.region_path = tree.project_a.region, tree.project_a.region.path
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance)

    post_save.connect(receiver, sender=ComplaintEvent, weak=False, dispatch_uid="test-inserts-receiver")
    try:
        with pytest.raises(SignalsWouldBeSkipped, match="complaints.ComplaintEvent has post_save receivers"):
            insert_with_children(c, (ComplaintEvent(type=EventType.SUBMITTED), "complaint"))
    finally:
        post_save.disconnect(dispatch_uid="test-inserts-receiver", sender=ComplaintEvent)
    assert c.pk is None and not Complaint.objects.filter(description="电梯故障三天").exists() and not heard
