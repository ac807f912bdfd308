"""The honour bonus (+3 for an honour of the quarter's year) and administrative penalties (the
points the officer entered) reach the enterprise scores through two scheme parameters.

Published schemes are final: a quarter scored with one recomputes to what was published, so
they are not changed. Drafts get the parameters; and when the scheme in force lacks them, a new
published version with them takes over from the first quarter after the last published one."""

from django.db import migrations

ADDED = {"honour_bonus": 3, "penalty_factor": 1}


def add_parameters(apps, schema_editor):
    from django.utils import timezone

    Scheme = apps.get_model("ratings", "Scheme")
    ScoringRun = apps.get_model("ratings", "ScoringRun")
    for draft in Scheme.objects.filter(status="draft"):
        draft.params = {**ADDED, **draft.params}
        draft.save(update_fields=["params"])
    last = ScoringRun.objects.filter(status="published").order_by("-year", "-quarter").first()
    year, quarter = (2000, 1) if last is None else divmod((last.year * 4 + last.quarter - 1) + 1, 4)
    if last is not None:
        quarter += 1
    in_force = (
        Scheme.objects.filter(status="published")
        .exclude(effective_year__gt=year)
        .exclude(effective_year=year, effective_quarter__gt=quarter)
        .order_by("-effective_year", "-effective_quarter", "-version")
        .first()
    )
    if in_force is None or all(key in in_force.params for key in ADDED):
        return
    latest = Scheme.objects.order_by("-version").first()
    Scheme.objects.create(
        name=in_force.name,
        version=latest.version + 1,
        effective_year=year,
        effective_quarter=quarter,
        status="published",
        params={**in_force.params, **ADDED},
        published_at=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [("ratings", "0013_rules_credit_once")]

    operations = [migrations.RunPython(add_parameters, migrations.RunPython.noop)]
