"""Residents: file without an account, photos checked by content, tracking code privacy, rate limits."""

import io
import re

import pytest
from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from complaints import workflow
from complaints.models import TRACKING_ALPHABET, Attachment, Complaint

from .factories import make_complaint


def jpeg(size=(64, 48), exif=True, name="photo.jpg"):
    img = Image.new("RGB", size, (200, 30, 30))
    buf = io.BytesIO()
    data = Image.Exif()
    if exif:
        data[0x010F] = "PhoneMaker"  # Make
        gps = data.get_ifd(0x8825)
        gps[1], gps[2] = "N", (36.0, 40.0, 0.0)
    img.save(buf, "JPEG", exif=data.tobytes())
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def captcha(client):
    html = client.get("/complaint/new/").content.decode()
    key = re.search(r'name="captcha_0"[^>]*value="([0-9a-f]+)"', html) or re.search(
        r'value="([0-9a-f]{40})"[^>]*name="captcha_0"', html
    )
    key = key.group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def form(tree, **over):
    data = {
        "project": tree.project_a.pk,
        "category": 5,
        "description": "楼道垃圾堆放一周无人清运，气味很大",
        "complainant_name": "王女士",
        "complainant_phone": "13912345678",
    }
    from complaints.models import Category

    data["category"] = Category.objects.get(code="cleaning").pk
    data.update(over)
    return data


def rating_link(complaint) -> str:
    """The path of the rating link in the newest SMS to the complainant."""
    body = complaint.notifications.filter(channel="sms").order_by("-pk").first().body
    return "/complaint/rate/" + re.search(r"/complaint/rate/([^/\s]+)/", body).group(1) + "/"


def submit(client, tree, files=(), **over):
    return client.post("/complaint/new/", {**form(tree, **over), **captcha(client), "photos": list(files)})


def test_resident_files_a_complaint_with_photos_and_gets_a_tracking_code(tree, client):
    response = submit(client, tree, files=[jpeg(), jpeg()])
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    code = complaint.tracking_code
    assert len(code) == 10 and set(code) <= set(TRACKING_ALPHABET) and not set(code) & set("01OIL")
    assert complaint.channel == "portal" and complaint.enterprise == tree.ent_a
    assert complaint.attachments.count() == 2
    assert complaint.notifications.filter(channel="sms", body__contains=code).exists()
    page = client.get(response.url).content.decode()
    assert code in page


def test_photos_are_re_encoded_without_exif_and_stored_under_random_names(tree, client):
    submit(client, tree, files=[jpeg(name="我的GPS照片.jpg")])
    attachment = Attachment.objects.get()
    assert "GPS" not in attachment.file.name and attachment.file.name.endswith(".jpg")
    with Image.open(attachment.file.path) as img:
        assert not img.getexif()  # no Make, no GPS
        assert img.size == (64, 48)


def test_tracking_code_is_not_sequential(tree):
    codes = [make_complaint(tree.project_a).tracking_code for _ in range(20)]
    # 20 codes in sorted order by chance: 1 in 20! (about 2e18).
    assert len(set(codes)) == 20 and codes != sorted(codes)


@pytest.mark.parametrize(
    "files,message",
    [
        (
            [SimpleUploadedFile("invoice.jpg", b"%PDF-1.4 not an image at all", content_type="image/jpeg")],
            "不是有效的图片",
        ),
        (
            [SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")],
            "超过 5 MB",
        ),
        ([jpeg() for _ in range(10)], "最多上传 9 张"),
    ],
    ids=["renamed-pdf", "oversize", "too-many"],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(tree, client, files, message):
    response = submit(client, tree, files=files)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Complaint.objects.exists() and not Attachment.objects.exists()


def test_decompression_bomb_is_refused(tree, client):
    buf = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buf, "PNG")  # 144 Mpx in a few kB
    response = submit(client, tree, files=[SimpleUploadedFile("bomb.png", buf.getvalue(), content_type="image/png")])
    assert "像素尺寸过大" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "over,message",
    [
        ({"complainant_phone": "12345"}, "有效的 11 位手机号码"),
        ({"complainant_phone": "23912345678"}, "有效的 11 位手机号码"),
        ({"description": "太脏了"}, "至少用 5 个字"),
        ({"project": ""}, "请先搜索并选择小区"),
    ],
)
def test_bad_form_input_gets_chinese_messages(tree, client, over, message):
    response = submit(client, tree, **over)
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


def test_wrong_captcha_is_refused(tree, client):
    data = {**form(tree), **captcha(client)}
    data["captcha_1"] = "999999"
    assert "验证码错误" in client.post("/complaint/new/", data).content.decode()
    assert not Complaint.objects.exists()


def test_rate_limit_per_phone(tree, client, settings):
    settings.INTAKE_RATE_PER_PHONE = "2/d"
    for _ in range(2):
        assert submit(client, tree).status_code == 302
    response = submit(client, tree)
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_rate_limit_per_ip(tree, client, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    assert submit(client, tree).status_code == 302
    assert submit(client, tree, complainant_phone="13700001111").status_code == 429


def test_tracking_needs_the_last_four_digits_and_shows_a_sanitised_timeline(tree, users, client):
    c = make_complaint(tree.project_a, complainant_phone="13812345678")
    c = workflow.accept(c, actor=users.district_a, note="内部备注：该业主多次投诉")
    c = workflow.assign(c, actor=users.district_a, to=tree.ent_a, note="请重点关注")
    users.district_a.last_name = "张科长"
    users.district_a.save()
    assert client.get(f"/complaint/track/{c.tracking_code}/").status_code == 302  # asks for the digits
    wrong = client.post("/complaint/track/", {"code": c.tracking_code, "phone_last4": "0000"})
    assert "查询码或手机号后四位不正确" in wrong.content.decode()
    unknown = client.post("/complaint/track/", {"code": "ZZZZZZZZZZ", "phone_last4": "5678"})
    assert unknown.content.decode().count("查询码或手机号后四位不正确") == 1  # same answer: no oracle
    ok = client.post("/complaint/track/", {"code": c.tracking_code.lower(), "phone_last4": "5678"})
    assert ok.status_code == 302
    html = client.get(ok.url).content.decode()
    assert tree.ent_a.name in html and "办理时限" in html
    for secret in ("内部备注", "请重点关注", "张科长", "district_a", "13812345678"):
        assert secret not in html


def test_resident_supplements_then_rates_unsatisfied_which_reopens(tree, users, client):
    c = make_complaint(tree.project_a, complainant_phone="13812345678")
    client.post("/complaint/track/", {"code": c.tracking_code, "phone_last4": "5678"})
    client.post(f"/complaint/track/{c.tracking_code}/supplement/", {"text": "今天又堆了更多", "photos": [jpeg()]})
    assert c.attachments.filter(kind="supplement").count() == 1
    c = workflow.assign(workflow.accept(c, actor=users.city), actor=users.city, to=tree.ent_a)
    workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运")
    client.post(rating_link(c), {"rating": "unsatisfied", "comment": "没有清干净"})
    c.refresh_from_db()
    assert c.status == "reopened" and c.feedback == "unsatisfied"


def test_photos_are_served_only_to_those_who_may_see_the_complaint(tree, users, client, client_for):
    submit(client, tree, files=[jpeg()])
    attachment = Attachment.objects.get()
    url = f"/complaint/photo/{attachment.pk}/"
    assert client.get(url).status_code == 200  # the resident who filed it, in this browser
    from django.test import Client

    assert Client().get(url).status_code == 404
    assert client_for(users.district_b).get(url).status_code == 404
    assert client_for(users.district_a).get(url).status_code == 200
    response = client_for(users.district_a).get(url)
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"


def test_a_merged_resident_sees_the_main_answer_photos_but_not_its_complaint_photos(tree, users, client):
    main = make_complaint(tree.project_a)
    from complaints.models import Attachment
    from core.photos import clean_images

    original = Attachment.store(clean_images([jpeg()]), complaint=main, kind="complaint")[0]
    dup = workflow.merge(make_complaint(tree.project_a, complainant_phone="13900002222"), into=main, actor=users.city)
    c = workflow.assign(workflow.accept(main, actor=users.city), actor=users.city, to=tree.ent_a)
    workflow.answer(
        workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已处理", images=clean_images([jpeg()])
    )
    answer_photo = main.attachments.get(kind="answer")
    client.post("/complaint/track/", {"code": dup.tracking_code, "phone_last4": "2222"})
    assert client.get(f"/complaint/photo/{answer_photo.pk}/").status_code == 200
    assert client.get(f"/complaint/photo/{original.pk}/").status_code == 404
