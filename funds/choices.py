"""Choices of the funds app: ledger entries, uses of the maintenance fund and public revenue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What moved a unit's balance (住宅专项维修资金分户账)."""

    DEPOSIT = "deposit", _("首期交存")
    TOP_UP = "top_up", _("续交")
    INTEREST = "interest", _("利息分配")
    REVENUE = "revenue", _("公共收益转入")
    USE = "use", _("维修使用分摊")
    TRANSFER = "transfer", _("房屋转让过户")


class UseKind(models.TextChoices):
    ORDINARY = "ordinary", _("一般使用")
    EMERGENCY = "emergency", _("应急使用")


class Emergency(models.TextChoices):
    """The emergencies that skip the owners' vote (《住宅专项维修资金管理办法》第二十八条 and local rules)."""

    LEAK = "leak", _("屋面、外墙渗漏")
    LIFT = "lift", _("电梯故障停运")
    WATER = "water", _("供水中断")
    FACADE = "facade", _("外墙墙面有脱落危险")
    FIRE = "fire", _("消防设施失效")


class UseStatus(models.TextChoices):
    """The stages of a use, in order. An ordinary use goes through the owners' vote and the
    plan's posting; an emergency use goes straight to the bureau's review."""

    PROPOSED = "proposed", _("已提出")
    POSTED = "posted", _("方案公示中")
    UNDER_REVIEW = "under_review", _("主管部门审核中（应急）")
    WORKS = "works", _("施工中")
    COMPLETED = "completed", _("已竣工待审核")
    APPROVED = "approved", _("主管部门已审核")
    DISBURSED = "disbursed", _("已划拨")
    REJECTED = "rejected", _("未获批准")
    WITHDRAWN = "withdrawn", _("已撤回")


CLOSED_USE = (UseStatus.DISBURSED, UseStatus.REJECTED, UseStatus.WITHDRAWN)


class Proposer(models.TextChoices):
    ENTERPRISE = "enterprise", _("物业服务企业")
    COMMITTEE = "committee", _("业主委员会")


class Payer(models.TextChoices):
    FUND = "fund", _("维修资金分户账")
    DEVELOPER = "developer", _("建设单位（未售房屋）")


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", _("发票")
    PHOTO = "photo", _("竣工照片")
    OTHER = "other", _("其他材料")


class RevenueDestination(models.TextChoices):
    FUND = "fund", _("转入维修资金（按面积分摊到户）")
    OTHER = "other", _("业主大会决定的其他用途")


class RevenueStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    POSTED = "posted", _("公示中")
    ALLOCATED = "allocated", _("已转入维修资金")
    SETTLED = "settled", _("已按业主大会决定处理")
