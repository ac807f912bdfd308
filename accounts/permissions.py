"""Who may do what, beyond what they may see (``core.scoping``)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_bureau_officer(user, action: str = "") -> None:
    """Refuse unless ``user`` is a city/district bureau officer or an administrator."""
    if not user.is_bureau_officer:
        raise PermissionDenied(
            _("只有市、区（县）住建主管部门可以%(action)s。") % {"action": action or _("执行此操作")}
        )


def require_staff_side(user) -> None:
    if not user.is_staff_side:
        raise PermissionDenied(_("该页面仅供主管部门工作人员使用。"))
