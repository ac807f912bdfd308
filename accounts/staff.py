"""Staff accounts managed on the portal (账号管理).

Account managers (账号管理员: administrators, and city/district bureau accounts granted
``can_manage_accounts``) manage the staff accounts of their jurisdiction: they see them through
``User.objects.visible_to``, create them, assign a role and a region at or below their own,
grant account management downwards, deactivate and reactivate them and set one-time passwords.
Who may act on which account is one rule, ``accounts.permissions.may``, asked here for the
account as it is and as it would become. Every change is recorded in the audit log.

A password set by someone else is one-time: the account must choose its own at the next
sign-in (``must_change_password``, enforced by ``accounts.middleware``).
"""

from __future__ import annotations

import copy
import secrets

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import record
from core.choices import AuditAction
from regions.models import Region

from . import permissions
from .choices import Role
from .models import Department, User
from .permissions import RANK

# Roles managed here; enterprise users belong to their enterprise's registry.
STAFF_ROLES = (
    Role.ADMINISTRATOR,
    Role.CITY_OFFICER,
    Role.DISTRICT_OFFICER,
    Role.STREET_OFFICER,
    Role.COMMUNITY_OFFICER,
    Role.DEPARTMENT_LIAISON,
    Role.INSPECTOR,
)
# Fields a manager may change; anything else (superuser, permissions …) stays with Django admin.
EDITABLE = ("last_name", "email", "phone", "role", "region", "department", "can_manage_accounts")
# Generated passwords: no characters that read alike (0/O, 1/l/I).
ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def can_manage_accounts(user) -> bool:
    """Holds account management (账号管理员); which accounts: ``permissions.may``."""
    return bool(user and user.is_authenticated and user.holds_account_management)


def assignable_roles(actor) -> tuple[str, ...]:
    """The roles ``actor`` may give: their own rank and below (the form's choices), less a
    department liaison when no department lies in their jurisdiction (:func:`liaison_refusal`)."""
    if not can_manage_accounts(actor):
        return ()
    own = RANK[Role.ADMINISTRATOR if actor.sees_everything else actor.role]
    roles = tuple(role for role in STAFF_ROLES if RANK[role] >= own)
    if Role.DEPARTMENT_LIAISON in roles and liaison_refusal(actor):
        roles = tuple(role for role in roles if role != Role.DEPARTMENT_LIAISON)
    return roles


def liaison_departments(actor):
    """The departments whose liaisons ``actor`` may place: those registered in their jurisdiction
    (a liaison stands where the department does, ``permissions.refusal``)."""
    return Department.objects.visible_to(actor).filter(region__in=Region.objects.visible_to(actor))


def liaison_refusal(actor) -> str | None:
    """Why ``actor`` cannot create a department liaison although the role is within their rank:
    a liaison belongs to a department, and none is registered in their jurisdiction."""
    if liaison_departments(actor).exists():
        return None
    return _(
        "本辖区没有登记的相关部门，不能新建相关部门联络员账号：联络员由部门所在辖区的账号管理员创建，部门由系统管理员登记。"
    )


def may_grant_account_management(actor) -> bool:
    """Whether ``actor`` can grant account management to anybody at all: an administrator, or a
    city holder (to the districts below). A district's accounts below it are street and
    community accounts, which cannot hold it (``permissions.may``)."""
    return can_manage_accounts(actor) and (actor.sees_everything or actor.role == Role.CITY_OFFICER)


def manageable(actor):
    """The staff accounts ``actor`` may see here (their own and their peers' only to be listed)."""
    return User.objects.visible_to(actor).filter(role__in=STAFF_ROLES)


def _proposed(account, *, role, region, department, can_manage_accounts) -> User:
    """``account`` as it would be after the change, for ``permissions.may`` (not saved)."""
    proposed = copy.copy(account)
    proposed.can_manage_accounts = can_manage_accounts
    _place(proposed, role=role, region=region, department=department)
    return proposed


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
    if account.role not in (Role.ADMINISTRATOR, Role.CITY_OFFICER, Role.DISTRICT_OFFICER):
        account.can_manage_accounts = False  # the grant goes with the bureau role


def _shown(value) -> str:
    return "" if value is None else str(value)


def _locked(account) -> User:
    """The account's row, locked for the change, with what ``permissions.may`` reads."""
    return (
        User.objects.select_for_update(of=("self",)).select_related("region", "department__region").get(pk=account.pk)
    )


def create(actor, *, username, role, region=None, department=None, password=None, request=None, **fields):
    """A new staff account; returns ``(account, password)`` — the password is shown once and
    never stored in clear, and the account must replace it at its first sign-in. Raises
    ``PermissionDenied`` or ``ValidationError``; nothing is saved then."""
    account = User(username=username, **{k: v for k, v in fields.items() if k in EDITABLE})
    _place(account, role=role, region=region, department=department)
    permissions.require(actor, "create_account", account)
    password = password or generate_password()
    validate_password(password, account)
    account.set_password(password)
    account.must_change_password = True
    account.full_clean()
    with transaction.atomic():
        account.save()
        record(
            AuditAction.ACCOUNT_CREATED,
            request=request,
            actor=actor,
            object_repr=account.username,
            role=role,
            can_manage_accounts=account.can_manage_accounts,
        )
    return account, password


def update(actor, account, *, request=None, **fields) -> User:
    """Change name, contact, role, place and the account-management grant; ``permissions.may``
    is asked for the account as it is and as it would become, on the locked row."""
    with transaction.atomic():
        account = _locked(account)
        permissions.require(actor, "change_account", account)
        proposed = _proposed(
            account,
            role=fields.get("role", account.role),
            region=fields.get("region", account.region),
            department=fields.get("department", account.department),
            can_manage_accounts=fields.get("can_manage_accounts", account.can_manage_accounts),
        )
        permissions.require(actor, "change_account", proposed)
        before = {name: _shown(getattr(account, name)) for name in EDITABLE}
        for name in ("last_name", "email", "phone"):
            if name in fields:
                setattr(proposed, name, fields[name])
        proposed.full_clean(exclude=["password"])
        proposed.save()
        after = {name: _shown(getattr(proposed, name)) for name in EDITABLE}
        changed = {k: [before[k], after[k]] for k in EDITABLE if before[k] != after[k]}
        record(AuditAction.ACCOUNT_CHANGED, request=request, actor=actor, object_repr=proposed.username, **changed)
    return proposed


def set_active(actor, account, active: bool, *, request=None) -> User:
    """Deactivate (the user's sessions and API token stop working at once) or reactivate."""
    with transaction.atomic():
        locked = _locked(account)
        permissions.require(actor, "deactivate", locked)
        User.objects.filter(pk=account.pk).update(is_active=active)
        action = AuditAction.ACCOUNT_ACTIVATED if active else AuditAction.ACCOUNT_DEACTIVATED
        record(action, request=request, actor=actor, object_repr=account.username)
    account.is_active = active
    return account


def reset_password(actor, account, password=None, *, request=None) -> str:
    """Set ``password`` (validated) or a generated one, as a one-time password: the account must
    choose its own at the next sign-in. The API token is revoked and a login lock-out cleared.
    Returns the password to hand over once."""
    from rest_framework.authtoken.models import Token

    password = password or generate_password()
    with transaction.atomic():
        account = _locked(account)
        permissions.require(actor, "set_password", account)
        validate_password(password, account)
        account.set_password(password)
        account.must_change_password = True
        account.save(update_fields=["password", "must_change_password"])
        Token.objects.filter(user=account).delete()
        record(AuditAction.PASSWORD_RESET, request=request, actor=actor, object_repr=account.username)
    try:
        from axes.utils import reset

        reset(username=account.username)
    except Exception:  # noqa: BLE001 - a lock-out that stays is no reason to fail the reset
        pass
    return password


def change_own_password(user, password, *, request=None) -> None:
    """The user chose their own password (validated by the form): the one-time flag is cleared."""
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record(AuditAction.PASSWORD_CHANGED, request=request, actor=user, object_repr=user.username)
