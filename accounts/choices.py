from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """What a user does in the portal; with the home region, enterprise or department it
    decides what the user may see (see ``core.scoping``)."""

    CITY_OFFICER = "city", _("市级主管部门")
    DISTRICT_OFFICER = "district", _("区县主管部门")
    STREET_OFFICER = "street", _("街道（乡镇）")
    COMMUNITY_OFFICER = "community", _("社区")
    DEPARTMENT_LIAISON = "department", _("相关部门联络员")
    INSPECTOR = "inspector", _("检查员")
    ENTERPRISE_USER = "enterprise", _("物业服务企业")
    ADMINISTRATOR = "admin", _("系统管理员")


REGION_ROLES = frozenset(
    {
        Role.CITY_OFFICER,
        Role.DISTRICT_OFFICER,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
        Role.DEPARTMENT_LIAISON,
        Role.INSPECTOR,
    }
)
OFFICER_ROLES = frozenset({Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.STREET_OFFICER, Role.COMMUNITY_OFFICER})
# Officers of the housing bureau proper (市/区 住建局): they approve, import and publish.
BUREAU_ROLES = frozenset({Role.CITY_OFFICER, Role.DISTRICT_OFFICER})
# Those who read the supervision records (draws, inspections, orders, summons) of their region:
# the officers and the inspection accounts (检查员), which inspect but decide nothing.
SUPERVISION_READERS = OFFICER_ROLES | {Role.INSPECTOR}
# The roles that may hold account management (账号管理员, ``User.can_manage_accounts``).
ACCOUNT_MANAGER_ROLES = frozenset({Role.ADMINISTRATOR, *BUREAU_ROLES})

# The region level a role's home region must have (projects.choices.RegionLevel values).
ROLE_REGION_LEVEL = {
    Role.CITY_OFFICER: 1,
    Role.DISTRICT_OFFICER: 2,
    Role.STREET_OFFICER: 3,
    Role.COMMUNITY_OFFICER: 4,
}


class DepartmentKind(models.TextChoices):
    PUBLIC_SECURITY = "public_security", _("公安")
    URBAN_MANAGEMENT = "urban_management", _("城管")
    FIRE = "fire", _("消防")
    MARKET_REGULATION = "market_regulation", _("市场监管")
    WATER_POWER = "utilities", _("供水供电")
    OTHER = "other", _("其他部门")


class AuditAction(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    CHANGE_REQUESTED = "change_requested", _("申请变更")
    CHANGE_APPROVED = "change_approved", _("批准变更")
    CHANGE_REJECTED = "change_rejected", _("驳回变更")
    TOKEN_CREATED = "token_created", _("获取 API 令牌")
    TOKEN_USED = "token_used", _("使用 API 令牌")
    TOKEN_REVOKED = "token_revoked", _("注销 API 令牌")
    TOKEN_EXPIRED = "token_expired", _("API 令牌过期")
    TRACKING_CODE_VIEWED = "tracking_code_viewed", _("查看查询码")
    ACCOUNT_CREATED = "account_created", pgettext_lazy("audit", "创建账号")
    ACCOUNT_CHANGED = "account_changed", pgettext_lazy("audit", "修改账号")
    ACCOUNT_DEACTIVATED = "account_deactivated", pgettext_lazy("audit", "停用账号")
    ACCOUNT_ACTIVATED = "account_activated", pgettext_lazy("audit", "启用账号")
    PASSWORD_RESET = "password_reset", pgettext_lazy("audit", "重置密码")
    PASSWORD_CHANGED = "password_changed", pgettext_lazy("audit", "本人修改密码")
