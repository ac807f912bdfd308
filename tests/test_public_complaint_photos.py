"""The complaint form that comes back (a wrong captcha) keeps the photos that passed: shown as
thumbnails, sent again with a signed token, checked again, removable; held files are deleted
once filed or past their age. And a captcha whose signs can be read."""

import datetime as dt
import random
import re
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from captcha import views as captcha_views
from django.core import signing
from django.utils import timezone
from PIL import Image

from complaints.models import Attachment, Complaint
from core import captcha as portal_captcha
from core import held_photos

from .test_complaint_public import captcha, form, jpeg


def _fail(client, tree, files, **over):
    """Post the form with a wrong captcha: the page comes back."""
    data = {**form(tree), **captcha(client), "photos": list(files), **over}
    data["captcha_1"] = "999999"
    response = client.post("/complaint/new/", data)
    assert response.status_code == 200 and "验证码错误" in response.content.decode()
    return response.content.decode()


def _token(html) -> str:
    return re.search(r'name="held_photos" value="([^"]+)"', html).group(1)


def _held_files(settings) -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "held").glob("*/*"))


def test_photos_survive_a_wrong_captcha_and_are_filed_with_the_complaint(
    tree, client, settings, django_capture_on_commit_callbacks
):
    html = _fail(client, tree, [jpeg(), jpeg(size=(80, 60))])
    assert "已保留您上传的 2 张照片" in html
    assert len(re.findall(r'<img src="data:image/jpeg;base64,', html)) == 2
    assert len(_held_files(settings)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/complaint/new/", {**form(tree), **captcha(client), "held_photos": _token(html)})
    assert response.status_code == 302
    sizes = sorted((a.width, a.height) for a in Complaint.objects.get().attachments.all())
    assert sizes == [(64, 48), (80, 60)]
    assert _held_files(settings) == []  # the complaint has its copies


def test_a_held_photo_can_be_removed_and_new_ones_added(tree, client, django_capture_on_commit_callbacks):
    html = _fail(client, tree, [jpeg(size=(64, 48)), jpeg(size=(80, 60))])
    html = _fail(client, tree, [jpeg(size=(40, 30))], held_photos=_token(html), drop_held=["0"])
    assert "已保留您上传的 2 张照片" in html  # the 80 × 60 kept, the 40 × 30 added
    data = {**form(tree), **captcha(client), "held_photos": _token(html), "photos": [jpeg(size=(20, 10))]}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/complaint/new/", data).status_code == 302
    assert sorted((a.width, a.height) for a in Attachment.objects.all()) == [(20, 10), (40, 30), (80, 60)]


def test_held_and_new_photos_together_keep_the_limit(tree, client, settings):
    settings.COMPLAINT_MAX_PHOTOS = 3
    html = _fail(client, tree, [jpeg(), jpeg()])
    data = {**form(tree), **captcha(client), "held_photos": _token(html), "photos": [jpeg(), jpeg()]}
    assert "最多上传 3 张照片" in client.post("/complaint/new/", data).content.decode()
    assert not Complaint.objects.exists()


def test_a_refused_photo_is_not_kept_and_the_page_says_to_choose_again(tree, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("invoice.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    html = _fail(client, tree, [jpeg(), fake])
    assert "不是有效的图片" in html and "刚才选择的照片没有保存，请重新选择" in html
    assert _held_files(settings) == [] and "已保留" not in html


def test_a_forged_or_altered_token_holds_nothing(tree, client, settings):
    html = _fail(client, tree, [jpeg()])
    token = _token(html)
    name = held_photos.names(token)[0]
    forged = signing.dumps([name], salt="another salt", compress=True)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "x"):
        assert held_photos.names(bad) == []
    data = {**form(tree), **captcha(client), "held_photos": forged}
    assert client.post("/complaint/new/", data).status_code == 302
    assert not Attachment.objects.exists()


def test_a_held_file_is_checked_again(tree, client, settings):
    html = _fail(client, tree, [jpeg()])
    _held_files(settings)[0].write_bytes(b"#!/bin/sh\necho not a photo")
    data = {**form(tree), **captcha(client), "held_photos": _token(html)}
    assert "不是有效的图片文件" in client.post("/complaint/new/", data).content.decode()
    assert not Complaint.objects.exists()


def test_an_expired_token_holds_nothing_and_the_sweep_deletes_old_files(tree, client, settings):
    html = _fail(client, tree, [jpeg()])
    later = timezone.now() + dt.timedelta(hours=settings.HELD_PHOTOS_HOURS, minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        assert held_photos.names(_token(html)) == []
    assert held_photos.sweep(timezone.now()) == 0 and len(_held_files(settings)) == 1
    assert held_photos.sweep(later + dt.timedelta(hours=1)) == 1
    assert _held_files(settings) == []


# --- the captcha -----------------------------------------------------------------------------
def test_the_challenge_uses_signs_that_read_and_answers_hold():
    for _ in range(300):
        question, answer = portal_captcha.arithmetic_challenge()
        a, sign, b = re.fullmatch(r"(\d+)([+−×])(\d+)=", question).groups()
        expected = {"+": int(a) + int(b), "−": int(a) - int(b), "×": int(a) * int(b)}[sign]
        assert answer == str(expected) and expected >= 0


def _ink(text) -> int:
    random.seed(1)  # the same turns for every text
    response = captcha_views._captcha_image(SimpleNamespace(challenge=text), 1)
    with Image.open(BytesIO(response.content)) as image:
        return sum(image.convert("L").histogram()[:128])  # dark pixels


def test_the_minus_is_drawn_as_boldly_as_half_a_plus():
    # The library's own "-" left 29 dark pixels, a quarter of its "+"; this one is one bar of “+”.
    base = _ink("83=")
    minus, plus = _ink("8−3=") - base, _ink("8+3=") - base
    assert minus >= 80 and minus >= plus / 2


def test_the_form_offers_another_question(tree, client):
    html = client.get("/complaint/new/").content.decode()
    assert "data-captcha-refresh" in html and "看不清，换一题" in html
