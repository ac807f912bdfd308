from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已废止")


class DrawStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公布")


class InspectionStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待检查")
    SUBMITTED = "submitted", _("待会签")
    # The second inspector disagreed and sent it back, with a reason: revised and resubmitted.
    RETURNED = "returned", _("退回修改")
    COUNTERSIGNED = "countersigned", _("已完成")


class OrderSource(models.TextChoices):
    INSPECTION = "inspection", _("检查发现")
    DOOR_TO_DOOR = "door_to_door", _("敲门行动")
    COMPLAINT = "complaint", _("投诉")
    SUMMONS = "summons", _("约谈")
    OTHER = "other", _("其他")


class OrderStatus(models.TextChoices):
    ISSUED = "issued", _("待整改")
    ANSWERED = "answered", _("待核验")
    CLOSED = "closed", _("已销号")
    REOPENED = "reopened", _("重新整改")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("待填报")
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("退回修改")


# What the event rows' ``type`` codes mean, for people.
class OrderEventType(models.TextChoices):
    """What happens to a rectification order."""

    ISSUED = "issued", _("下发整改")
    ANSWERED = "answered", _("报送整改情况")
    CLOSED = "closed", _("销号")
    REOPENED = "reopened", _("退回整改")
    OVERDUE = "overdue", _("逾期")


class WorkEventType(models.TextChoices):
    """What happens to a draw, an inspection, a self-report or a summons."""

    EXECUTED = "executed", _("执行抽取并公布")
    CREATED = "created", _("生成检查任务")
    DEDUCTED = "deducted", _("扣分")
    DEDUCTION_EDITED = "deduction_edited", _("修改扣分")
    DEDUCTION_REMOVED = "deduction_removed", _("撤销扣分")
    SUBMITTED = "submitted", _("提交")
    COUNTERSIGNED = "countersigned", _("会签")
    ACCEPTED = "accepted", _("审核通过")
    RETURNED = "returned", _("退回修改")
    RECORDED = "recorded", _("记录约谈")
    ATTACHED = "attached", _("上传附件")
