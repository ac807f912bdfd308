"""Who may do what, beyond what they may see (``core.scoping``).

Account actions follow one rule, :func:`may` (docs/permissions.md says the same):

``may(user, action, target)`` for ``action`` in :data:`ACCOUNT_ACTIONS` — ``create_account``
(``target`` is the unsaved account as it would be created), ``change_account`` (asked for the
account as it is *and* as it would become), ``set_password`` and ``deactivate`` (also
reactivate) — is true exactly when all of these hold:

1. ``user`` holds account management (账号管理员, :attr:`User.holds_account_management`): an
   administrator, or a city/district bureau account granted ``can_manage_accounts`` explicitly.
   Inspectors (检查员), street and community officers, liaisons and enterprise users never do.
2. ``target`` is a staff account (not an enterprise user: those belong to their enterprise)
   and not ``user`` itself (no self-promotion, no lock-out; one's own password is changed on
   the change-password page).
3. Only an administrator acts on an administrator, or makes one.
4. Otherwise ``target``'s place (home region; a liaison's is the department's region) lies
   inside ``user``'s home region (region path prefix), and ``target``'s role is ``user``'s own
   role or below (city > district > street > community; liaisons and inspectors are placed by
   their region only): a district never touches a city account nor another district's.
5. An account at ``user``'s own region is changed only when it does not hold account management
   itself: a holder is managed only from a region strictly above (the city manages the
   district's main account; the district does not manage its peer holders, and an inspection
   account at the district manages nobody). Granting or revoking account management is the
   same: only a holder of a region strictly above the target's region, or an administrator.

Refusals raise ``PermissionDenied`` with the reason in Chinese (:func:`require`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core import permissions as portal_permissions

from .choices import Role

ACCOUNT_ACTIONS = ("create_account", "change_account", "set_password", "deactivate")
# Staff roles from the top down; a manager reaches their own rank and below.
RANK = {
    Role.ADMINISTRATOR: 0,
    Role.CITY_OFFICER: 1,
    Role.DISTRICT_OFFICER: 2,
    Role.STREET_OFFICER: 3,
    Role.COMMUNITY_OFFICER: 4,
    # Placed by their region alone: whoever manages the region manages them.
    Role.DEPARTMENT_LIAISON: 5,
    Role.INSPECTOR: 5,
}


def _place_path(account) -> str | None:
    if account.role == Role.DEPARTMENT_LIAISON and account.department_id:
        return account.department.region.path
    return account.region.path if account.region_id else None


def refusal(user, action: str, target) -> str | None:
    """Why ``user`` may not take account ``action`` on ``target``; ``None`` when they may."""
    if action not in ACCOUNT_ACTIONS:
        raise ValueError(f"unknown account action {action!r}")
    if not (user and user.is_authenticated and user.holds_account_management):
        return _("只有账号管理员可以管理账号。")
    if target.role not in RANK:
        return _("该账号不在您的管理范围内。")
    if target.pk is not None and target.pk == user.pk:
        return _("不能在此修改自己的账号。")
    if user.sees_everything:
        return None
    if target.role == Role.ADMINISTRATOR or target.is_superuser:
        return _("只有系统管理员可以管理系统管理员账号。")
    if RANK[target.role] < RANK[user.role]:
        return _("不能授予或管理高于本人的角色。")
    place, home = _place_path(target), user.region_path
    if not place or not home or not place.startswith(home):
        return _("该账号的所属区域不在您的辖区内。")
    if target.can_manage_accounts and place == home:
        return _("同级的账号管理员只能由上级账号管理员或系统管理员管理。")
    return None


def _rule(action: str) -> portal_permissions.Rule:
    # Registered like every other action (the table in docs/permissions.md, the table test); the rule's
    # check is this module's refusal, which decides everything the rule above it does not.
    def place(target) -> portal_permissions.Place:
        return portal_permissions.Place(region_path=_place_path(target) or None)

    labels = {
        "create_account": _lazy("新建账号"),
        "change_account": _lazy("修改账号"),
        "set_password": _lazy("重置账号密码"),
        "deactivate": _lazy("停用或启用账号"),
    }
    return portal_permissions.Rule(
        f"accounts.{action}",
        labels[action],
        portal_permissions.BUREAU,
        place,
        check=lambda user, target: refusal(user, action, target),
        note=_lazy("持有账号管理权限（账号管理员）者，对其辖区内不高于本人角色的账号"),
    )


portal_permissions.register(*(_rule(action) for action in ACCOUNT_ACTIONS))


def may(user, action: str, target) -> bool:
    """Whether ``user`` may take account ``action`` on ``target`` (see the module docstring)."""
    return refusal(user, action, target) is None


def require(user, action: str, target) -> None:
    """Raise ``PermissionDenied`` with the reason unless :func:`may`."""
    reason = refusal(user, action, target)
    if reason is not None:
        raise PermissionDenied(reason)
