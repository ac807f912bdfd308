"""Choices of owners' committees (业主委员会): the states of a term's case, the offices that act,
members, documents and events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeState(models.TextChoices):
    """The states of one term, in order (《业主大会和业主委员会指导规则》)."""

    ELIGIBLE = "eligible", _("具备成立条件")
    APPLIED = "applied", _("业主已申请")
    PREPARATION = "preparation", _("筹备中")
    FIRST_MEETING = "first_meeting", _("召开业主大会会议")
    ELECTED = "elected", _("已选举，待选主任")
    FILING = "filing", _("待备案")
    ACTIVE = "active", _("任期中")
    RENEWAL_DUE = "renewal_due", _("应换届")
    RENEWING = "renewing", _("换届选举中")
    HANDOVER = "handover", _("移交中")
    ENDED = "ended", _("已卸任")


# The cases that count as "preparing" on the bureau's pages, and as established.
PREPARING = (
    CommitteeState.APPLIED,
    CommitteeState.PREPARATION,
    CommitteeState.FIRST_MEETING,
    CommitteeState.ELECTED,
    CommitteeState.FILING,
)
ESTABLISHED = (CommitteeState.ACTIVE, CommitteeState.RENEWAL_DUE, CommitteeState.RENEWING, CommitteeState.HANDOVER)


class Office(models.TextChoices):
    """Who acts in a stage; reminders go to the officers who stand for it in the portal."""

    OWNERS = "owners", _("业主")
    STREET = "street", _("街道办事处")
    GROUP = "group", _("筹备组")
    COMMITTEE = "committee", _("业主委员会")
    COMMUNITY = "community", _("居民委员会")
    DISTRICT = "district", _("区县主管部门")


class MemberBody(models.TextChoices):
    GROUP = "group", _("筹备组")
    COMMITTEE = "committee", _("业主委员会")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("组长（街道代表）")
    CHAIR = "chair", _("主任")
    VICE = "vice", _("副主任")
    MEMBER = "member", _("成员")


class DocumentKind(models.TextChoices):
    GROUP_LIST = "group_list", _("筹备组成员名单")
    ROLL = "roll", _("业主名册")
    COVENANT_DRAFT = "covenant_draft", _("管理规约草案")
    RULES_DRAFT = "rules_draft", _("业主大会议事规则草案")
    CANDIDATES = "candidates", _("业主委员会委员候选人名单")
    ELECTION = "election", _("选举结果")
    FILING = "filing", _("备案材料")
    HANDOVER = "handover", _("移交清单")
    CORRECTION = "correction", _("责令改正通知")


# What the preparatory group posts before the first meeting (at least the days set ahead).
PREPARATION_DOCUMENTS = (
    DocumentKind.ROLL,
    DocumentKind.COVENANT_DRAFT,
    DocumentKind.RULES_DRAFT,
    DocumentKind.CANDIDATES,
)


class CommitteeEventType(models.TextChoices):
    ELIGIBLE = "eligible", _("具备成立条件")
    APPLIED = "applied", _("业主提出书面申请")
    GROUP_FORMED = "group_formed", _("成立筹备组")
    POSTED = "posted", _("公示文件")
    OBJECTION = "objection", _("业主提出异议")
    ANSWERED = "answered", _("答复异议")
    MEETING = "meeting", _("召开首次业主大会会议")
    MEETING_FAILED = "meeting_failed", _("会议未通过，重新筹备")
    ELECTED = "elected", _("选举业主委员会")
    OFFICERS = "officers", _("选举主任、副主任")
    FILED = "filed", _("备案")
    RENEWAL_DUE = "renewal_due", _("应当换届")
    RENEWAL_ORDERED = "renewal_ordered", _("街道责令换届")
    COMMUNITY_ORGANISES = "community", _("居委会组织换届")
    RENEWAL_STARTED = "renewal_started", _("开始换届")
    HANDOVER_DUE = "handover_due", _("应当移交")
    HANDED_OVER = "handed_over", _("移交资料和印章")
    MEMBER_ENDED = "member_ended", _("成员资格终止")
    COMMUNITY_ACTING = "community_acting", _("居委会代行职责")
    CORRECTION = "correction", _("责令改正")
    REMINDED = "reminded", _("期限临近提醒")
    OVERDUE = "overdue", _("逾期提醒")


class MemberEnd(models.TextChoices):
    """Why a member's seat ends: automatically (no longer an owner, …) or by the assembly."""

    NOT_OWNER = "not_owner", _("不再是业主")
    RESIGNED = "resigned", _("辞职")
    INCAPABLE = "incapable", _("丧失履行职责能力")
    ASSEMBLY = "assembly", _("业主大会决定终止")
    OTHER = "other", _("其他法定情形")
