"""Only the resident rates the answer: through a link sent to the complainant's phone by SMS.
The enterprise that answered, knowing the tracking code and the phone's last four digits, cannot."""

import base64
import datetime as dt

import pytest
from django.test import Client
from django.utils.crypto import salted_hmac

from complaints import workflow
from complaints.choices import Status
from complaints.feedback_links import MAC_LENGTH

from .factories import make_complaint
from .test_complaint_public import rating_link


@pytest.fixture
def answered(tree, users):
    c = make_complaint(tree.project_a, complainant_phone="13812345678")
    c = workflow.assign(workflow.accept(c, actor=users.city), actor=users.city, to=tree.ent_a)
    return workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运")


def test_tracking_code_and_last_digits_no_longer_rate(answered, client_for, users):
    poser = client_for(users.ent_a)  # the enterprise, posing as the resident with the tracking secret
    assert poser.post("/complaint/track/", {"code": answered.tracking_code, "phone_last4": "5678"}).status_code == 302
    page = poser.get(f"/complaint/track/{answered.tracking_code}/").content.decode()
    assert 'name="rating"' not in page and "评价链接已通过短信发送" in page
    old_feedback_url = f"/complaint/track/{answered.tracking_code}/feedback/"
    assert poser.post(old_feedback_url, {"rating": "satisfied"}).status_code == 404
    answered.refresh_from_db()
    assert answered.status == Status.ANSWERED


def test_the_sms_link_rates_once(answered, client):
    link = rating_link(answered)
    assert 'name="rating"' in client.get(link).content.decode()
    assert client.post(link, {"rating": "satisfied", "comment": "很及时"}).status_code == 200
    answered.refresh_from_db()
    assert answered.status == Status.CLOSED and answered.feedback == "satisfied"
    spent = client.post(link, {"rating": "unsatisfied"})
    assert spent.status_code == 404 and "评价链接已失效" in spent.content.decode()
    answered.refresh_from_db()
    assert answered.status == Status.CLOSED


def test_a_forged_or_tampered_link_is_refused(answered, client):
    digest = salted_hmac("another-salt", f"{answered.pk}:{answered.answered_at.isoformat()}").digest()
    forged = f"{answered.pk}-" + base64.urlsafe_b64encode(digest).decode()[:MAC_LENGTH]
    assert client.post(f"/complaint/rate/{forged}/", {"rating": "satisfied"}).status_code == 404
    other_id = rating_link(answered).split("/")[-2].replace(f"{answered.pk}-", f"{answered.pk + 1}-")
    assert client.post(f"/complaint/rate/{other_id}/", {"rating": "satisfied"}).status_code == 404
    token = rating_link(answered).split("/")[-2]
    assert client.post(f"/complaint/rate/{token}x/", {"rating": "satisfied"}).status_code == 404
    assert client.get("/complaint/rate/%00/").status_code in (400, 404)
    answered.refresh_from_db()
    assert answered.status == Status.ANSWERED


def test_an_earlier_answers_link_cannot_rate_the_next_answer(answered, users, client):
    first = rating_link(answered)
    client.post(first, {"rating": "unsatisfied", "comment": "没有清干净"})
    answered.refresh_from_db()
    c = workflow.assign(answered, actor=users.city, to=users.ent_a.enterprise)
    workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已重新清运")
    assert client.post(first, {"rating": "satisfied"}).status_code == 404
    assert client.post(rating_link(c), {"rating": "satisfied"}).status_code == 200


def test_the_link_is_resent_only_to_the_phone_and_not_too_often(answered, client, settings):
    settings.FEEDBACK_LINK_RESEND_RATE = "2/d"
    client.post("/complaint/track/", {"code": answered.tracking_code, "phone_last4": "5678"})
    url = f"/complaint/track/{answered.tracking_code}/feedback-link/"
    before = answered.notifications.filter(channel="sms").count()
    for _ in range(3):
        page = client.post(url, follow=True).content.decode()
        assert "/complaint/rate/" not in page  # the link goes to the phone, never to the page
    assert answered.notifications.filter(channel="sms").count() == before + 2
    assert "发送次数过多" in page
    assert all(n.address == "13812345678" for n in answered.notifications.filter(channel="sms"))


def test_the_rating_page_is_rate_limited(answered, settings):
    settings.FEEDBACK_RATE_PER_IP = "3/h"
    client = Client()
    codes = [client.get("/complaint/rate/not-a-token/").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_the_link_expires(answered, client, settings):
    link = rating_link(answered)
    Complaint = type(answered)
    Complaint.objects.filter(pk=answered.pk).update(
        answered_at=answered.answered_at - dt.timedelta(days=settings.FEEDBACK_LINK_DAYS + 1)
    )
    assert client.post(link, {"rating": "satisfied"}).status_code == 404  # the mac no longer matches either
    answered.refresh_from_db()
    fresh = rating_link(answered)  # what a resend would carry now: still too old
    assert client.post(fresh, {"rating": "satisfied"}).status_code == 404
    assert len(link.split("/")[-2]) < 40  # short enough for an SMS


def test_the_rating_choices_are_real_radio_buttons(answered, client):
    html = client.get(rating_link(answered)).content.decode()
    assert html.count('type="radio"') == 3
    assert 'class="form-check-input"' in html and 'type="radio" name="rating" class="form-control"' not in html
    assert "form-control" not in html.split('name="rating"')[1].split(">")[0]
