from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.views import ScopedListView

from . import permissions, staff
from .forms import (
    LoginForm,
    OwnPasswordChangeForm,
    PasswordResetForm,
    StaffAccountForm,
    StaffCreateForm,
    StaffFilterSet,
)
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """The signed-in user chooses a new password; after a one-time password (set by an account
    manager) every other page leads here until this is done (``accounts.middleware``)."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("home")

    def get_success_url(self):
        wanted = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(wanted, {self.request.get_host()}, self.request.is_secure()):
            return wanted
        return str(self.success_url)

    def form_valid(self, form):
        staff.change_own_password(self.request.user, form.cleaned_data["new_password1"], request=self.request)
        update_session_auth_hash(self.request, self.request.user)  # stay signed in
        messages.success(self.request, _("密码已修改。"))
        return redirect(self.get_success_url())


# --- Staff accounts (accounts.staff, accounts.permissions.may) -------------------------------
DENIED = gettext_lazy("只有账号管理员可以管理账号。")


def _require_manager(request):
    if not staff.can_manage_accounts(request.user):
        raise PermissionDenied(DENIED)


def _account(request, pk):
    """A staff account the user may see as a manager; anything else is not found (404)."""
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
    denied_message = DENIED

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
                request.user,
                username=d["username"],
                role=d["role"],
                region=d["region"],
                department=d.get("department"),
                password=d["password"] if d["password_mode"] == form.SET else None,
                last_name=d["last_name"],
                phone=d["phone"],
                email=d["email"],
                request=request,
                can_manage_accounts=d.get("can_manage_accounts", False),
            )
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
    initial = {name: getattr(account, name) for name in staff.EDITABLE}
    form = StaffAccountForm(request.POST or None, initial=initial, actor=request.user)
    editable = permissions.may(request.user, "change_account", account)
    if request.method == "POST":
        permissions.require(request.user, "change_account", account)
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
    permissions.require(request.user, "set_password", account)
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
