import json

import django_filters
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YesNoAnySelect
from core.forms import BootstrapFormMixin, PickerSelect, ToggleRadio, bind_pickers
from regions.models import Region

from . import staff
from .choices import ROLE_REGION_LEVEL, Role
from .models import Department, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。连续多次输入错误，账号将被临时锁定。"),
        "inactive": _("该账号已停用。"),
    }


class StaffAccountForm(BootstrapFormMixin, forms.Form):
    """Name, contact, role and place of a staff account; the roles and regions offered are
    those the manager may assign (``accounts.staff``)."""

    last_name = forms.CharField(label=_("姓名"), max_length=150)
    role = forms.ChoiceField(label=_("角色"))
    region = forms.ModelChoiceField(
        label=_("所属区域"),
        queryset=Region.objects.none(),
        required=False,
        widget=PickerSelect("region", key="id"),
        help_text=_("市级、区县、街道、社区角色分别选择对应层级的区域；系统管理员和部门联络员不填。"),
    )
    department = forms.ModelChoiceField(
        label=_("所属部门（部门联络员）"), queryset=Department.objects.none(), required=False, empty_label="—"
    )
    phone = forms.CharField(
        label=_("手机号"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("电子邮箱"), max_length=254, required=False)
    can_manage_accounts = forms.BooleanField(
        label=_("账号管理员"),
        required=False,
        help_text=_("可在本辖区内创建、修改、停用账号和重置密码。仅市、区县主管部门的账号可以授予，且只能由上级授予。"),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        roles = staff.assignable_roles(actor)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        if not staff.may_grant_account_management(actor):
            del self.fields["can_manage_accounts"]
        self.fields["region"].queryset = Region.objects.visible_to(actor)
        # The region picker offers the level the chosen role needs (static/js/portal.js); a
        # liaison takes the department's region and an administrator none.
        levels = {role: ROLE_REGION_LEVEL.get(role, "") for role in roles}
        levels.update({role: None for role in (Role.ADMINISTRATOR, Role.DEPARTMENT_LIAISON) if role in roles})
        self.fields["region"].widget.attrs.update(
            {
                "data-picker-param": "level",
                "data-picker-param-from": "id_role",
                "data-picker-param-map": json.dumps(levels),
            }
        )
        if Role.DEPARTMENT_LIAISON in roles:
            self.fields["department"].queryset = staff.liaison_departments(actor)
        else:
            del self.fields["department"]  # nothing to choose: no liaison role offered
            if staff.can_manage_accounts(actor) and (reason := staff.liaison_refusal(actor)):
                self.fields["role"].help_text = reason
        bind_pickers(self, actor)

    def add_rule_error(self, error: ValidationError) -> None:
        """Show a rule's ValidationError on the form: each field's message on that field."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)


class StaffCreateForm(StaffAccountForm):
    GENERATE, SET = "generate", "set"

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("字母、数字和 @ . + - _，不超过 150 个字符。"),
    )
    password_mode = forms.ChoiceField(
        label=_("初始密码"),
        help_text=_("由他人设置的密码都是一次性的：账号首次登录后必须先修改密码。"),
        choices=[(GENERATE, _("系统生成一次性密码")), (SET, _("由我设置（同样为一次性密码）"))],
        initial=GENERATE,
        widget=ToggleRadio,
    )
    password = forms.CharField(
        label=_("密码（由我设置时填写）"),
        max_length=128,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "last_name", "role", "region", "department", "phone", "email", "password_mode"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("该用户名已被使用。"))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password_mode") == self.SET and not data.get("password"):
            self.add_error("password", _("请填写密码，或选择系统生成。"))
        return data


class OwnPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    """The signed-in user replaces their password (and a one-time one at the first sign-in)."""


class PasswordResetForm(BootstrapFormMixin, forms.Form):
    password_mode = StaffCreateForm.base_fields["password_mode"]
    password = StaffCreateForm.base_fields["password"]

    def clean(self):
        data = super().clean()
        if data.get("password_mode") == StaffCreateForm.SET and not data.get("password"):
            self.add_error("password", _("请填写密码，或选择系统生成。"))
        return data


class StaffFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("用户名或姓名"))
    role = django_filters.ChoiceFilter(choices=[(r, Role(r).label) for r in staff.STAFF_ROLES], label=_("角色"))
    region = django_filters.CharFilter(method="filter_region", label=_("区域"), widget=PickerSelect("region"))
    is_active = django_filters.BooleanFilter(label=_("启用"), widget=YesNoAnySelect)

    class Meta:
        model = User
        fields = ["q", "role", "region", "is_active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(last_name__icontains=value))

    def filter_region(self, queryset, name, value):
        region = Region.objects.visible_to(self.request.user).filter(code=value.strip()).first()
        return queryset.filter(region__path__startswith=region.path) if region else queryset.none()
