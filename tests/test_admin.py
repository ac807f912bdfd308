import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission

from accounts.choices import Role

from .factories import UserFactory


def test_every_registered_model_has_working_admin_pages(tree, users, client_for):
    c = client_for(users.admin)
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/"
        assert c.get(url).status_code == 200, url
        if model_admin.has_add_permission(type("R", (), {"user": users.admin})()):
            assert c.get(url + "add/").status_code == 200, url + "add/"


@pytest.mark.parametrize("app,model", [("projects", "project"), ("regions", "region"), ("enterprises", "enterprise")])
def test_models_have_chinese_verbose_names(app, model):
    from django.apps import apps

    meta = apps.get_model(app, model)._meta
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(meta.verbose_name))


def test_staff_officer_sees_only_their_jurisdiction_in_admin(tree, client_for):
    officer = UserFactory(username="staff_a", role=Role.DISTRICT_OFFICER, region=tree.a, is_staff=True)
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["view_project", "change_project"]))
    c = client_for(officer)
    html = c.get("/admin/projects/project/").content.decode()
    assert tree.project_a.code in html and tree.project_b.code not in html
    assert c.get(f"/admin/projects/project/{tree.project_b.pk}/change/").status_code == 302  # "does not exist"
    assert c.get(f"/admin/projects/project/{tree.project_a.pk}/change/").status_code == 200
    assert c.get("/admin/accounts/user/").status_code == 403


def test_run_now_in_the_admin_counts_the_run(db, users, client_for, monkeypatch):
    """Beat counts only what beat sends; a job sent by the admin's "run now" counts too."""
    from celery.app.task import Task
    from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

    from core import schedules

    sent = []
    monkeypatch.setattr(Task, "apply_async", lambda self, *args, **kwargs: sent.append((self.name, kwargs)))
    schedules.install(PeriodicTask, CrontabSchedule)
    job = PeriodicTask.objects.order_by("name").first()
    before = PeriodicTasks.last_change()
    response = client_for(users.admin).post(
        "/admin/django_celery_beat/periodictask/", {"action": "run_tasks", "_selected_action": [job.pk]}
    )
    assert response.status_code == 302
    assert [(name, kwargs["headers"]) for name, kwargs in sent] == [(job.task, {"periodic_task_name": job.name})]
    job.refresh_from_db()
    assert job.total_run_count == 1
    assert PeriodicTasks.last_change() != before  # beat reloads the count rather than writing its own over it
