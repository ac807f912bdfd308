"""Resident-facing pages: no account, mobile first, only what the bureau discloses."""

from django.shortcuts import get_object_or_404, render

from .models import Project

PUBLIC_RESULTS = 20


def home(request):
    return render(request, "public/home.html", {"q": request.GET.get("q", "")})


def project_search(request):
    """Compounds holding every word of the text in their name, address, street or community,
    best matches first; htmx gets just the result list."""
    q = request.GET.get("q", "").strip()
    results = []
    if len(q) >= 2:
        found = Project.objects.search(q).by_relevance(q).select_related("region__parent__parent", "enterprise")
        results = list(found[:PUBLIC_RESULTS])
    template = "public/_project_results.html" if request.htmx else "public/project_search.html"
    return render(request, template, {"q": q, "results": results, "too_short": 0 < len(q) < 2})


def project_detail(request, code):
    project = get_object_or_404(Project.objects.select_related("region__parent", "enterprise__region"), code=code)
    return render(request, "public/project_detail.html", {"project": project})
