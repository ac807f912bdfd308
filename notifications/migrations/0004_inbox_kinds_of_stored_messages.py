"""Inbox messages stored before they had a kind: recognised by their stored text (Chinese, or
English when the page that caused them was in English) and given their kind and parameters, so
they too read in the reader's language. A message not recognised keeps its stored text."""

import re

from django.db import migrations

# kind → (subject, body) as written until now, in both languages: %(name)s is a parameter, a
# body of None is the person's own words (``note``).
TEXTS = {
    "work_order_assigned": [
        ("新派工单 %(no)s", "%(project)s：%(text)s"),
        ("New work order %(no)s", "%(project)s: %(text)s"),
    ],
    "work_order_sent_back": [("工单 %(no)s 被退回重办", None), ("Work order %(no)s was sent back", None)],
    "work_order_unsatisfied": [
        ("工单 %(no)s 居民不满意，已重新办理", None),
        ("Work order %(no)s: resident unsatisfied, reopened", None),
    ],
    "work_order_reopened": [
        ("工单 %(no)s 办结后居民反映问题未解决，已重新办理", None),
        ("Work order %(no)s: the resident says it is not fixed after closing; reopened", None),
    ],
    "work_order_overdue": [
        ("超期督办：%(no)s", "%(project)s 的投诉已超期，请督促办理。"),
        ("Overdue: %(no)s", "A complaint about %(project)s is overdue; please follow it up."),
    ],
    "self_reports_due": [
        ("自查自评即将到期", "%(n)s 个项目的季度自查自评将于 %(d)s 前到期。"),
        ("Self-reports due soon", "The quarterly self-reports of %(n)s projects are due by %(d)s."),
    ],
    "change_approved": [("企业信息变更申请已通过", None), ("Profile change request approved", None)],
    "change_rejected": [("企业信息变更申请被驳回", None), ("Profile change request rejected", None)],
}
# Bodies that are the kind's own text, not a person's words.
DEFAULT_BODIES = {"不满意", "Unsatisfied", "变更已生效。", "The change is in effect."}


def pattern(text: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", text)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)" for i, p in enumerate(parts))
    return re.compile(f"^{regex}$", re.S)


PATTERNS = [
    (kind, pattern(subject), pattern(body) if body else None)
    for kind, pairs in TEXTS.items()
    for subject, body in pairs
]


def recognise(subject: str, body: str):
    for kind, subject_re, body_re in PATTERNS:
        found = subject_re.match(subject)
        if not found:
            continue
        params = found.groupdict()
        if body_re is None:
            params["note"] = "" if body in DEFAULT_BODIES else body
            return kind, params
        matched = body_re.match(body)
        if matched:
            params.update(matched.groupdict())
            if "n" in params:
                params["n"] = int(params["n"])
            return kind, params
    return None


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    rows = Notification.objects.filter(channel="inbox", kind="").only("pk", "subject", "body")
    changed = []
    for row in rows.iterator(chunk_size=2000):
        found = recognise(row.subject, row.body)
        if found:
            row.kind, row.params = found
            changed.append(row)
        if len(changed) >= 2000:
            Notification.objects.bulk_update(changed, ["kind", "params"])
            changed = []
    Notification.objects.bulk_update(changed, ["kind", "params"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_message_kinds")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
