"""Demo owners' committees for ``seed_demo``, in the demo street officer's (``street``) street
only, one case at each of four stages:

* **active**: a committee elected about fourteen months ago, from the owners' application
  through the preparatory group, the posted documents, the first meeting (an owners' vote with
  its ballots), the officers' election and the filing the district accepted (its term and filed
  documents on the compound's public page);
* **renewal due**: a committee elected nearly five years ago whose renewal fell due 45 days ago
  and was not begun (past the time it had: overdue, for the street to order it);
* **preparation**: a preparatory group formed three weeks ago, its documents posted, an owner's
  objection received and answered;
* **applied**: the owners' written application received 20 days ago, waiting for the street to
  form the preparatory group.

Everything goes through ``owners.committees``, ``owners.committee_renewal`` and
``owners.votes`` with the clock set back (their ``today``/``now`` arguments), never by writing a
state. A project that already has a case is left alone, so the step can run again. The projects
are the street's smallest ones with a roll (committee cases on the two with a committee, the
preparing ones on two preparing), which keeps the cost to a few hundred units at any scale.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from projects.choices import OwnersCommittee
from projects.models import Project

from . import committee_renewal, committees, votes
from .choices import OwnerKind
from .choices_committees import DocumentKind, MemberBody
from .committee_stages import add_months
from .demo_votes import _cast, _notice_sent
from .models import Committee, CommitteeMember, Owner, Unit

DAY = dt.timedelta(days=1)
FIRST_MEETING = [
    ("rules", "通过《业主大会议事规则》"),
    ("covenant", "通过《管理规约》"),
    ("committee", "选举第一届业主委员会委员"),
]
OTHERS = [("社区居委会代表", "社区居民委员会")]


def _owners(project, count: int) -> list[Owner]:
    """``count`` people on the roll who vote for a unit, the first by id (deterministic)."""
    return list(
        Owner.objects.filter(project=project, kind=OwnerKind.PERSON, ownerships__voter=True)
        .distinct()
        .order_by("pk")[:count]
    )


def _prepare(project, officer, *, applied: dt.date, formed: dt.date | None, posted: dt.date | None):
    """The case opened and applied for; the group formed and the documents posted if dates given."""
    committee = committees.open_case(project, actor=officer, today=applied)
    applicants = max(5, Unit.objects.filter(project=project).count() // 5)
    committees.apply(committee, actor=officer, received_on=applied, applicants=applicants, note="业主联名书面申请")
    if formed is None:
        return committee
    members = [(p.name, p, "业主代表") for p in _owners(project, 3)] + [(OTHERS[0][0], None, OTHERS[0][1])]
    committees.form_group(committee, actor=officer, leader="街道办事处代表", members=members, formed_on=formed)
    if posted is None:
        return committee
    for kind, title in (
        ("roll", "业主名册"),
        ("covenant_draft", "《管理规约》（草案）"),
        ("rules_draft", "《业主大会议事规则》（草案）"),
        ("candidates", "第一届业主委员会委员候选人名单"),
    ):
        committees.post_document(committee, actor=officer, kind=kind, title=title, posted_on=posted)
    return committee


def _establish(project, officer, district, rng, *, elected: dt.date) -> Committee:
    """A committee taken from the application to the filing, its election on ``elected``."""
    tz = timezone.get_current_timezone()
    opens = dt.datetime.combine(elected - 14 * DAY, dt.time(9), tzinfo=tz)
    closes = opens + 7 * DAY
    committee = _prepare(
        project, officer, applied=elected - 110 * DAY, formed=elected - 80 * DAY, posted=elected - 50 * DAY
    )
    vote = votes.draft(project, title="首次业主大会会议", matters=FIRST_MEETING, actor=officer)
    vote = votes.give_notice(vote, opens_at=opens, closes_at=closes, actor=officer, now=opens - 20 * DAY)
    _notice_sent(vote)
    votes.post_roll(vote, actor=officer)
    committees.hold_first_meeting(committee, vote=vote, actor=officer, today=(opens - 18 * DAY).date())
    votes.open_vote(vote, now=opens)
    _cast(vote, rng, share=0.9, agree=0.92)
    votes.close_vote(vote, now=closes)
    votes.publish_preliminary(vote, actor=officer, now=closes + dt.timedelta(hours=3))
    vote.refresh_from_db()
    votes.announce(vote, actor=officer, now=vote.objections_end_at)
    elected = max(elected, timezone.localtime(vote.objections_end_at).date())
    committees.record_election(committee, actor=officer, members=_owners(project, 7), elected_on=elected)
    committees.post_document(
        committee, actor=officer, kind=DocumentKind.ELECTION, title="业主委员会选举结果公告", posted_on=elected
    )
    sitting = list(CommitteeMember.objects.filter(committee=committee, body=MemberBody.COMMITTEE).order_by("pk"))
    committees.elect_officers(committee, actor=officer, chair=sitting[0], vices=sitting[1:3], met_on=elected + 3 * DAY)
    year = elected.year
    return committees.accept_filing(
        committee, actor=district, filed_on=elected + 16 * DAY, reference=f"备字〔{year}〕第 {project.pk:03d} 号"
    )


def _pick(street, value, count: int) -> list[Project]:
    """The street's ``count`` smallest projects with a roll and the committee field ``value``."""
    return list(
        Project.objects.filter(
            region__path__startswith=street.path, owners_committee=value, pk__in=Unit.objects.values("project")
        ).order_by("households", "pk")[:count]
    )


def seed_committees(ctx) -> None:
    officer = User.objects.filter(role=Role.STREET_OFFICER, username="street").select_related("region").first()
    if officer is None:
        return
    district = (
        User.objects.filter(role=Role.DISTRICT_OFFICER, region__path=officer.region.path.rsplit("/", 2)[0] + "/")
        .order_by("pk")
        .first()
    ) or officer
    established = _pick(officer.region, OwnersCommittee.ESTABLISHED, 2)
    preparing = _pick(officer.region, OwnersCommittee.PREPARING, 2)
    rng = random.Random(f"owner-committees-{ctx.seed}")
    today = timezone.localdate()
    made = []
    builds = ("active", "renewal_due", "preparation", "applied")
    cases = [*zip(established, builds[:2], strict=False), *zip(preparing, builds[2:], strict=False)]
    for project, build in cases:
        if Committee.objects.filter(project=project).exists():
            continue
        if build == "active":
            _establish(project, officer, district, rng, elected=today - 420 * DAY)
        elif build == "renewal_due":
            # The renewal fell due 45 days ago; the committee had the order days to begin it.
            renewal = today - 45 * DAY
            committee = _establish(project, officer, district, rng, elected=add_months(renewal, -57))
            committee_renewal.renewal_due(committee, today=committee.current_stage.due_on)
        elif build == "preparation":
            committee = _prepare(
                project, officer, applied=today - 50 * DAY, formed=today - 21 * DAY, posted=today - 12 * DAY
            )
            objection = committees.receive_objection(
                committee,
                actor=officer,
                name="3号楼业主",
                text_="候选人名单中有一人已将房屋出售，不再是本小区业主。",
                received_on=today - 8 * DAY,
            )
            committees.answer_objection(
                objection,
                actor=officer,
                answer="经核对房屋业主名册，该候选人仍为 2 号楼业主，候选资格有效。",
                answered_on=today - 4 * DAY,
            )
        else:
            _prepare(project, officer, applied=today - 20 * DAY, formed=None, posted=None)
        made.append(build)
    ctx.log(f"owners' committees: {', '.join(made) or 'none new'}")
