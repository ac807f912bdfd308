"""Base views: scoping applied once, so a page cannot forget it.

``ScopedMixin.get_queryset`` returns ``visible_to(request.user)`` of the view's base queryset;
detail views built on it answer 404 for anything outside the user's scope. List views add a
django-filter FilterSet, pagination and an Excel export of exactly what the list shows
(``?export=xlsx`` keeps the current filters; a large one is built by a worker, see
:mod:`core.exports`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from . import exports
from .forms import UploadForm, bind_pickers, bootstrapify
from .permissions import may
from .signals import list_exported
from .xlsx import ImportRejected, xlsx_response


class RoleRequiredMixin(LoginRequiredMixin):
    """Refuse (403) users whose role the page is not for; ``allowed(user)`` decides."""

    denied_message = ""

    def allowed(self, user) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            raise PermissionDenied(self.denied_message or _("您的角色无权访问该页面。"))
        return super().dispatch(request, *args, **kwargs)


class StaffOnlyMixin(RoleRequiredMixin):
    def allowed(self, user):
        return user.is_staff_side


class BureauOfficerMixin(RoleRequiredMixin):
    def allowed(self, user):
        return user.is_bureau_officer


class ScopedMixin(RoleRequiredMixin):
    """``get_queryset`` = ``base_queryset().visible_to(user)``; override ``base_queryset``."""

    model = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().visible_to(self.request.user)


class ScopedDetailView(ScopedMixin, DetailView):
    pass


class CappedPaginator(Paginator):
    """Counts at most ``CAP`` rows (``共 10000+ 条``): a province-wide list or a common search
    term matches hundreds of thousands of rows, and counting them all took longer than the page
    (500 ms at province scale). The pages stop one past the cap: narrow the filters; the Excel
    export still holds every row."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        first = self.object_list[: self.CAP + 1]
        return first.count() if isinstance(first, QuerySet) else len(first)

    @property
    def shown_count(self) -> str:
        return f"{self.CAP}+" if self.count > self.CAP else str(self.count)


class ScopedListView(ScopedMixin, ListView):
    """A filtered, paginated, exportable list of what the user may see."""

    filterset_class = None
    paginate_by = 25
    paginator_class = CappedPaginator
    export_columns: list | None = None
    export_name = ""

    def get_filterset(self):
        return self.filterset_class(self.request.GET or None, queryset=super().get_queryset(), request=self.request)

    def get_queryset(self):
        if self.filterset_class is None:
            return super().get_queryset()
        self.filterset = self.get_filterset()
        # An invalid filter value shows the error on the form and an empty list, never everything.
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_columns:
            queryset = self.get_queryset()
            list_exported.send(type(self), request=request, name=self.export_name, filters=request.GET.dict())
            if exports.fits_inline(queryset):
                return xlsx_response(self.export_name, self.export_columns, queryset.iterator(chunk_size=2000))
            exports.start(self, name=self.export_name)
            messages.info(
                request,
                _("数据超过 %(n)d 行，已转为后台生成，完成后可在“我的导出”中下载。")
                % {"n": settings.EXPORT_INLINE_MAX_ROWS},
            )
            return redirect("exports:list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = getattr(self, "filterset", None)
        if context["filterset"] is not None:
            bind_pickers(bootstrapify(context["filterset"].form), self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context["querystring"] = query.urlencode()
        return context


class ImportView(RoleRequiredMixin, FormView):
    """Upload a workbook; on any bad row show every row error and save nothing. ``action`` names
    the permission rule (``core.permissions``) the importer asks too."""

    template_name = "import.html"
    action = ""
    importer = None  # callable(upload, *, user, request) -> {"created": n, "updated": m}
    title = ""
    columns: list = []
    success_url_name = ""

    form_class = UploadForm

    def allowed(self, user):
        return may(user, self.action)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, columns=self.columns)
        return context

    def form_valid(self, form):
        try:
            result = self.importer(form.cleaned_data["file"], user=self.request.user, request=self.request)
        except ImportRejected as rejected:
            return self.render_to_response(self.get_context_data(form=form, row_errors=rejected.errors))
        messages.success(self.request, _("导入成功：新增 %(created)d 条，更新 %(updated)d 条。") % result)
        return redirect(self.success_url_name)
