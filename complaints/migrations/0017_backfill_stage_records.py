"""Stage records for the complaints filed before they were kept, rebuilt from each complaint's
events: a stage began at the event that opened it (submitted or reopened → accept, assigned →
sign, signed or sent back → answer) and ended at the one that closed it (assigned, rejected or
merged → accept; signed → sign, or a re-assignment superseding it; answered → answer). Its
deadline is the SLA policy's working hours for the complaint's urgency on the working calendar
as stored now (both as the installation has them, the closest record of what was in force).

Events do not name the assignee, so the sign and answer stages are attributed to the complaint's
current assignee. Runs in batches of complaints; a database without complaints does nothing.
"""

from decimal import Decimal

from django.db import migrations

OPENS = {"submitted": "accept", "reopened": "accept", "assigned": "sign", "signed": "answer", "sent_back": "answer"}
ENDS = {"assigned": "accept", "rejected": "accept", "merged": "accept", "signed": "sign", "answered": "answer"}
BATCH = 2000


def _stages(complaint, events):
    """``[(stage, started, ended, completed)]`` from one complaint's events in order."""
    stages, running = [], None
    if not events or events[0][0] != "submitted":
        running = ["accept", complaint["created"]]
    for type_, at in events:
        if running is not None and (ENDS.get(type_) == running[0] or type_ == "assigned"):
            completed = ENDS.get(type_) == running[0]  # a re-assignment supersedes an unsigned stage
            stages.append((running[0], running[1], at, completed))
            running = None
        if type_ in OPENS and running is None:
            running = [OPENS[type_], at]
    if running is not None:
        stages.append((running[0], running[1], None, False))
    return stages


def backfill(apps, schema_editor):
    from core.calendar import WorkCalendar

    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    StageRecord = apps.get_model("complaints", "StageRecord")
    SlaPolicy = apps.get_model("complaints", "SlaPolicy")
    CalendarDay = apps.get_model("core", "CalendarDay")
    if not Complaint.objects.exists():
        return
    policies = {(p.stage, p.urgency): p.working_hours for p in SlaPolicy.objects.all()}
    calendar = WorkCalendar(dict(CalendarDay.objects.values_list("date", "is_workday")))
    done = set(StageRecord.objects.values_list("complaint_id", flat=True).distinct())
    last = 0
    while True:
        complaints = list(
            Complaint.objects.filter(pk__gt=last)
            .order_by("pk")
            .values("pk", "created", "urgency", "assignee_kind", "assignee_enterprise_id")[:BATCH]
        )
        if not complaints:
            return
        last = complaints[-1]["pk"]
        events: dict[int, list] = {}
        for complaint_id, type_, at in (
            ComplaintEvent.objects.filter(complaint_id__in=[c["pk"] for c in complaints])
            .order_by("complaint_id", "created", "id")
            .values_list("complaint_id", "type", "created")
        ):
            events.setdefault(complaint_id, []).append((type_, at))
        records = []
        for c in complaints:
            if c["pk"] in done:
                continue
            for stage, started, ended, completed in _stages(c, events.get(c["pk"], [])):
                party, enterprise = "bureau", None
                if stage != "accept" and c["assignee_kind"]:
                    party = c["assignee_kind"]
                    enterprise = c["assignee_enterprise_id"] if party == "enterprise" else None
                    if party == "enterprise" and enterprise is None:
                        party = "bureau"
                hours = policies.get((stage, c["urgency"]))
                due = calendar.add_working_hours(started, Decimal(hours)) if hours is not None else None
                records.append(
                    StageRecord(
                        complaint_id=c["pk"],
                        stage=stage,
                        party=party,
                        enterprise_id=enterprise,
                        started_at=started,
                        working_hours=hours,
                        due_at=due,
                        ended_at=max(ended, started) if ended else None,
                        completed=completed,
                    )
                )
        StageRecord.objects.bulk_create(records, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0016_stage_records"),
        ("core", "0008_shipped_calendar_years"),  # deadlines on the shipped holidays
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
