"""Every stored score's JSON components become typed rows, faithfully: the values and inputs as
stored, the scheme's weights of the run, the effective weight and the points of each line from
them. The scores themselves are not touched (published is final): their rule stays ``mean``.

A component's JSON was ``{"value": …, "weight": <effective %>, "inputs": {…}}`` with the inputs
of ``ratings.scoring`` before typed rows (see this migration's ``_inputs``)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

ORDER = ["inspection", "complaints", "handling", "satisfaction", "street", "rectification", "self_report"]
BATCH = 2000


def _number(value):
    return None if value is None else Decimal(str(value))


def _inputs(key: str, inputs: dict) -> dict:
    """The typed columns of one component's stored inputs."""
    if key == "inspection" and inputs.get("self_assessed"):
        return {
            "counted": _number(inputs.get("self_score")),
            "total": _number(inputs.get("total")),
            "factor": _number(inputs.get("factor")),
            "self_assessed": True,
            "sources": [inputs["self_report"]] if inputs.get("self_report") else [],
        }
    if key == "inspection":
        return {
            "counted": _number(inputs.get("score")),
            "total": _number(inputs.get("total")),
            "sources": list(inputs.get("inspections") or []),
        }
    if key == "complaints":
        return {
            "counted": _number(inputs.get("count")),
            "households": inputs.get("households"),
            "sources": list(inputs.get("complaints") or []),
        }
    if key in ("handling", "rectification"):
        return {
            "counted": _number(inputs.get("on_time")),
            "total": _number(inputs.get("total")),
            "sources": list(inputs.get("orders") or []),
        }
    if key == "satisfaction":
        return {
            "counted": _number(inputs.get("satisfied")),
            "partial": inputs.get("basic"),
            "total": _number(inputs.get("rated")),
            "factor": _number(inputs.get("factor")),
        }
    if key == "street":
        return {"sources": [inputs["evaluation"]] if inputs.get("evaluation") else []}
    return {
        "outcome": inputs.get("outcome", ""),
        "sources": [inputs["self_report"]] if inputs.get("self_report") else [],
    }


def forwards(apps, schema_editor):
    ProjectScore = apps.get_model("ratings", "ProjectScore")
    Component = apps.get_model("ratings", "ProjectScoreComponent")
    rows = ProjectScore.objects.select_related("run__scheme").order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        made = []
        for score in batch:
            weights = score.run.scheme.params["weights"]
            stored = score.components or {}
            keys = [key for key in ORDER if key in stored]
            present = sum((_number(weights[key]) for key in keys), Decimal(0))
            penalty = _number(score.run.scheme.params.get("complaint_penalty"))
            for key in keys:
                value, weight = _number(stored[key]["value"]), _number(weights[key])
                inputs = _inputs(key, stored[key].get("inputs") or {})
                if key == "complaints":
                    inputs["factor"] = penalty
                made.append(
                    Component(
                        score_id=score.pk,
                        key=key,
                        value=value,
                        weight=weight,
                        effective_weight=(weight * 100 / present).quantize(Decimal("0.000001"), ROUND_HALF_UP)
                        if present
                        else Decimal(0),
                        points=(value * weight / present).quantize(Decimal("0.01"), ROUND_HALF_UP)
                        if present
                        else Decimal(0),
                        **inputs,
                    )
                )
        Component.objects.bulk_create(made)


def backwards(apps, schema_editor):
    apps.get_model("ratings", "ProjectScoreComponent").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0016_scoring_components")]

    operations = [migrations.RunPython(forwards, backwards)]
