"""“我的导出”: the signed-in user's background exports and their downloads."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView

from .choices import ExportStatus
from .models import Export
from .views import ScopedMixin
from .xlsx import XLSX_CONTENT_TYPE


class ExportListView(ScopedMixin, ListView):
    """The user's own background exports; the page refreshes itself while any is still being built."""

    model = Export
    template_name = "core/exports.html"
    paginate_by = 25

    def get_queryset(self):
        return super().get_queryset().filter(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["any_active"] = any(export.is_active for export in context["object_list"])
        context["retention_days"] = settings.EXPORT_RETENTION_DAYS
        return context


@login_required
def export_download(request, pk):
    export = get_object_or_404(Export.objects.visible_to(request.user), pk=pk, status=ExportStatus.DONE)
    if not export.file:
        raise Http404
    stamp = timezone.localtime(export.finished or export.created).strftime("%Y%m%d-%H%M")
    name = f"{export.name}-{stamp}.xlsx"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)
