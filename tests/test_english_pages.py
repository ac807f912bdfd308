"""Every main page in English: no Chinese but what people entered and proper names (issue 24,
item 13).

The small demo is seeded and a few inbox messages are caused while the portal speaks Chinese;
then each main role (and an anonymous resident) walks its pages in English from its start page,
following the links it is shown (a couple of pages of each kind). On every page, the text people
entered and the names of places, enterprises, projects and people are taken out — every text
column of the database, but those the portal writes itself (``GENERATED``) — and any Chinese
character or full-width punctuation left fails the test, listed with its page and context.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.test import Client

from accounts.models import User
from notifications.models import Notification
from projects.models import Project

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
# Text columns the portal fills itself, never people: not taken out (a filter: only those rows).
GENERATED = {
    ("notifications.Notification", "subject"): None,
    ("notifications.Notification", "body"): None,
    ("complaints.ComplaintEvent", "actor_label"): None,  # 系统, 居民 …: translated when shown
    ("ratings.StarDowngrade", "reason"): None,
    ("inspections.RectificationOrder", "issue"): ~Q(deduction__isnull=True),  # an inspection's
    ("ratings.CreditRecord", "note"): ~Q(kind="penalty"),  # a penalty's note is the officer's
    ("complaints.Category", "name"): ~Q(name_en=""),  # named in English where it can be
}
SKIPPED_APPS = {"admin", "auth", "contenttypes", "sessions", "django_celery_beat", "django_celery_results"}
# Not pages: downloads, images, the API and the admin (Django's own, in its own translation).
NOT_PAGES = re.compile(
    r"^/(admin|api|media|static|i18n|captcha|open311)/|logout|[?&](export|format)=|\.(csv|docx|xlsx|json|png|jpg)\b"
)
PER_KIND = 1  # pages of each kind (the same path but for ids and codes) visited per role
# Where each role starts, and the kinds of page it must have reached (the walk did not shrink).
ROLES = {
    None: (
        ["/", "/inspections/draws/"],
        {"/", "/compound/N/", "/lists/", "/lists/N/", "/directory/N/", "/credit/N/", "/inspections/draws/N/"},
    ),
    "city": (
        ["/workbench/"],
        {
            "/workbench/",
            "/complaints/",
            "/complaints/N/",
            "/dashboards/",
            "/dashboards/bulletins/N/",
            "/dashboards/league/",
            "/supervision/draws/N/",
            "/supervision/inspections/N/",
            "/supervision/orders/N/",
            "/supervision/standards/N/",
            "/ratings/",
            "/ratings/project-scores/N/",
            "/ratings/enterprise-scores/N/",
            "/ratings/lists/N/",
            "/ratings/stars/N/",
            "/ratings/honours/N/",
            "/ratings/N/objections/",
            "/ratings/credit/N/",
            "/enterprises/N/",
            "/registry/projects/N/",
            "/inbox/",
        },
    ),
    "district": (["/workbench/"], {"/dashboards/", "/complaints/N/", "/supervision/orders/N/", "/inbox/"}),
    "street": (["/workbench/"], {"/complaints/", "/ratings/"}),
    "community": (["/workbench/"], {"/complaints/"}),
    "police": (["/workbench/"], {"/complaints/"}),
    "enterprise": (["/workbench/"], {"/complaints/N/", "/supervision/orders/N/", "/enterprises/N/", "/inbox/"}),
}


class PageText(HTMLParser):
    """The text a reader sees or hears: text nodes, the attributes read out or shown as text, and
    the strings of the pages' JSON data (the charts); not scripts and styles."""

    ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-label", "data-bs-title")

    def __init__(self):
        super().__init__()
        self.texts, self.links = [], []
        self._hidden = 0
        self._json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/json":
            self._json = True
        elif tag in ("script", "style"):
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self.texts += [attrs[name] for name in self.ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "script" and self._json:
            self._json = False
        elif tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if self._json:
            self.texts += list(_strings(json.loads(data)))
        elif not self._hidden:
            self.texts.append(data)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def entered_text() -> list[str]:
    """Every text people entered and every proper name in the database (longest first), and the
    languages' own names (the language menu)."""
    found = {str(name) for _code, name in settings.LANGUAGES}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in SKIPPED_APPS:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            rows = model._base_manager.exclude(**{field.name: ""})
            if (label, field.name) in GENERATED:
                only = GENERATED[(label, field.name)]
                if only is None:
                    continue
                rows = rows.exclude(only)
            found.update(" ".join(v.split()) for v in rows.values_list(field.name, flat=True).distinct() if v)
    found.update(u.get_full_name() for u in User.objects.all() if u.get_full_name())
    return sorted((t for t in found if CJK.search(t)), key=len, reverse=True)


def kind_of(url: str) -> str:
    """The page's kind: its path with every part holding a digit as N (ids, codes), and a
    question mark when it has a query."""
    path, _, query = url.partition("?")
    parts = ["N" if re.search(r"\d", part) else part for part in path.split("/")]
    return "/".join(parts) + ("?" if query else "")


class Walk:
    def __init__(self, allowed: list[str]):
        self.allowed = allowed
        self.found: dict[str, list[str]] = defaultdict(list)  # page kind → snippets

    def left_over(self, text: str) -> list[str]:
        """The Chinese in ``text`` once entered text and names are taken out; a run of six or more
        characters inside an entered text is such text shortened (“…”)."""
        text = " ".join(text.split())
        if not CJK.search(text):
            return []
        for allowed in self.allowed:
            if allowed in text:
                text = text.replace(allowed, " ¤ ")
        runs = [m for m in CJK.finditer(text) if not (len(m.group()) >= 6 and self._inside_entered(m.group()))]
        return [text[max(0, m.start() - 40) : m.end() + 40] for m in runs]

    def _inside_entered(self, run: str) -> bool:
        return any(run in allowed for allowed in self.allowed)

    def role(self, user, starts: list[str]) -> set[str]:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            client.force_login(user)
        queue, seen, kinds = list(starts), set(), Counter()
        while queue:
            url = queue.pop(0)
            kind = kind_of(url)
            if url in seen or kinds[kind] >= PER_KIND or NOT_PAGES.search(url):
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            kinds[kind] += 1
            page = PageText()
            page.feed(response.content.decode())
            for text in page.texts:
                for snippet in self.left_over(text):
                    self.found[kind].append(f"{user or 'anonymous'} {url}: …{snippet}…")
            queue += [link.split("#")[0] for link in page.links if link.startswith("/") and not link.startswith("//")]
        return set(kinds)


def cause_inbox_messages():
    """Messages caused while the portal speaks Chinese: a work order assigned to the demo
    enterprise, answered, and reopened by its unsatisfied resident (its officers are told)."""
    from complaints import workflow
    from complaints.models import Category, Complaint

    clerk = User.objects.get(username="enterprise")
    project = Project.objects.filter(enterprise=clerk.enterprise).first()
    complaint = Complaint(
        project=project,
        category=Category.objects.get(code="cleaning"),
        description="楼道垃圾堆放多日无人清运",
        complainant_phone="13812341234",
    )
    complaint = workflow.submit(complaint, actor_label=workflow.RESIDENT)
    complaint = workflow.accept_and_assign(complaint, actor=User.objects.get(username="city"), to=clerk.enterprise)
    complaint = workflow.answer(workflow.sign(complaint, actor=clerk), actor=clerk, text="已清运完毕")
    workflow.record_feedback(complaint, rating="unsatisfied")


@pytest.mark.django_db
def test_every_main_page_reads_in_english_but_names_and_what_people_wrote():
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    cause_inbox_messages()
    assert Notification.objects.filter(channel="inbox", kind="work_order_unsatisfied").exists()
    walk = Walk(entered_text())
    for username, (starts, expected) in ROLES.items():
        user = User.objects.get(username=username) if username else None
        reached = walk.role(user, starts)
        assert expected <= reached, f"{username or 'anonymous'} did not reach {sorted(expected - reached)}"
    problems = [snippet for snippets in walk.found.values() for snippet in snippets[:3]]
    assert not problems, "Chinese on English pages:\n" + "\n".join(problems)
    # What was written in Chinese reads in English: the inbox, the draws named by their quarter.
    clerk = Client(HTTP_ACCEPT_LANGUAGE="en")
    clerk.force_login(User.objects.get(username="enterprise"))
    inbox = clerk.get("/inbox/").content.decode()
    assert "New work order GD" in inbox and "resident unsatisfied, reopened" in inbox
    assert "Random inspection, " in Client(HTTP_ACCEPT_LANGUAGE="en").get("/inspections/draws/").content.decode()
