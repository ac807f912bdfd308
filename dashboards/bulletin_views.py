"""The weekly bulletin's pages: a thin layer over :mod:`dashboards.bulletins`."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import InvalidState
from core.forms import bootstrapify
from core.permissions import StepRefused, require_standing
from core.permissions import refusal as permission_refusal
from core.publication import confirmed, person_row
from core.refusals import refusals
from regions.choices import RegionLevel
from regions.models import Region

from . import bulletins
from .models import Bulletin, BulletinStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class GenerateForm(forms.Form):
    region = forms.ModelChoiceField(label=gettext_lazy("区域"), queryset=Region.objects.none())
    week = forms.DateField(
        label=gettext_lazy("周（任选该周一天）"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("生成该日所在周（周一至周日）的简报草稿；已有的版本保留，新生成的是新版本。"),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(
            level__in=[RegionLevel.CITY, RegionLevel.DISTRICT]
        )
        bootstrapify(self)

    def clean_week(self):
        week = self.cleaned_data["week"]
        if week > timezone.localdate():
            raise forms.ValidationError(_("不能为未来的周生成简报。"))
        if week.year < 2000:
            raise forms.ValidationError(_("日期无效。"))
        return week


def _staff(user):
    if not user.is_staff_side:
        raise PermissionDenied


@login_required
def bulletin_list(request):
    user = request.user
    _staff(user)
    queryset = Bulletin.objects.visible_to(user).select_related("region", "created_by")
    code = request.GET.get("region")
    if code:
        queryset = queryset.filter(region__code=str(code)[:12])
    form = GenerateForm(user, initial={"week": bulletins.last_week()}) if bulletins.may_generate(user) else None
    page_obj = Paginator(queryset, 50).get_page(request.GET.get("page"))
    querystring = f"region={code}" if code else ""
    return render(
        request,
        "dashboards/bulletin_list.html",
        {"page_obj": page_obj, "form": form, "querystring": querystring},
    )


@login_required
@require_POST
def bulletin_generate(request):
    user = request.user
    if not bulletins.may_generate(user):
        raise PermissionDenied
    form = GenerateForm(user, request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("dashboards:bulletin_list")
    try:
        bulletin = bulletins.generate(form.cleaned_data["region"], form.cleaned_data["week"], user)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
        return redirect("dashboards:bulletin_list")
    messages.success(request, _("已生成简报草稿（第 %(v)d 版）。") % {"v": bulletin.version})
    return redirect(bulletin)


@login_required
def bulletin_detail(request, pk):
    user = request.user
    _staff(user)
    bulletin = get_object_or_404(Bulletin.objects.visible_to(user).select_related("region"), pk=pk)
    versions = Bulletin.objects.visible_to(user).filter(region=bulletin.region, week_start=bulletin.week_start)
    return render(
        request,
        "dashboards/bulletin_detail.html",
        {"bulletin": bulletin, "d": bulletins.localized(bulletin.data), "versions": versions.order_by("version")},
    )


@login_required
def bulletin_chart(request, pk):
    _staff(request.user)
    bulletin = get_object_or_404(Bulletin.objects.visible_to(request.user).select_related("region"), pk=pk)
    response = HttpResponse(bulletins.trend_png(bulletin), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def bulletin_docx(request, pk):
    _staff(request.user)
    bulletin = get_object_or_404(Bulletin.objects.visible_to(request.user).select_related("region"), pk=pk)
    name = f"{bulletin.region.name}-{bulletin.week_start:%Y%m%d}-v{bulletin.version}.docx"
    response = HttpResponse(bulletins.to_docx(bulletin), content_type=DOCX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"bulletin-{bulletin.week_start:%Y%m%d}.docx\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
@require_POST
def bulletin_review(request, pk):
    """审核 a draft version (by an officer other than the one who generated it)."""
    user = request.user
    bulletin = get_object_or_404(Bulletin.objects.visible_to(user), pk=pk)
    with refusals(request, only=(InvalidState, StepRefused)):
        bulletins.review(bulletin, user)
        messages.success(request, _("简报已审核，请由另一名工作人员核对后发布。"))
    return redirect(bulletin)


@login_required
def bulletin_publish(request, pk):
    """GET: the confirmation page, the figures exactly as they will be published; POST with the
    confirmation: publish."""
    user = request.user
    bulletin = get_object_or_404(Bulletin.objects.visible_to(user).select_related("region"), pk=pk)
    require_standing(user, "dashboards.publish_bulletin", bulletin)
    if request.method == "POST":
        if not confirmed(request.POST):
            messages.error(request, _("请核对公布内容并勾选确认后再公布。"))
            return redirect("dashboards:bulletin_publish", pk=bulletin.pk)
        with refusals(request, only=(InvalidState, StepRefused)) as outcome:
            bulletins.publish(bulletin, user)
        if outcome.error:
            return redirect("dashboards:bulletin_publish", pk=bulletin.pk)
        messages.success(request, _("简报已发布。"))
        return redirect(bulletin)
    refusal = permission_refusal(user, "dashboards.publish_bulletin", bulletin)
    if bulletin.status != BulletinStatus.DRAFT:
        refusal = _("该简报已发布，不能重复发布。")
    elif bulletin.reviewed_at is None:
        refusal = _("该简报尚未审核，审核后才能发布。")
    context = {
        "bulletin": bulletin,
        "d": bulletins.localized(bulletin.data),
        "refusal": refusal,
        "people": [
            person_row(_("生成人"), bulletin.created_by, bulletin.created, nobody=_("系统（每周自动生成）")),
            person_row(_("审核人"), bulletin.reviewed_by, bulletin.reviewed_at),
        ],
        "action": request.path,
        "back": bulletin.get_absolute_url(),
        "button": _("确认发布简报"),
        "statement": _("我已核对以上各项数字，确认发布本期简报。"),
    }
    return render(request, "dashboards/bulletin_publish.html", context)
