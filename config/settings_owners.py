"""The owners' and the funds' settings (owners/, funds/): national defaults of 《民法典》,
《业主大会和业主委员会指导规则》 and 《住宅专项维修资金管理办法》 that a city may set otherwise in its
environment. Imported by :mod:`config.settings` once the environment (and ``.env``) is read;
``OWNER_ID_HASH_KEY``, which derives from ``SECRET_KEY``, stays there."""

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# Owners' sign-in (owners/signin.py): a code by SMS works this many minutes and tries; codes are
# sent at most so often per address and per phone (the complaint form's limits); an owner's
# session ends after this many minutes without a request.
OWNER_CODE_MINUTES = env.int("OWNER_CODE_MINUTES", default=10)
OWNER_CODE_ATTEMPTS = env.int("OWNER_CODE_ATTEMPTS", default=5)
OWNER_CODE_RATE_PER_IP = env.str("OWNER_CODE_RATE_PER_IP", default="10/h")
OWNER_CODE_RATE_PER_PHONE = env.str("OWNER_CODE_RATE_PER_PHONE", default="5/d")
OWNER_VERIFY_RATE_PER_IP = env.str("OWNER_VERIFY_RATE_PER_IP", default="30/h")
OWNER_SESSION_MINUTES = env.int("OWNER_SESSION_MINUTES", default=30)
# Owners' votes (owners/votes.py), 《民法典》 art. 278 and 《业主大会和业主委员会指导规则》; a city that
# sets other numbers sets them here. Fractions as "n/d": the share of the area and of the owners
# that must take part (at least), that must agree on an ordinary matter (more than) and on a
# special one (at least: raising the fund, rebuilding, common parts).
OWNERS_VOTE_QUORUM = env.str("OWNERS_VOTE_QUORUM", default="2/3")
OWNERS_VOTE_MAJORITY = env.str("OWNERS_VOTE_MAJORITY", default="1/2")
OWNERS_VOTE_SPECIAL = env.str("OWNERS_VOTE_SPECIAL", default="3/4")
for _name in ("OWNERS_VOTE_QUORUM", "OWNERS_VOTE_MAJORITY", "OWNERS_VOTE_SPECIAL"):
    _parts = globals()[_name].split("/")
    if not (
        len(_parts) == 2
        and all(p.isascii() and p.isdigit() for p in _parts)
        and 0 < int(_parts[0]) <= int(_parts[1]) < 1000
    ):
        raise ImproperlyConfigured(f"{_name} must be a fraction n/d with 0 < n <= d < 1000, e.g. 2/3.")
# Days between the notice and the opening (at least), of the objection period; working hours
# after the close within which the preliminary result is due (8: one working day).
OWNERS_VOTE_NOTICE_DAYS = env.int("OWNERS_VOTE_NOTICE_DAYS", default=15)
OWNERS_VOTE_OBJECTION_DAYS = env.int("OWNERS_VOTE_OBJECTION_DAYS", default=7)
OWNERS_VOTE_RESULT_HOURS = env.int("OWNERS_VOTE_RESULT_HOURS", default=8)
# Owners' committees (owners/committees.py), national defaults of 《业主大会和业主委员会指导规则》; a
# city that sets other numbers sets them here. The share of the area delivered above which owners
# may apply (%); days for the street office to form the preparatory group after the application,
# for the group to hold the first meeting, by which its documents are posted before that
# meeting, to answer an objection, for the committee's own first meeting after the election
# (chair and vice-chairs) and for its filing; the term in years (at most 5); months before the
# term ends that the renewal is due; days the street gives when it orders the renewal; days to
# hand over records and the seal; days before a deadline that the office's inbox is reminded.
OWNERS_COMMITTEE_ELIGIBLE_SHARE = env.int("OWNERS_COMMITTEE_ELIGIBLE_SHARE", default=50)
OWNERS_COMMITTEE_GROUP_DAYS = env.int("OWNERS_COMMITTEE_GROUP_DAYS", default=60)
OWNERS_COMMITTEE_PREPARATION_DAYS = env.int("OWNERS_COMMITTEE_PREPARATION_DAYS", default=90)
OWNERS_COMMITTEE_POSTING_DAYS = env.int("OWNERS_COMMITTEE_POSTING_DAYS", default=15)
OWNERS_COMMITTEE_OBJECTION_DAYS = env.int("OWNERS_COMMITTEE_OBJECTION_DAYS", default=7)
OWNERS_COMMITTEE_OFFICERS_DAYS = env.int("OWNERS_COMMITTEE_OFFICERS_DAYS", default=7)
OWNERS_COMMITTEE_FILING_DAYS = env.int("OWNERS_COMMITTEE_FILING_DAYS", default=30)
OWNERS_COMMITTEE_TERM_YEARS = env.int("OWNERS_COMMITTEE_TERM_YEARS", default=5)
OWNERS_COMMITTEE_RENEWAL_MONTHS = env.int("OWNERS_COMMITTEE_RENEWAL_MONTHS", default=3)
OWNERS_COMMITTEE_ORDER_DAYS = env.int("OWNERS_COMMITTEE_ORDER_DAYS", default=30)
OWNERS_COMMITTEE_HANDOVER_DAYS = env.int("OWNERS_COMMITTEE_HANDOVER_DAYS", default=10)
OWNERS_COMMITTEE_REMIND_DAYS = env.int("OWNERS_COMMITTEE_REMIND_DAYS", default=5)
OWNERS_COMMITTEE_SEATS = (
    env.int("OWNERS_COMMITTEE_SEATS_MIN", default=5),
    env.int("OWNERS_COMMITTEE_SEATS_MAX", default=11),
)
if not 1 <= OWNERS_COMMITTEE_TERM_YEARS <= 5:
    raise ImproperlyConfigured("OWNERS_COMMITTEE_TERM_YEARS must be between 1 and 5 (《指导规则》: at most 5).")
if not 0 <= OWNERS_COMMITTEE_ELIGIBLE_SHARE < 100:
    raise ImproperlyConfigured("OWNERS_COMMITTEE_ELIGIBLE_SHARE must be a percentage below 100.")

# --- Maintenance funds and public revenue (funds/) ----------------------------------------------
# The first deposit per m² defaults to the construction cost per m² × the percentage (5–8 %,
# 《住宅专项维修资金管理办法》第七条); a region's own rate is a ``funds.DepositRate``.
FUNDS_CONSTRUCTION_COST = env.str("FUNDS_CONSTRUCTION_COST", default="2000")
FUNDS_DEPOSIT_PERCENT = env.str("FUNDS_DEPOSIT_PERCENT", default="5")
FUNDS_ALERT_SHARE = env.str("FUNDS_ALERT_SHARE", default="0.30")
FUNDS_PLAN_POSTING_DAYS = env.int("FUNDS_PLAN_POSTING_DAYS", default=7)
FUNDS_EMERGENCY_REVIEW_DAYS = env.int("FUNDS_EMERGENCY_REVIEW_DAYS", default=5)
FUNDS_REVENUE_POSTING_DAYS = env.int("FUNDS_REVENUE_POSTING_DAYS", default=30)
# Days after a half-year ends by which the enterprise enters its public revenue; a half-year not
# entered by then is overdue on the bureau's dashboards (funds/revenue_overdue.py).
FUNDS_REVENUE_POSTING_DUE_DAYS = env.int("FUNDS_REVENUE_POSTING_DUE_DAYS", default=30)
if not 0 <= FUNDS_REVENUE_POSTING_DUE_DAYS <= 366:
    raise ImproperlyConfigured("FUNDS_REVENUE_POSTING_DUE_DAYS must be between 0 and 366.")

__all__ = [name for name in dir() if name.isupper()]
