from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.views import ScopedListView

from . import staff
from .forms import LoginForm, PasswordResetForm, StaffAccountForm, StaffCreateForm, StaffFilterSet
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


# --- Staff accounts (accounts.staff) --------------------------------------------------------
def _require_manager(request):
    if not staff.can_manage_accounts(request.user):
        raise PermissionDenied(_("只有系统管理员和市、区（县）主管部门可以管理账号。"))


def _account(request, pk):
    """A staff account the user manages; anything else is not found (404)."""
    _require_manager(request)
    return get_object_or_404(staff.manageable(request.user).select_related("region", "department"), pk=pk)


def _one_time_password(request, account, password):
    """The password, shown once and never cached: it is stored only as a hash."""
    response = render(request, "accounts/staff_password_shown.html", {"account": account, "password": password})
    response["Cache-Control"] = "no-store"
    return response


class StaffListView(ScopedListView):
    model = User
    filterset_class = StaffFilterSet
    template_name = "accounts/staff_list.html"
    denied_message = gettext_lazy("只有系统管理员和市、区（县）主管部门可以管理账号。")

    def allowed(self, user):
        return staff.can_manage_accounts(user)

    def base_queryset(self):
        return User.objects.select_related("region", "department").order_by("region__path", "role", "username")

    def get_queryset(self):
        return super().get_queryset().filter(role__in=staff.STAFF_ROLES)


@never_cache
@login_required
def staff_new(request):
    _require_manager(request)
    form = StaffCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            account, password = staff.create(
                request.user, username=d["username"], role=d["role"], region=d["region"],
                department=d["department"], password=d["password"] if d["password_mode"] == form.SET else None,
                last_name=d["last_name"], phone=d["phone"], email=d["email"], request=request,
            )  # fmt: skip
        except ValidationError as error:
            form.add_rule_error(error)
        else:
            if d["password_mode"] == form.SET:
                messages.success(request, _("账号 %(u)s 已创建。") % {"u": account.username})
                return redirect("accounts:staff_detail", pk=account.pk)
            return _one_time_password(request, account, password)
    return render(request, "accounts/staff_form.html", {"form": form})


@login_required
def staff_detail(request, pk):
    account = _account(request, pk)
    initial = {name: getattr(account, name) for name in ("last_name", "role", "region", "department", "phone", "email")}
    form = StaffAccountForm(request.POST or None, initial=initial, actor=request.user)
    editable = account.pk != request.user.pk and account.role in staff.assignable_roles(request.user)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("该账号不在您的管理范围内。"))
        if form.is_valid():
            try:
                staff.update(request.user, account, request=request, **form.cleaned_data)
            except ValidationError as error:
                form.add_rule_error(error)
            else:
                messages.success(request, _("账号信息已保存。"))
                return redirect("accounts:staff_detail", pk=account.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "account": account, "editable": editable})


@never_cache
@login_required
def staff_password(request, pk):
    account = _account(request, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["password"] if form.cleaned_data["password_mode"] == "set" else None
        try:
            password = staff.reset_password(request.user, account, chosen, request=request)
        except ValidationError as error:
            form.add_error("password" if chosen else None, error)
        else:
            if chosen:
                messages.success(request, _("密码已重置。"))
                return redirect("accounts:staff_detail", pk=account.pk)
            return _one_time_password(request, account, password)
    return render(request, "accounts/staff_password.html", {"form": form, "account": account})


@require_POST
@login_required
def staff_action(request, pk, action):
    account = _account(request, pk)
    if action not in ("deactivate", "activate"):
        return redirect("accounts:staff_detail", pk=account.pk)
    staff.set_active(request.user, account, action == "activate", request=request)
    messages.success(request, _("账号已启用。") if action == "activate" else _("账号已停用。"))
    return redirect("accounts:staff_detail", pk=account.pk)
