from django.shortcuts import redirect, render

from enterprises.choices import ChangeRequestStatus
from enterprises.models import Enterprise, ProfileChangeRequest
from projects.coverage import coverage_for_user
from projects.models import Project, Region


def home(request):
    """The workbench of a signed-in user; residents are sent to the public pages."""
    user = request.user
    if not user.is_authenticated:
        return redirect("public:home")
    context = {}
    if user.is_staff_side:
        context.update(
            region_count=Region.objects.visible_to(user).count(),
            project_count=Project.objects.visible_to(user).count(),
            enterprise_count=Enterprise.objects.visible_to(user).count(),
            report=coverage_for_user(user),
        )
        if user.is_bureau_officer:
            context["pending_changes"] = (
                ProfileChangeRequest.objects.visible_to(user).filter(status=ChangeRequestStatus.PENDING).count()
            )
    elif user.is_enterprise_user:
        context.update(
            enterprise=Enterprise.objects.visible_to(user).first(),
            project_count=Project.objects.visible_to(user).count(),
            pending_changes=ProfileChangeRequest.objects.visible_to(user)
            .filter(status=ChangeRequestStatus.PENDING)
            .count(),
        )
    return render(request, "workbench.html", context)
