"""Resource exhaustion (issue 10, item 5): photo pixels checked before decoding, supplements
rate-limited and capped, and the per-phone filing limit counting only valid filings."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from complaints.models import Attachment, Complaint
from core.photos import clean_images

from .factories import make_complaint
from .test_complaint_public import form, jpeg, submit


def png(size, name="big.png"):
    buf = io.BytesIO()
    Image.new("1", size).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def test_a_huge_png_is_refused_from_its_header_without_decoding(tree, client, monkeypatch):
    upload = png((9400, 9400))
    assert upload.size < 300_000  # a few hundred kB on the wire …
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self) or None)
    started = time.monotonic()
    response = submit(client, tree, files=[upload])
    assert "像素尺寸过大（9400 × 9400）" in response.content.decode()
    assert time.monotonic() - started < 3 and decoded == []  # … never decoded (88 Mpx, ~250 MB)
    assert not Complaint.objects.exists()


def test_the_photos_of_one_request_share_a_pixel_budget(tree, client, settings):
    settings.COMPLAINT_MAX_TOTAL_PIXELS = 3 * 2000 * 2000
    files = [png((2000, 2000), name=f"{n}.png") for n in range(4)]  # each fine alone, 16 Mpx together
    response = submit(client, tree, files=files)
    assert "像素总量过大" in response.content.decode()
    assert not Complaint.objects.exists()


def test_stored_photos_are_scaled_down_to_a_bounded_size(settings):
    settings.COMPLAINT_PHOTO_MAX_SIDE = 1000
    cleaned = clean_images([jpeg(size=(3000, 1500)), png((1200, 2400))])
    assert [(c.width, c.height) for c in cleaned] == [(1000, 500), (500, 1000)]


def _tracking(client, complaint):
    client.post("/complaint/track/", {"code": complaint.tracking_code, "phone_last4": "1234"})
    return f"/complaint/track/{complaint.tracking_code}/supplement/"


def test_supplements_are_rate_limited(tree, client, settings):
    settings.SUPPLEMENT_RATE_PER_IP = "2/h"
    url = _tracking(client, make_complaint(tree.project_a))
    for n in range(2):
        assert client.post(url, {"text": f"又堆了更多 {n}"}).status_code == 302
    response = client.post(url, {"text": "再补充一次"})
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()


def test_supplements_share_the_forms_photo_cap(tree, client, settings):
    complaint = make_complaint(tree.project_a)
    Attachment.store(clean_images([jpeg() for _ in range(8)]), complaint=complaint, kind="complaint")
    url = _tracking(client, complaint)
    refused = client.post(url, {"text": "补充照片", "photos": [jpeg(), jpeg()]}, follow=True)
    assert "每件投诉最多 9 张照片，还可以上传 1 张" in refused.content.decode()
    assert client.post(url, {"text": "补充照片", "photos": [jpeg()]}).status_code == 302
    assert Attachment.objects.filter(complaint=complaint).count() == 9
    full = client.post(url, {"photos": [jpeg()]}, follow=True)
    assert "还可以上传 0 张" in full.content.decode()


def test_posts_with_a_wrong_captcha_do_not_use_up_a_phones_allowance(tree, client, settings):
    settings.INTAKE_RATE_PER_PHONE = "2/d"
    for _ in range(5):  # a stranger posting the victim's number without solving the captcha
        bad = client.post("/complaint/new/", {**form(tree), "captcha_0": "x" * 40, "captcha_1": "0"})
        assert bad.status_code == 200
    for _ in range(2):
        assert submit(client, tree).status_code == 302  # the resident can still file
    assert submit(client, tree).status_code == 429
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize("phone", ["13912345678"])
def test_invalid_filings_do_not_count_either(tree, client, settings, phone):
    settings.INTAKE_RATE_PER_PHONE = "1/d"
    assert submit(client, tree, description="太短", complainant_phone=phone).status_code == 200
    assert submit(client, tree, complainant_phone=phone).status_code == 302
