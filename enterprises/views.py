from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from core.files import serve
from core.permissions import may
from core.text import join_messages
from core.views import ImportView, RoleRequiredMixin, ScopedDetailView, ScopedListView, StaffOnlyMixin

from . import profile
from .filtersets import ChangeRequestFilterSet, EnterpriseFilterSet
from .forms import ProfileChangeForm, ReviewForm
from .importing import ENTERPRISE_COLUMNS, import_enterprises
from .models import ChangeRequestAttachment, Enterprise, ProfileChangeRequest


class EnterpriseListView(StaffOnlyMixin, ScopedListView):
    model = Enterprise
    filterset_class = EnterpriseFilterSet
    template_name = "enterprises/enterprise_list.html"
    export_columns = ENTERPRISE_COLUMNS
    export_name = "物业服务企业"

    def base_queryset(self):
        return Enterprise.objects.select_related("region").prefetch_related("certifications")


class EnterpriseDetailView(ScopedDetailView):
    model = Enterprise
    template_name = "enterprises/enterprise_detail.html"

    def base_queryset(self):
        return Enterprise.objects.select_related("region__parent").prefetch_related("certifications")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        projects = self.object.projects.visible_to(user).select_related("region")
        context["projects"] = projects[:50]
        context["project_count"] = projects.count()
        context["change_requests"] = history(self.object, user)
        context["can_request_change"] = may(user, "enterprises.request_change", self.object)
        return context


def history(enterprise, user):
    """The enterprise's change requests with readable before/after rows, newest first."""
    changes = list(
        ProfileChangeRequest.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("requested_by", "reviewed_by")
    )
    for change in changes:
        change.enterprise = enterprise
        change.rows = profile.describe(change)
    return changes


class EnterpriseImportView(ImportView):
    importer = staticmethod(import_enterprises)
    action = "enterprises.import_enterprises"
    title = gettext_lazy("导入物业服务企业")
    columns = ENTERPRISE_COLUMNS
    success_url_name = "enterprises:enterprise_list"


class EnterpriseUserMixin(RoleRequiredMixin):
    def allowed(self, user):
        return user.is_enterprise_user


def my_enterprise(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not request.user.is_enterprise_user:
        raise PermissionDenied(_("该页面仅供企业用户使用。"))
    return redirect("enterprises:enterprise_detail", pk=request.user.enterprise_id)


class ChangeRequestCreateView(EnterpriseUserMixin, FormView):
    form_class = ProfileChangeForm
    template_name = "enterprises/change_request_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = get_object_or_404(Enterprise.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return kwargs

    def form_valid(self, form):
        enterprise = form.instance
        # The form wrote the new values onto its instance; start again from the stored row.
        enterprise.refresh_from_db()
        try:
            change = profile.request_change(
                enterprise,
                actor=self.request.user,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                request=self.request,
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("变更申请已提交，等待主管部门审核。"))
        return redirect("enterprises:change_request_detail", pk=change.pk)


class ChangeRequestListView(ScopedListView):
    model = ProfileChangeRequest
    filterset_class = ChangeRequestFilterSet
    template_name = "enterprises/change_request_list.html"

    def allowed(self, user):
        return user.is_bureau_officer or user.is_enterprise_user

    def base_queryset(self):
        return ProfileChangeRequest.objects.select_related("enterprise", "requested_by", "reviewed_by")


class ChangeRequestDetailView(ScopedDetailView):
    model = ProfileChangeRequest
    template_name = "enterprises/change_request_detail.html"

    def allowed(self, user):
        return user.is_bureau_officer or user.is_enterprise_user

    def base_queryset(self):
        return ProfileChangeRequest.objects.select_related("enterprise", "requested_by", "reviewed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = profile.describe(self.object)
        context["review_form"] = ReviewForm()
        context["attachments"] = self.object.attachments.all()
        return context


@require_POST
def change_request_action(request, pk, action):
    """Approve, reject or withdraw a change request (POST only)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if action not in ("approve", "reject", "withdraw"):
        raise Http404
    change = get_object_or_404(ProfileChangeRequest.objects.visible_to(request.user), pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if action == "approve":
            profile.approve(change, actor=request.user, note=note, request=request)
            messages.success(request, _("已批准，企业信息已更新。"))
        elif action == "reject":
            profile.reject(change, actor=request.user, note=note, request=request)
            messages.success(request, _("已驳回该申请。"))
        else:
            profile.withdraw(change, actor=request.user)
            messages.success(request, _("已撤回该申请。"))
    except ValidationError as error:
        messages.error(request, join_messages(error.messages))
    return redirect("enterprises:change_request_detail", pk=change.pk)


@login_required
def change_attachment(request, pk):
    """A change request's supporting document, to those who may see the request; 404 for others."""
    if not (request.user.is_bureau_officer or request.user.is_enterprise_user):
        raise PermissionDenied
    return serve(request, ChangeRequestAttachment.objects, pk)
