"""An enterprise files supporting documents with its change request; the reviewing officer
reads them; others get 404; a wrong or oversized file is a form error, not a 5xx."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from enterprises.models import ChangeRequestAttachment, ProfileChangeRequest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(client, tree):
    form = client.get(f"/enterprises/{tree.ent_a.pk}/change/").context["form"]
    data = {k: (v if v is not None else "") for k, v in form.initial.items() if k in form.fields}
    data.update(phone="0531-12345678", reason="搬迁后更换电话")
    return data


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return buf.getvalue()


def test_enterprise_files_documents_the_officer_reads_them(tree, users, client_for):
    c = client_for(users.ent_a)
    data = _form(c, tree)
    files = [SimpleUploadedFile("营业执照.pdf", PDF), SimpleUploadedFile("门牌.png", _png())]
    response = c.post(f"/enterprises/{tree.ent_a.pk}/change/", {**data, "attachments": files})
    assert response.status_code == 302
    change = ProfileChangeRequest.objects.get()
    names = list(change.attachments.values_list("name", flat=True))
    assert names == ["营业执照.pdf", "门牌.png"]
    pdf = change.attachments.get(content_type="application/pdf")
    officer = client_for(users.district_a)
    page = officer.get(f"/enterprises/changes/{change.pk}/").content.decode()
    assert f"/enterprises/changes/attachments/{pdf.pk}/" in page
    download = officer.get(f"/enterprises/changes/attachments/{pdf.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client_for(users.district_b).get(f"/enterprises/changes/attachments/{pdf.pk}/").status_code == 404
    assert client_for(users.ent_b).get(f"/enterprises/changes/attachments/{pdf.pk}/").status_code == 404


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("执照.pdf", b"this is no pdf"), "不是有效的 PDF"),
        (SimpleUploadedFile("执照.exe", b"MZ\x90\x00"), "只能上传 JPG、PNG 图片或 PDF"),
    ],
)
def test_wrong_file_is_a_form_error(tree, users, client_for, upload, message):
    c = client_for(users.ent_a)
    response = c.post(f"/enterprises/{tree.ent_a.pk}/change/", {**_form(c, tree), "attachments": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert not ProfileChangeRequest.objects.exists() and not ChangeRequestAttachment.objects.exists()


def test_oversized_file_is_a_form_error(tree, users, client_for, settings):
    settings.ATTACHMENT_MAX_PDF_BYTES = 1024 * 1024
    c = client_for(users.ent_a)
    big = SimpleUploadedFile("执照.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n")
    response = c.post(f"/enterprises/{tree.ent_a.pk}/change/", {**_form(c, tree), "attachments": big})
    assert response.status_code == 200 and "超过 1 MB" in response.content.decode()
    assert not ProfileChangeRequest.objects.exists()
