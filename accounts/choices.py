from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.choices import RegionLevel


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

# The region level a role's home region must have.
ROLE_REGION_LEVEL = {
    Role.CITY_OFFICER: RegionLevel.CITY,
    Role.DISTRICT_OFFICER: RegionLevel.DISTRICT,
    Role.STREET_OFFICER: RegionLevel.STREET,
    Role.COMMUNITY_OFFICER: RegionLevel.COMMUNITY,
}


class DepartmentKind(models.TextChoices):
    PUBLIC_SECURITY = "public_security", _("公安")
    URBAN_MANAGEMENT = "urban_management", _("城管")
    FIRE = "fire", _("消防")
    MARKET_REGULATION = "market_regulation", _("市场监管")
    WATER_POWER = "utilities", _("供水供电")
    OTHER = "other", _("其他部门")
