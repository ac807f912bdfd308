"""Staff pages of the maintenance fund and the public revenue: a project's fund (account,
units' balances, uses, revenue postings), a use with its steps, a revenue posting.

Thin callers of ``funds.ledger``, ``funds.uses`` and ``funds.revenue``; what a user sees is
``visible_to`` (officers of the region, the enterprise for its projects), what they may do the
rules of ``funds.permissions``."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import InvalidState
from core.pagination import paginate
from core.permissions import allowed, require_role, require_standing
from core.text import as_id, join_messages
from core.views import ScopedListView
from owners.models import Unit
from projects.models import Project

from . import ledger, revenue, uses
from .forms import CompleteForm, InterestForm, ProposeForm, ReasonForm, RevenueForm, ReviewForm, VoteLinkForm
from .models import FundAccount, FundUse, LedgerEntry, RevenuePosting, UseDocument
from .permissions import works_with_funds

ACTIONS = (
    "funds.manage_account",
    "funds.propose_use",
    "funds.review_use",
    "funds.enter_revenue",
    "funds.settle_revenue",
)


class FundProjects(ScopedListView):
    """The projects of the user's scope that have a unit roll, with their fund's balance."""

    model = Project
    template_name = "funds/projects.html"

    def allowed(self, user):
        return works_with_funds(user)

    def base_queryset(self):
        balance = (
            LedgerEntry.objects.filter(account__project=OuterRef("pk"))
            .order_by()
            .values("account")
            .annotate(b=Sum("amount"))
            .values("b")
        )
        return (
            Project.objects.filter(Exists(Unit.objects.filter(project=OuterRef("pk"))))
            .annotate(has_account=Exists(FundAccount.objects.filter(project=OuterRef("pk"))), balance=balance)
            .select_related("region")
            .order_by("code")
        )


def _require_staff(user) -> None:
    if not works_with_funds(user):
        raise PermissionDenied(_("您的角色无权访问该页面。"))


def _project(request, pk):
    _require_staff(request.user)
    return get_object_or_404(Project.objects.visible_to(request.user).select_related("region"), pk=pk)


@login_required
def project_fund(request, pk):
    project = _project(request, pk)
    account = FundAccount.objects.filter(project=project).first()
    amounts = ledger.balances(account) if account is not None else {}
    # The units a page at a time; the total is the whole account's, not the page's.
    page = paginate(request, Unit.objects.filter(project=project).select_related("building").in_register_order(), 100)
    for unit in page:
        unit.balance = amounts.get(unit.pk)
    context = {
        "project": project,
        "account": account,
        "units": page if account is not None else [],
        "page_obj": page if account is not None else None,
        "total": sum(amounts.values(), Decimal(0)),
        "uses": FundUse.objects.filter(project=project)[:50],
        "postings": RevenuePosting.objects.filter(project=project)[:20],
        "can": allowed(request.user, ACTIONS, project),
        "interest_form": InterestForm(),
    }
    return render(request, "funds/project.html", context)


@login_required
@require_POST
def account_act(request, pk, action):
    project = _project(request, pk)
    if action in ("open", "deposits", "interest"):  # the rule first, then the form
        require_standing(request.user, "funds.manage_account", project)
    try:
        if action == "open":
            ledger.open_account(project, actor=request.user)
        elif action == "deposits":
            n = ledger.record_first_deposits(get_object_or_404(FundAccount, project=project), actor=request.user)
            messages.success(request, _("已记录 %(n)d 套房屋的首期交存。") % {"n": n})
        elif action == "interest":
            form = InterestForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_errors(form))
            account = get_object_or_404(FundAccount, project=project)
            ledger.allocate_interest(account, actor=request.user, **form.cleaned_data)
    except (InvalidState, ValidationError) as error:
        messages.error(request, join_messages(error.messages))
    return redirect("funds:project", project.pk)


def _errors(form) -> list[str]:
    return [
        f"{form.fields[k].label}：{join_messages(v)}" if k in form.fields else join_messages(v)
        for k, v in form.errors.items()
    ]


@login_required
def use_new(request, pk):
    require_role(request.user, "funds.propose_use")
    project = _project(request, pk)
    form = ProposeForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            use = uses.propose(
                project,
                actor=request.user,
                proposer=data["proposer"],
                title=data["title"],
                items=data["items"],
                budget=data["budget"],
                units=data["units"],
                emergency=data["emergency"],
            )
            return redirect("funds:use_detail", use.pk)
        except InvalidState as error:
            form.add_error(None, error)
    return render(request, "funds/use_new.html", {"form": form, "project": project})


@login_required
def use_detail(request, pk):
    _require_staff(request.user)
    use = get_object_or_404(FundUse.objects.visible_to(request.user).select_related("project__region", "vote"), pk=pk)
    context = {
        "use": use,
        "units": use.units.select_related("building"),
        "shares": use.shares.select_related("unit__building"),
        "documents": use.documents.all(),
        "events": use.events.select_related("actor"),
        "can": allowed(request.user, ACTIONS, use.project),
        "vote_form": VoteLinkForm(project=use.project),
        "review_form": ReviewForm(),
        "complete_form": CompleteForm(),
        "reason_form": ReasonForm(),
    }
    return render(request, "funds/use_detail.html", context)


def _vote(request, use):
    form = VoteLinkForm(request.POST, project=use.project)
    if not form.is_valid():
        raise ValidationError(_errors(form))
    uses.record_vote(use, form.cleaned_data["vote"], actor=request.user)


def _review(request, use):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_errors(form))
    data = form.cleaned_data
    uses.review(use, actor=request.user, approve=data["decision"] == "approve", note=data["note"])


def _complete(request, use):
    form = CompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(_errors(form))
    data = form.cleaned_data
    uses.complete(
        use,
        actor=request.user,
        cost=data["cost"],
        completed_on=data["completed_on"],
        invoices=data["invoices"],
        photos=data["photos"],
    )


def _withdraw(request, use):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_errors(form))
    uses.withdraw(use, actor=request.user, note=form.cleaned_data["note"])


_STEPS = {
    "vote": _vote,
    "works": lambda request, use: uses.start_works(use, actor=request.user),
    "complete": _complete,
    "review": _review,
    "disburse": lambda request, use: uses.disburse(use, actor=request.user),
    "withdraw": _withdraw,
}


@login_required
@require_POST
def use_act(request, pk, action):
    _require_staff(request.user)
    use = get_object_or_404(FundUse.objects.visible_to(request.user), pk=pk)
    step = _STEPS.get(action)
    if step is None:
        return redirect("funds:use_detail", use.pk)
    rule = "funds.review_use" if action in ("review", "disburse") else "funds.propose_use"
    require_standing(request.user, rule, use)  # the rule first, then the form
    try:
        step(request, use)
    except (InvalidState, ValidationError) as error:
        messages.error(request, join_messages(error.messages))
    return redirect("funds:use_detail", use.pk)


@login_required
def document(request, pk):
    _require_staff(request.user)
    doc = get_object_or_404(UseDocument.objects.filter(use__in=FundUse.objects.visible_to(request.user)), pk=pk)
    return doc.response()


@login_required
def revenue_new(request, pk):
    require_role(request.user, "funds.enter_revenue")
    project = _project(request, pk)
    form = RevenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            posting = revenue.enter(project, actor=request.user, **form.cleaned_data)
            return redirect("funds:revenue_detail", posting.pk)
        except InvalidState as error:
            form.add_error(None, error)
    return render(request, "funds/revenue_new.html", {"form": form, "project": project})


@login_required
def revenue_detail(request, pk):
    _require_staff(request.user)
    posting = get_object_or_404(RevenuePosting.objects.visible_to(request.user).select_related("project"), pk=pk)
    context = {
        "posting": posting,
        "objections": posting.objections.all(),
        "can": allowed(request.user, ACTIONS, posting.project),
        "reason_form": ReasonForm(),
    }
    return render(request, "funds/revenue_detail.html", context)


@login_required
@require_POST
def revenue_act(request, pk, action):
    _require_staff(request.user)
    posting = get_object_or_404(RevenuePosting.objects.visible_to(request.user), pk=pk)
    if action in ("settle", "answer"):  # the rule first, then the form
        require_standing(request.user, "funds.settle_revenue", posting)
    try:
        if action == "settle":
            n = revenue.settle(posting, actor=request.user)
            messages.success(request, _("已处理：%(n)d 套房屋记入分户账。") % {"n": n})
        elif action == "answer":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_errors(form))
            objection = get_object_or_404(posting.objections, pk=as_id(request.POST.get("objection")))
            revenue.answer(objection, actor=request.user, text=form.cleaned_data["note"])
    except (InvalidState, ValidationError) as error:
        messages.error(request, join_messages(error.messages))
    return redirect("funds:revenue_detail", posting.pk)
