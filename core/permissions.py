"""Who may take which action on what: one rule per action, asked through :func:`may`.

Reading is ``Model.objects.visible_to(user)`` (:mod:`core.scoping`); writing is
``may(user, action, obj)``. Each app declares, in its ``permissions.py``, one :class:`Rule` per
action it offers — the roles that may take it and the object's one **jurisdiction**
(:class:`Place`) — and registers them when the app is ready. Pages, API actions, admin actions
and the business functions behind them all ask the same rule, so a button shown, a request
accepted and a function run cannot disagree.

A rule lets ``user`` act on ``obj`` when all of these hold:

1. ``user`` is signed in and active;
2. ``user`` is an administrator, or holds one of the rule's ``roles`` and stands in the object's
   place: an enterprise user for its own enterprise, a department liaison for its own
   department, any other staff role when its home region contains the object's region
   (a region's path begins with its parents' paths: a district acts in its own district and the
   streets below it, never in a sibling district nor in the city above it). A place for the
   whole portal (``Place(portal=True)``) is the city's: only city officers stand in it; a
   place naming people (``Place(people=…)``, the inspectors of an inspection) holds just them.
   A rule whose place is ``None`` (:data:`ANYWHERE`: imports, whose rows are each checked
   against the importer's region as they land) asks the role alone;
3. the rule's extra ``check`` (what a workflow asks of the person, such as a second officer
   for publication: ``core.publication``) has no objection.

Refusals give the reason in Chinese (:func:`refusal`, :func:`require`). An action that is not
registered is a programming error (``LookupError``), never a silent "no".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .punctuation import join_list

# Role values as stored on the user (``accounts.choices.Role``); core names them without
# importing the app above it.
CITY = "city"
DISTRICT = "district"
STREET = "street"
COMMUNITY = "community"
DEPARTMENT = "department"
INSPECTOR = "inspector"
ENTERPRISE = "enterprise"

BUREAU = frozenset({CITY, DISTRICT})
OFFICERS = frozenset({CITY, DISTRICT, STREET, COMMUNITY})
ROLE_LABELS = {
    CITY: gettext_lazy("市级主管部门"),
    DISTRICT: gettext_lazy("区县主管部门"),
    STREET: gettext_lazy("街道（乡镇）"),
    COMMUNITY: gettext_lazy("社区"),
    DEPARTMENT: gettext_lazy("相关部门联络员"),
    INSPECTOR: gettext_lazy("检查员"),
    ENTERPRISE: gettext_lazy("物业服务企业"),
}


@dataclass(frozen=True)
class Place:
    """Where an object lies for the purpose of acting on it: its region (materialised path),
    the enterprise or department that is its party, or the whole portal."""

    region_path: str | None = None
    enterprise_id: int | None = None
    department_id: int | None = None
    portal: bool = False
    # The users a workflow names (the inspectors of an inspection): they, and only they, stand
    # in it, wherever their home region is.
    people: frozenset[int] | None = None


PORTAL = Place(portal=True)


def ANYWHERE(obj) -> None:  # noqa: N802  (a constant in use: ``Rule(..., place=ANYWHERE)``)
    return None


def region_of(region) -> Place:
    return Place(region_path=region.path if region is not None else None)


def enterprise_place(enterprise) -> Place:
    """An enterprise's jurisdiction: the region it is registered in (never "wherever it
    manages a project"); its own users act for it."""
    return Place(region_path=enterprise.region.path if enterprise.region_id else None, enterprise_id=enterprise.pk)


@dataclass(frozen=True)
class Rule:
    action: str
    label: str
    roles: frozenset[str]
    place: Callable[[object], Place | None]
    check: Callable[[object, object], str | None] | None = None
    # Where the object lies, in words (docs/permissions.md table); the place function is the rule.
    note: str = field(default="", compare=False)

    def who(self) -> str:
        """The roles in words, for messages and the table in docs/permissions.md."""
        return join_list(ROLE_LABELS[role] for role in sorted(self.roles, key=list(ROLE_LABELS).index))


_RULES: dict[str, Rule] = {}


def register(*rules: Rule) -> None:
    for rule in rules:
        if rule.action in _RULES and _RULES[rule.action] != rule:
            raise ValueError(f"action {rule.action!r} registered twice")
        unknown = set(rule.roles) - set(ROLE_LABELS)
        if unknown:
            raise ValueError(f"unknown roles {unknown} in {rule.action!r}")
        _RULES[rule.action] = rule


def rules() -> dict[str, Rule]:
    """Every registered action, by name."""
    return dict(sorted(_RULES.items()))


def rule(action: str) -> Rule:
    try:
        return _RULES[action]
    except KeyError:
        raise LookupError(f"no permission rule for action {action!r}") from None


def stands_in(user, place: Place) -> bool:
    """Whether ``user`` (a non-administrator whose role the rule allows) stands in ``place``."""
    if place.people is not None:
        return user.pk in place.people
    if user.role == ENTERPRISE:
        return place.enterprise_id is not None and user.enterprise_id == place.enterprise_id
    if user.role == DEPARTMENT:
        return place.department_id is not None and user.department_id == place.department_id
    if place.portal:
        return user.role == CITY
    home = user.region_path
    return bool(home and place.region_path and place.region_path.startswith(home))


class StepRefused(PermissionDenied):
    """Refused by a rule's ``check`` — the people a workflow names, such as a second officer for
    publication — not by role or jurisdiction: pages show the reason beside the object."""


def refusal(user, action: str, obj=None) -> str | None:
    """Why ``user`` may not take ``action`` on ``obj``; ``None`` when they may."""
    return _refusal(user, action, obj)[0]


def _refusal(user, action: str, obj) -> tuple[str | None, bool]:
    """The reason, and whether it came from the rule's check."""
    current = rule(action)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return _("请先登录。"), False
    if not user.sees_everything:
        if user.role not in current.roles:
            return _("只有%(who)s可以%(action)s。") % {"who": current.who(), "action": current.label}, False
        place = current.place(obj)
        if place is not None and not stands_in(user, place):
            if user.role == ENTERPRISE:
                return _("只能为本企业%(action)s。") % {"action": current.label}, False
            if user.role == DEPARTMENT:
                return _("只能为本部门%(action)s。") % {"action": current.label}, False
            if place.people is not None:
                return _("只有指定的人员可以%(action)s。") % {"action": current.label}, False
            return _("该对象不在您的辖区内，不能%(action)s。") % {"action": current.label}, False
    if current.check is not None:
        return current.check(user, obj), True
    return None, False


def holds_role(user, action: str) -> bool:
    """Whether ``user``'s role may take ``action`` somewhere (an entry page or form opens for
    them); the object's place is asked when there is one."""
    current = rule(action)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.sees_everything or user.role in current.roles


def require_role(user, action: str) -> None:
    """Raise ``PermissionDenied`` unless :func:`holds_role` (before a form names the object)."""
    if not holds_role(user, action):
        current = rule(action)
        raise PermissionDenied(_("只有%(who)s可以%(action)s。") % {"who": current.who(), "action": current.label})


def may(user, action: str, obj=None) -> bool:
    """Whether ``user`` may take ``action`` on ``obj`` (see the module docstring)."""
    return refusal(user, action, obj) is None


def require(user, action: str, obj=None) -> None:
    """Raise ``PermissionDenied`` with the reason unless :func:`may` (``StepRefused`` when the
    rule's check refused)."""
    reason, by_check = _refusal(user, action, obj)
    if reason is not None:
        raise (StepRefused if by_check else PermissionDenied)(reason)


def has_standing(user, action: str, obj=None) -> bool:
    """Whether ``user``'s role and jurisdiction allow ``action`` on ``obj``, whatever the rule's
    check says (a page shows the action, and the check's reason when it is refused)."""
    reason, by_check = _refusal(user, action, obj)
    return reason is None or by_check


def require_standing(user, action: str, obj=None) -> None:
    """Raise ``PermissionDenied`` unless ``user``'s role and jurisdiction allow ``action`` on
    ``obj``; a refusal by the rule's check (a second officer …) is left for the page to show."""
    reason, by_check = _refusal(user, action, obj)
    if reason is not None and not by_check:
        raise PermissionDenied(reason)


def allowed(user, actions: Iterable[str], obj=None) -> dict[str, bool]:
    """``{action: may(user, action, obj)}`` for a page's buttons (``can.<name>`` in templates, the
    part of the action after its app)."""
    return {action.rpartition(".")[2]: may(user, action, obj) for action in actions}


def markdown_table() -> str:
    """The "Who may do what" table of docs/permissions.md, from the registered rules (a test keeps them equal)."""
    lines = ["| action | what | who (administrators always) | where |", "| --- | --- | --- | --- |"]
    for name, current in rules().items():
        lines.append(f"| `{name}` | {current.label} | {current.who()} | {current.note} |")
    return "\n".join(lines)
