from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class RunStatus(models.TextChoices):
    """A quarter's scoring: computed by partitions, then reviewed and published."""

    COMPUTING = "computing", _("计算中")
    DRAFT = "draft", _("待审核")
    PUBLISHED = "published", _("已公布")
    FAILED = "failed", _("计算失败")


class Component(models.TextChoices):
    """The parts of a project's quarterly score, in the order the explanation lists them."""

    INSPECTION = "inspection", _("检查")
    COMPLAINTS = "complaints", _("有效投诉")
    HANDLING = "handling", _("企业按时办理")
    # Not the statistics' 满意率 ((satisfied + basically satisfied) ÷ rated): basically satisfied
    # counts only the scheme's factor here.
    SATISFACTION = "satisfaction", _("满意度得分")
    STREET = "street", _("街道考核")
    RECTIFICATION = "rectification", _("按期整改")
    SELF_REPORT = "self_report", _("自查自评")


COMPONENT_DEFINITIONS = {
    Component.INSPECTION: _(
        "本季度会签检查得分 ÷ 应得分 × 100；无检查时按已通过的自查自评得分 ÷ 应得分 × 100 × 折算系数。"
    ),
    Component.COMPLAINTS: _("100 − 扣分 × 本季度收到的属实投诉件数 × 100 ÷ 户数，不低于 0。"),
    Component.HANDLING: _(
        "本季度收到的投诉中，企业自己的环节（签收、答复）都在各环节开始时记录的截止时间前完成的件数"
        " ÷ 企业应计时限的件数 × 100。"
    ),
    Component.SATISFACTION: _(
        "（满意件数 + 折算系数 × 基本满意件数）÷ 本季度评价件数 × 100；不同于统计中的满意率（满意与基本满意都计满）。"
    ),
    Component.STREET: _("街道办事处对本季度的评分。"),
    Component.RECTIFICATION: _("本季度到期的整改单中按期销号的单数 ÷ 到期单数 × 100。"),
    Component.SELF_REPORT: _("本季度自查自评按时提交、逾期提交或退回/未提交的分值。"),
}


class ScoreRule(models.TextChoices):
    """How a project score's lines make its total (``ratings.scoring``)."""

    LINES = "lines", _("各分项得分（保留两位小数）之和，四舍五入到 0.1")
    MEAN = "mean", _("加权平均（Σ 分值 × 权重 ÷ Σ 权重）四舍五入到 0.1（原规则）")


class ListColor(models.TextChoices):
    RED = "red", _("红榜")
    BLACK = "black", _("黑榜")


class ListSubject(models.TextChoices):
    ENTERPRISE = "enterprise", _("物业服务企业")
    PROJECT = "project", _("物业项目")


class ListStatus(models.TextChoices):
    """A list is drafted by rule, reviewed, published; a correction supersedes it."""

    DRAFT = "draft", _("草稿")
    REVIEWED = "reviewed", _("已审核")
    PUBLISHED = "published", _("已公布")
    SUPERSEDED = "superseded", _("已更正")


class CreditKind(models.TextChoices):
    """What a credit record (信用档案) is for; all but penalties are written from their source."""

    RED_LIST = "red_list", _("列入红榜")
    BLACK_LIST = "black_list", _("列入黑榜")
    SUBSTANTIATED_COMPLAINT = "complaint", _("有效投诉")
    OVERDUE_RECTIFICATION = "rectification", _("整改逾期")
    SUMMONS = "summons", _("约谈")
    HONOUR = "honour", _("评先树优")
    PENALTY = "penalty", _("行政处罚")


class HonourKind(models.TextChoices):
    """评先树优: each kind is selected from its own base."""

    MODEL_ENTERPRISE = "model_enterprise", _("标兵企业")
    DEMONSTRATION_PROJECT = "demo_project", _("示范项目")
    SERVICE_STAR = "service_star", _("文明服务明星")


class HonourStatus(models.TextChoices):
    """Nominate → review (初审) → select; a nomination may be turned down at either step."""

    NOMINATED = "nominated", _("已提名")
    REVIEWED = "reviewed", _("已初审")
    SELECTED = "selected", _("已评选")
    REJECTED = "rejected", _("未入选")


class StarStatus(models.TextChoices):
    """A star rating (星级评定): applied for by the enterprise, reviewed, published."""

    APPLIED = "applied", _("已申请")
    GRANTED = "granted", _("已审核")
    REJECTED = "rejected", _("未通过")
    PUBLISHED = "published", _("已公布")


class ObjectionStatus(models.TextChoices):
    """An enterprise's objection (异议) to a draft quarterly score."""

    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")
