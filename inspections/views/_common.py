"""What the inspections pages share: the staff-only guard."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def _staff(request):
    if not request.user.is_staff_side:
        raise PermissionDenied(_("该页面仅供主管部门工作人员使用。"))
