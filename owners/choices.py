"""Choices of the owners' app: kinds of identity document, and (below) the owners' votes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdKind(models.TextChoices):
    """The document an owner is known by on the property register."""

    RESIDENT = "resident", _("居民身份证")
    USCC = "uscc", _("统一社会信用代码")
    OTHER = "other", _("其他证件（护照、港澳台居民证件等）")


class OwnerKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("单位")


class VoteStatus(models.TextChoices):
    """The stages of an owners' vote (业主大会表决), in order; ``SUSPENDED`` ends it early."""

    DRAFT = "draft", _("草拟")
    NOTICED = "noticed", _("已公告")
    ROLL_POSTED = "roll_posted", _("名册已公示")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("投票已截止")
    PRELIMINARY = "preliminary", _("初步结果公示（异议期）")
    ANNOUNCED = "announced", _("结果已公告")
    ARCHIVED = "archived", _("已归档")
    SUSPENDED = "suspended", _("已中止")


# A suspension ends a vote that has been announced to the owners and has no final result yet.
SUSPENDABLE = (VoteStatus.NOTICED, VoteStatus.ROLL_POSTED, VoteStatus.OPEN, VoteStatus.CLOSED, VoteStatus.PRELIMINARY)
# Results are public from the preliminary result on; a suspended vote shows none.
RESULT_PUBLISHED = (VoteStatus.PRELIMINARY, VoteStatus.ANNOUNCED, VoteStatus.ARCHIVED)


class Organiser(models.TextChoices):
    PREPARATORY_GROUP = "preparatory", _("业主大会筹备组")
    COMMITTEE = "committee", _("业主委员会")


class MatterKind(models.TextChoices):
    """The matters owners decide together (《民法典》第二百七十八条第一款)."""

    RULES = "rules", _("制定和修改业主大会议事规则")
    COVENANT = "covenant", _("制定和修改管理规约")
    COMMITTEE = "committee", _("选举业主委员会或者更换业主委员会成员")
    MANAGER = "manager", _("选聘和解聘物业服务企业或者其他管理人")
    USE_FUND = "use_fund", _("使用建筑物及其附属设施的维修资金")
    RAISE_FUND = "raise_fund", _("筹集建筑物及其附属设施的维修资金")
    REBUILD = "rebuild", _("改建、重建建筑物及其附属设施")
    COMMON_PARTS = "common_parts", _("改变共有部分的用途或者利用共有部分从事经营活动")
    OTHER = "other", _("有关共有和共同管理权利的其他重大事项")


# Items 6 to 8 of art. 278: three quarters of the participating area and owners must agree.
SPECIAL_MATTERS = frozenset({MatterKind.RAISE_FUND, MatterKind.REBUILD, MatterKind.COMMON_PARTS})


class Choice(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("反对")
    ABSTAIN = "abstain", _("弃权")


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("网上投票")
    PAPER = "paper", _("书面投票")


class VoteEventType(models.TextChoices):
    CREATED = "created", _("草拟")
    NOTICED = "noticed", _("发布公告")
    ROLL_POSTED = "roll_posted", _("公示表决名册")
    OPENED = "opened", _("开始投票")
    CLOSED = "closed", _("投票截止")
    EXTENDED = "extended", _("延长投票")
    PRELIMINARY = "preliminary", _("公示初步结果")
    ANNOUNCED = "announced", _("公告结果")
    ARCHIVED = "archived", _("归档")
    SUSPENDED = "suspended", _("中止表决")
    PAPER_ENTERED = "paper_entered", _("录入书面选票")
    OBJECTION_ANSWERED = "answered", _("答复异议")
