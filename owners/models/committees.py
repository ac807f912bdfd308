"""Owners' committees (业主委员会) from eligibility to hand-over: the case of one term, its stages
with the deadline recorded when each begins, its members, its posted and filed documents and its
events.

The rules are ``owners.committees`` (lifecycle), ``owners.committee_members`` (members, orders)
and ``owners.committee_sweep`` (reminders, the renewal falling due); the stage rows are what
"overdue" is computed from, never the clock of a page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import Project

from ..choices_committees import (
    CommitteeEventType,
    CommitteeState,
    DocumentKind,
    MemberBody,
    MemberEnd,
    MemberRole,
    Office,
)
from .roll import Owner, RollQuerySet
from .votes import Vote


class Committee(models.Model):
    """One term of a project's owners' committee, from eligibility (or the renewal that opens
    it) to the hand-over to its successor."""

    project = models.ForeignKey(
        Project, verbose_name=_("物业项目"), on_delete=models.PROTECT, related_name="committees", db_index=False
    )
    term = models.PositiveSmallIntegerField(_("届次"), default=1)
    predecessor = models.OneToOneField(
        "self", verbose_name=_("上届"), null=True, blank=True, on_delete=models.PROTECT, related_name="successor"
    )
    state = models.CharField(_("状态"), max_length=16, choices=CommitteeState.choices, default=CommitteeState.ELIGIBLE)
    delivered_share = models.DecimalField(_("已交付面积比例（%）"), max_digits=5, decimal_places=2, null=True)
    applied_on = models.DateField(_("业主书面申请日期"), null=True, blank=True)
    applicants = models.PositiveIntegerField(_("申请业主人数"), null=True, blank=True)
    group_formed_on = models.DateField(_("筹备组成立日期"), null=True, blank=True)
    first_meeting = models.ForeignKey(
        Vote, verbose_name=_("首次业主大会会议"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    elected_on = models.DateField(_("选举日期"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("委员人数"), null=True, blank=True)
    officers_on = models.DateField(_("选举主任、副主任日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    term_ends = models.DateField(_("任期届满"), null=True, blank=True)
    community_acting = models.BooleanField(_("居委会代行职责"), default=False)
    handed_over_on = models.DateField(_("移交日期"), null=True, blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RollQuerySet.as_manager()

    class Meta:
        verbose_name = _("业主委员会")
        verbose_name_plural = _("业主委员会")
        ordering = ["project", "-term"]
        constraints = [
            models.UniqueConstraint(fields=["project", "term"], name="owners_committee_term_unique"),
            models.CheckConstraint(
                name="owners_committee_seats_odd",
                condition=Q(seats__isnull=True) | Q(seats__in=list(range(1, 22, 2))),
            ),
        ]
        indexes = [models.Index(fields=["state"], name="owners_committee_state")]

    def __str__(self):
        return f"{self.project.name} 第{self.term}届"

    @property
    def current_stage(self):
        return self.stages.filter(ended_at__isnull=True).first()


class CommitteeStage(models.Model):
    """A stage of the case: the office that acts and the day it is due by, recorded when the
    stage begins; ``reminded_at``/``overdue_at`` say the inbox reminders were sent (once each)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("业主委员会"), on_delete=models.CASCADE, related_name="stages"
    )
    state = models.CharField(_("阶段"), max_length=16, choices=CommitteeState.choices)
    office = models.CharField(_("办理单位"), max_length=12, choices=Office.choices)
    started_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("期限"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("逾期提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("业主委员会办理阶段")
        verbose_name_plural = _("业主委员会办理阶段")
        ordering = ["committee", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"], condition=Q(ended_at__isnull=True), name="owners_committeestage_one_running"
            )
        ]
        indexes = [
            models.Index(fields=["due_on"], name="owners_committeestage_running", condition=Q(ended_at__isnull=True))
        ]

    def __str__(self):
        return f"{self.committee_id} {self.state}"

    @property
    def late(self) -> bool:
        """Ended after its due day, or (running) past it today."""
        from django.utils import timezone

        if self.due_on is None:
            return False
        return (self.ended_on or timezone.localdate()) > self.due_on


class CommitteeMember(models.Model):
    """A member of the preparatory group or of the committee. Committee members are owners of
    the project; the group also counts the street's, the community's and others' members."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("业主委员会"), on_delete=models.CASCADE, related_name="members"
    )
    body = models.CharField(_("组织"), max_length=12, choices=MemberBody.choices)
    role = models.CharField(_("职务"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    name = models.CharField(_("姓名"), max_length=100)
    owner = models.ForeignKey(
        Owner, verbose_name=_("业主"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    affiliation = models.CharField(_("所在单位"), max_length=100, blank=True)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=12, choices=MemberEnd.choices, blank=True)
    end_note = models.CharField(_("终止说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("业主委员会成员")
        verbose_name_plural = _("业主委员会成员")
        ordering = ["committee", "body", "role", "pk"]

    def __str__(self):
        return self.name


class CommitteeDocument(models.Model):
    """A document posted to the owners (the group's list, the roll, draft rules, candidates,
    results) or filed with the district bureau and the street; public ones show on the
    project's page."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("业主委员会"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    reference = models.CharField(_("文号或说明"), max_length=200, blank=True)
    posted_on = models.DateField(_("公示或报送日期"))
    public = models.BooleanField(_("公开"), default=True)

    class Meta:
        verbose_name = _("业主委员会文件")
        verbose_name_plural = _("业主委员会文件")
        ordering = ["committee", "posted_on", "pk"]

    def __str__(self):
        return self.title


class CommitteeObjection(models.Model):
    """An owner's objection to what the preparatory group posted, answered within the days set."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("业主委员会"), on_delete=models.CASCADE, related_name="objections"
    )
    name = models.CharField(_("异议人"), max_length=100)
    text = models.TextField(_("异议内容"))
    received_on = models.DateField(_("收到日期"))
    due_on = models.DateField(_("答复期限"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("逾期提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("筹备异议")
        verbose_name_plural = _("筹备异议")
        ordering = ["committee", "received_on", "pk"]

    def __str__(self):
        return self.name


class CommitteeEvent(models.Model):
    """One step of the case, who took it (an officer, or the schedule) and with what note."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("业主委员会"), on_delete=models.CASCADE, related_name="events"
    )
    type = models.CharField(_("事件"), max_length=20, choices=CommitteeEventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("业主委员会事件")
        verbose_name_plural = _("业主委员会事件")
        ordering = ["committee", "created", "pk"]

    def __str__(self):
        return f"{self.committee_id} {self.type}"
