import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from core.models import AuditEvent
from enterprises import profile
from enterprises.choices import ChangeRequestStatus
from enterprises.models import ProfileChangeRequest


def test_enterprise_requests_officer_approves_history_kept(tree, users, client_for):
    c = client_for(users.ent_a)
    form = c.get(f"/enterprises/{tree.ent_a.pk}/change/").context["form"]
    data = {k: (v if v is not None else "") for k, v in form.initial.items() if k in form.fields}
    data.update(phone="0531-12345678", staff_count=250, reason="搬迁后更换电话")
    response = c.post(f"/enterprises/{tree.ent_a.pk}/change/", data)
    assert response.status_code == 302
    change = ProfileChangeRequest.objects.get()
    assert change.changes == {"phone": "0531-12345678", "staff_count": 250}
    tree.ent_a.refresh_from_db()
    assert tree.ent_a.phone == "0531-88888888"  # nothing changes before approval

    response = client_for(users.district_a).post(f"/enterprises/changes/{change.pk}/approve/", {"note": "同意"})
    assert response.status_code == 302
    tree.ent_a.refresh_from_db()
    change.refresh_from_db()
    assert (tree.ent_a.phone, tree.ent_a.staff_count) == ("0531-12345678", 250)
    assert change.status == ChangeRequestStatus.APPROVED
    assert change.previous == {"phone": "0531-88888888", "staff_count": 100}
    assert change.reviewed_by == users.district_a
    assert AuditEvent.objects.filter(action="change_approved", actor=users.district_a).exists()

    page = client_for(users.ent_a).get(f"/enterprises/{tree.ent_a.pk}/").content.decode()
    assert "0531-88888888 → 0531-12345678" in page  # history visible to the enterprise


def test_reject_needs_a_reason(tree, users):
    change = profile.request_change(tree.ent_a, actor=users.ent_a, changes={"service_brand": "新品牌"})
    with pytest.raises(ValidationError):
        profile.reject(change, actor=users.district_a, note="  ")
    profile.reject(change, actor=users.district_a, note="材料不全")
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.REJECTED and change.review_note == "材料不全"


@pytest.mark.parametrize("who", ["ent_b", "district_a", "street_a"])
def test_only_own_enterprise_may_request(tree, users, who):
    with pytest.raises(PermissionDenied):
        profile.request_change(tree.ent_a, actor=getattr(users, who), changes={"phone": "0531-1"})


@pytest.mark.parametrize("who", ["district_b", "street_a", "community_a", "police", "ent_a"])
def test_only_bureau_officers_of_the_jurisdiction_decide(tree, users, who):
    change = profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": "0531-22223333"})
    with pytest.raises(PermissionDenied):
        profile.approve(change, actor=getattr(users, who))


def test_invalid_values_are_refused_at_request_time(tree, users):
    with pytest.raises(ValidationError) as exc:
        profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": "abc"})
    assert "phone" in exc.value.message_dict
    with pytest.raises(ValidationError):
        profile.request_change(tree.ent_a, actor=users.ent_a, changes={"uscc": "91110000600037341L"})
    with pytest.raises(ValidationError, match="没有任何字段发生变化"):
        profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": tree.ent_a.phone})
    assert not ProfileChangeRequest.objects.exists()


def test_one_pending_request_at_a_time(tree, users):
    profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": "0531-22223333"})
    with pytest.raises(ValidationError, match="待审核"):
        profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": "0531-44445555"})


def test_decided_request_cannot_be_decided_again(tree, users):
    change = profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": "0531-22223333"})
    profile.approve(change, actor=users.district_a)
    with pytest.raises(ValidationError, match="已被处理"):
        profile.reject(change, actor=users.city, note="晚了")


@pytest.mark.django_db(transaction=True)
def test_two_officers_at_once_one_wins(tree, users):
    change = profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": "0531-22223333"})
    outcomes, barrier = [], threading.Barrier(2)

    def act(fn, **kwargs):
        barrier.wait()
        try:
            fn(change, **kwargs)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(profile.approve,), kwargs={"actor": users.district_a}),
        threading.Thread(target=act, args=(profile.reject,), kwargs={"actor": users.city, "note": "不同意"}),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    change.refresh_from_db()
    assert change.status in (ChangeRequestStatus.APPROVED, ChangeRequestStatus.REJECTED)


def test_withdraw_by_enterprise(tree, users, client_for):
    change = profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": "0531-22223333"})
    assert client_for(users.ent_b).post(f"/enterprises/changes/{change.pk}/withdraw/").status_code == 404
    client_for(users.ent_a).post(f"/enterprises/changes/{change.pk}/withdraw/")
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.WITHDRAWN
    assert client_for(users.ent_a).post(f"/enterprises/changes/{change.pk}/delete/").status_code == 404
