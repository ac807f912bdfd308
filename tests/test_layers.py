"""The schema follows the layers: no relation points from a lower app to a higher one.

The order is the import-linter layers contract in ``pyproject.toml`` (the one place it is
written). A ForeignKey, OneToOneField or ManyToManyField whose target lives in a higher layer
would hold even when the import contract does (a string reference imports nothing), so this test
reads the relations from the model registry, string references resolved. The one exception is
``settings.AUTH_USER_MODEL``: swappable by design, used by lower apps through the setting and the
user's methods, never by importing accounts.
"""

import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

CONTRACT = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"]["importlinter"]
LAYERS = next(c["layers"] for c in CONTRACT["contracts"] if c["type"] == "layers")
# Top of the list is the highest layer: a bigger rank is a lower layer.
RANK = {app: rank for rank, app in enumerate(LAYERS)}


def project_models():
    return [model for model in apps.get_models() if model._meta.app_label in RANK]


def upward_relations(models):
    """(model, field, target app) for every relation of ``models`` that points up the layers."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in models:
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue  # reverse accessors belong to the model that declares the key
            target = field.related_model
            if target is user_model or target._meta.app_label not in RANK:
                continue
            if RANK[target._meta.app_label] < RANK[model._meta.app_label]:
                found.append((model._meta.label, field.name, target._meta.label))
    return found


def test_every_project_app_has_a_layer():
    apps_with_models = {model._meta.app_label for model in apps.get_models()}
    ours = {config.label for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)}
    assert ours <= set(RANK), f"apps missing from the layers contract: {sorted(ours - set(RANK))}"
    assert apps_with_models & ours


def test_no_relation_points_up_the_layers():
    assert upward_relations(project_models()) == []


def test_the_region_tree_is_the_bottom_of_the_domain():
    """Every app above core that keys a region keys the one tree in ``regions``."""
    assert LAYERS[-2:] == ["regions", "core"]
    region = apps.get_model("regions", "Region")
    keyed = {
        model._meta.app_label
        for model in project_models()
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model is region
    }
    assert {"accounts", "enterprises", "projects", "complaints", "ratings"} <= keyed


@pytest.mark.parametrize(
    "lower, higher",
    [("enterprises", "projects"), ("regions", "enterprises"), ("core", "accounts")],
)
def test_the_check_catches_a_key_pointing_up(lower, higher):
    """The check is not vacuous: a model declared in a lower app with a key to a higher app's
    model (as a string, which import-linter cannot see) is reported."""
    from django.db import models

    target = next(
        m for m in project_models() if m._meta.app_label == higher and m is not apps.get_model(settings.AUTH_USER_MODEL)
    )
    attrs = {
        "__module__": f"{lower}.models",
        "Meta": type("Meta", (), {"app_label": lower, "managed": False}),
        "up": models.ForeignKey(target._meta.label, on_delete=models.CASCADE, related_name="+"),
    }
    name = f"Probe{lower.title()}{higher.title()}"
    probe = type(name, (models.Model,), attrs)
    try:
        assert upward_relations([probe]) == [(probe._meta.label, "up", target._meta.label)]
    finally:
        apps.all_models[lower].pop(name.lower(), None)
        apps.clear_cache()


def test_a_key_to_the_user_model_is_the_one_exception():
    audit = apps.get_model("core", "AuditEvent")
    assert audit._meta.get_field("actor").related_model is apps.get_model(settings.AUTH_USER_MODEL)
    assert upward_relations([audit]) == []
