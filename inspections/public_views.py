"""Published random draws (一公开): which projects, when, from which seed and pool.
Inspectors' names are shown to staff only."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.models import User
from core.pagination import paginate
from enterprises.models import Enterprise
from projects.choices import ManagementMode, ProjectType

from .draws import POOL_FILTERS
from .models import Draw


def draw_list(request):
    draws = Draw.objects.published().select_related("region").order_by("-published_at")
    return render(request, "inspections/public/draw_list.html", {"page_obj": paginate(request, draws)})


def draw_detail(request, pk):
    draw = get_object_or_404(Draw.objects.published().select_related("region"), pk=pk)
    results = list(draw.results.select_related("project__region", "project__enterprise"))
    staff = request.user.is_authenticated and request.user.is_staff_side
    if staff:
        ids = {i for r in results for i in r.inspectors}
        names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=ids)}
        for r in results:
            r.inspector_names = [names.get(i, str(i)) for i in r.inspectors]
    context = {"draw": draw, "results": results, "staff": staff, "filters": _filters(draw)}
    return render(request, "inspections/public/draw_detail.html", context)


def draw_data(request, pk):
    """Everything needed to re-run the draw (see inspections.draws for the algorithm)."""
    draw = get_object_or_404(Draw.objects.published(), pk=pk)
    return JsonResponse(
        {
            "id": draw.pk,
            "seed": draw.seed,
            "project_count": draw.project_count,
            "inspectors_per_project": draw.inspectors_per_project,
            "pool_filters": draw.pool_filters,
            "pool": draw.frozen_pool,
            "inspectors": draw.frozen_inspectors,
            "result": [
                {"rank": r.rank, "project": r.project_id, "inspectors": r.inspectors} for r in draw.results.all()
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _filters(draw):
    """The draw's pool conditions as people read them: a named condition and its values."""
    names = {
        "project_type": _("项目类型"),
        "management_mode": _("管理模式"),
        "enterprise": _("物业服务企业"),
        "key_supervision": _("只抽重点监管企业的项目"),
    }
    labels = {"project_type": dict(ProjectType.choices), "management_mode": dict(ManagementMode.choices)}
    rows = []
    for key, values in (draw.pool_filters or {}).items():
        if key not in POOL_FILTERS:
            continue
        if key == "key_supervision":
            values = [_("是") if values else _("否")]
        elif key == "enterprise":
            values = list(Enterprise.objects.filter(pk__in=values).order_by("name").values_list("name", flat=True))
        else:
            values = [str(labels.get(key, {}).get(v, v)) for v in values]
        rows.append((names.get(key, key), values))
    return rows
