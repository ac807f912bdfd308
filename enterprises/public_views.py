"""The public enterprise directory (企业名录)."""

from django.shortcuts import get_object_or_404, render

from core.pagination import paginate

from .filtersets import PublicEnterpriseFilterSet
from .models import Enterprise


def directory(request):
    filterset = PublicEnterpriseFilterSet(
        request.GET or None, queryset=Enterprise.objects.public().select_related("region").order_by("name")
    )
    page = paginate(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/enterprise_directory.html",
        {"filterset": filterset, "page_obj": page, "querystring": query.urlencode()},
    )


def enterprise_detail(request, uscc):
    enterprise = get_object_or_404(
        Enterprise.objects.public().select_related("region__parent").prefetch_related("certifications"), uscc=uscc
    )
    projects = enterprise.projects.select_related("region").order_by("name")
    return render(
        request,
        "public/enterprise_detail.html",
        {"enterprise": enterprise, "projects": projects[:100], "project_count": projects.count()},
    )
