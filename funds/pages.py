"""Which fund page a user is sent to for a project: the staff's page of the project's fund when
the user is an officer or enterprise user who sees the project, otherwise the fund panel of the
project's public page (what residents see)."""

from __future__ import annotations

from django.urls import reverse

from projects.models import Project

from .permissions import works_with_funds

PUBLIC_ANCHOR = "funds"  # the id of the fund panel on the public page (funds/public/project_panel.html)


def fund_page_url(project, user=None) -> str:
    if works_with_funds(user) and Project.objects.visible_to(user).filter(pk=project.pk).exists():
        return reverse("funds:project", args=[project.pk])
    return f"{reverse('public:project_detail', args=[project.code])}#{PUBLIC_ANCHOR}"
