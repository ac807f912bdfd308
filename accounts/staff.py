"""Staff accounts managed on the portal (账号管理).

Administrators and city/district bureau officers manage the staff accounts of their
jurisdiction: they see them through ``User.objects.visible_to`` (officers: the accounts whose home
region lies in their subtree), create them, assign a role and a region at or below their own,
deactivate and reactivate them and reset their passwords. Nobody grants what they do not hold:
a district officer cannot make a city officer or an administrator, nor place an account outside
the district, and nobody manages their own account here (no self-promotion, no lock-out).
Every change is recorded in the audit log.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import record
from .choices import AuditAction, Role
from .models import User

# Roles managed here; enterprise users belong to their enterprise's registry.
STAFF_ROLES = (
    Role.ADMINISTRATOR,
    Role.CITY_OFFICER,
    Role.DISTRICT_OFFICER,
    Role.STREET_OFFICER,
    Role.COMMUNITY_OFFICER,
    Role.DEPARTMENT_LIAISON,
)
# What each kind of manager may assign: their own level and below.
ASSIGNABLE = {
    Role.ADMINISTRATOR: STAFF_ROLES,
    Role.CITY_OFFICER: STAFF_ROLES[1:],
    Role.DISTRICT_OFFICER: STAFF_ROLES[2:],
}
# Fields a manager may change; anything else (superuser, permissions …) stays with Django admin.
EDITABLE = ("last_name", "email", "phone", "role", "region", "department")
# Generated passwords: no characters that read alike (0/O, 1/l/I).
ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def can_manage_accounts(user) -> bool:
    """Administrators and city/district bureau officers."""
    return bool(user and user.is_authenticated and user.is_active and user.is_bureau_officer)


def assignable_roles(actor) -> tuple[str, ...]:
    if not can_manage_accounts(actor):
        return ()
    return ASSIGNABLE[Role.ADMINISTRATOR if actor.sees_everything else actor.role]


def manageable(actor):
    """The staff accounts ``actor`` may manage (their own included only to be listed)."""
    return User.objects.visible_to(actor).filter(role__in=STAFF_ROLES)


def _require_manager(actor) -> None:
    if not can_manage_accounts(actor):
        raise PermissionDenied(_("只有系统管理员和市、区（县）主管部门可以管理账号。"))


def _require_account(actor, account) -> None:
    _require_manager(actor)
    if account.pk == actor.pk:
        raise PermissionDenied(_("不能在此修改自己的账号。"))
    if account.role not in assignable_roles(actor) or not manageable(actor).filter(pk=account.pk).exists():
        raise PermissionDenied(_("该账号不在您的管理范围内。"))


def check_assignment(actor, *, role, region=None, department=None) -> None:
    """Refuse a role above the actor's own or a place outside the actor's jurisdiction."""
    _require_manager(actor)
    if role not in assignable_roles(actor):
        raise PermissionDenied(_("不能授予高于本人的角色。"))
    place = department.region if (role == Role.DEPARTMENT_LIAISON and department is not None) else region
    if role != Role.ADMINISTRATOR and place is not None and not actor.supervises(place.path):
        raise PermissionDenied(_("所属区域不在您的辖区内。"))


def generate_password() -> str:
    """A one-time password from the OS's CSPRNG: four groups of four, e.g. ``kP7x-…``."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(4))


def _place(account, *, role, region, department) -> None:
    account.role = role
    account.region = None if role == Role.ADMINISTRATOR else region
    account.department = department if role == Role.DEPARTMENT_LIAISON else None
    account.enterprise = None
    if role != Role.ADMINISTRATOR:  # a demoted administrator keeps no way into everything
        account.is_superuser = account.is_staff = False


def create(actor, *, username, role, region=None, department=None, password=None, request=None, **fields):
    """A new staff account; returns ``(account, password)`` — the password is shown once and
    never stored in clear. Raises ``PermissionDenied`` or ``ValidationError``."""
    check_assignment(actor, role=role, region=region, department=department)
    account = User(username=username, **{k: v for k, v in fields.items() if k in EDITABLE})
    _place(account, role=role, region=region, department=department)
    password = password or generate_password()
    validate_password(password, account)
    account.set_password(password)
    account.full_clean()
    with transaction.atomic():
        account.save()
        record(AuditAction.ACCOUNT_CREATED, request=request, actor=actor, object_repr=account.username, role=role)
    return account, password


def update(actor, account, *, request=None, **fields) -> User:
    """Change name, contact, role and place; the new role and place are checked like a new account's."""
    _require_account(actor, account)
    role = fields.get("role", account.role)
    region = fields.get("region", account.region)
    department = fields.get("department", account.department)
    check_assignment(actor, role=role, region=region, department=department)
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=account.pk)
        before = {name: str(getattr(account, name) or "") for name in EDITABLE}
        for name in ("last_name", "email", "phone"):
            if name in fields:
                setattr(account, name, fields[name])
        _place(account, role=role, region=region, department=department)
        account.full_clean(exclude=["password"])
        account.save()
        after = {name: str(getattr(account, name) or "") for name in EDITABLE}
        changed = {k: [before[k], after[k]] for k in EDITABLE if before[k] != after[k]}
        record(AuditAction.ACCOUNT_CHANGED, request=request, actor=actor, object_repr=account.username, **changed)
    return account


def set_active(actor, account, active: bool, *, request=None) -> User:
    """Deactivate (the user's sessions and API token stop working at once) or reactivate."""
    _require_account(actor, account)
    with transaction.atomic():
        User.objects.filter(pk=account.pk).update(is_active=active)
        action = AuditAction.ACCOUNT_ACTIVATED if active else AuditAction.ACCOUNT_DEACTIVATED
        record(action, request=request, actor=actor, object_repr=account.username)
    account.is_active = active
    return account


def reset_password(actor, account, password=None, *, request=None) -> str:
    """Set ``password`` (validated) or a generated one; the API token is revoked and a login
    lock-out cleared. Returns the password to hand over once."""
    from rest_framework.authtoken.models import Token

    _require_account(actor, account)
    password = password or generate_password()
    validate_password(password, account)
    with transaction.atomic():
        account.set_password(password)
        account.save(update_fields=["password"])
        Token.objects.filter(user=account).delete()
        record(AuditAction.PASSWORD_RESET, request=request, actor=actor, object_repr=account.username)
    try:
        from axes.utils import reset

        reset(username=account.username)
    except Exception:  # noqa: BLE001 - a lock-out that stays is no reason to fail the reset
        pass
    return password
