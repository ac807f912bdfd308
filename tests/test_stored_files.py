"""The one stored-file model (``core.files.StoredFile``) behind the five file models: where a
checked upload is stored, what each model accepts, and how every file is served: only to those
who may see it, never sniffed, under a name the browser reads as sent."""

import io
import re
from urllib.parse import quote, unquote

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from complaints.models import Attachment
from core.attachments import clean_attachments
from core.files import StoredDocument, StoredFile, serve
from core.photos import clean_images
from enterprises.models import ChangeRequestAttachment
from funds.models import UseDocument
from inspections import rectification
from inspections.models import Photo, SummonsAttachment
from owners.models import BallotScan
from ratings.models import ObjectionPhoto

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def summons(tree, users):
    return rectification.record_summons(
        enterprise=tree.ent_a,
        person="王总",
        held_on="2026-11-20",
        reason="投诉集中",
        outcome="",
        actor=users.district_a,
    )


def _file(summons, users, name="约谈笔录.pdf", data=PDF):
    (row,) = SummonsAttachment.store(
        clean_attachments([SimpleUploadedFile(name, data)]), summons=summons, uploaded_by=users.district_a
    )
    return row


def _url(row) -> str:
    return f"/supervision/summons/attachments/{row.pk}/"


def test_the_file_models_share_the_one_stored_file_model():
    concrete = {m for m in apps.get_models() if issubclass(m, StoredFile)}
    assert concrete == {
        Attachment,
        Photo,
        SummonsAttachment,
        ChangeRequestAttachment,
        ObjectionPhoto,
        BallotScan,
        UseDocument,
    }
    assert len({m.folder for m in concrete}) == len(concrete), "each model stores under its own folder"
    documents = {SummonsAttachment, ChangeRequestAttachment, BallotScan, UseDocument}
    assert {m for m in concrete if issubclass(m, StoredDocument)} == documents


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [Attachment, Photo, SummonsAttachment, ChangeRequestAttachment, ObjectionPhoto, BallotScan]
)
def test_every_field_of_a_file_model_has_its_column(model):
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}
    assert {f.column for f in model._meta.concrete_fields} == columns


def test_a_document_is_stored_under_a_random_name_with_its_shown_name_kept(summons, users):
    row = _file(summons, users, name="../../etc/约谈笔录.pdf")
    assert re.fullmatch(rf"summons/{timezone.now():%Y/%m}/[0-9a-f]{{32}}\.pdf", row.file.name), row.file.name
    assert (row.name, row.size, row.content_type, row.uploaded_by) == (
        "约谈笔录.pdf",
        len(PDF),
        "application/pdf",
        users.district_a,
    )
    with row.file.open("rb") as stored:
        assert stored.read() == PDF
    assert not row.is_image and str(row) == "约谈笔录.pdf"


def test_a_photo_records_what_its_model_keeps(tree):
    from .factories import make_complaint

    complaint = make_complaint(tree.project_a)
    (row,) = Attachment.store(clean_images([SimpleUploadedFile("x.png", _png())]), complaint=complaint, kind="answer")
    assert (row.content_type, row.width, row.height, row.kind) == ("image/png", 8, 8, "answer")
    assert row.size == row.file.size and row.is_image
    assert re.fullmatch(rf"complaints/{timezone.now():%Y/%m}/[0-9a-f]{{32}}\.png", row.file.name)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Attachment, Photo, ObjectionPhoto])
def test_a_photo_model_refuses_a_pdf(model):
    with pytest.raises(ValueError, match="application/pdf"):
        model.store(clean_attachments([SimpleUploadedFile("a.pdf", PDF)]))
    assert not model.objects.exists()


def test_a_file_the_user_may_not_see_is_404(summons, users, client_for):
    row = _file(summons, users)
    assert client_for(users.ent_a).get(_url(row)).status_code == 200
    for user in (users.district_b, users.ent_b, None):
        assert client_for(user).get(_url(row)).status_code == 404, user
    request = RequestFactory().get(_url(row))
    for user in (users.ent_b, AnonymousUser()):
        request.user = user
        with pytest.raises(Http404):
            serve(request, SummonsAttachment.objects, row.pk)


def test_a_pdf_is_downloaded_under_its_chinese_name_never_sniffed(summons, users, client_for):
    row = _file(summons, users)
    response = client_for(users.district_a).get(_url(row))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("约谈笔录.pdf")
    assert unquote(response["Content-Disposition"].split("''", 1)[1]) == "约谈笔录.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_an_image_is_shown_inline(summons, users, client_for):
    row = _file(summons, users, name="现场.png", data=_png())
    response = client_for(users.district_a).get(_url(row))
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''" + quote("现场.png")


def test_a_photo_without_a_name_is_served_under_its_random_one(tree, users, client_for):
    order = rectification.issue(project=tree.project_a, source="other", issue="门禁损坏", days=3, actor=users.city)
    (photo,) = Photo.store(clean_images([SimpleUploadedFile("家.png", _png())]), order=order)
    response = client_for(users.district_a).get(f"/supervision/photos/{photo.pk}/")
    assert response["Content-Disposition"] == f'inline; filename="{photo.file.name.rsplit("/", 1)[1]}"'
    assert client_for(users.district_b).get(f"/supervision/photos/{photo.pk}/").status_code == 404


def test_an_unexpected_type_or_name_cannot_reach_the_browser_as_such(summons, users, client_for):
    row = _file(summons, users)
    SummonsAttachment.objects.filter(pk=row.pk).update(content_type="text/html", name='a"b\r\nX-Evil: 1.pdf')
    response = client_for(users.district_a).get(_url(row))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="a\\"b X-Evil: 1.pdf"'
    assert "X-Evil" not in response.headers and response["X-Content-Type-Options"] == "nosniff"
