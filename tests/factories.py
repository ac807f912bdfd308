import random
from decimal import Decimal

import factory
from django.conf import settings

from accounts.choices import DepartmentKind, Role
from accounts.models import Department, User
from enterprises.demo import make_uscc
from enterprises.models import Enterprise
from projects.choices import ManagementMode, ProjectType
from projects.models import Project
from regions.choices import RegionLevel
from regions.models import Region

_uscc_rng = random.Random(7)
_usccs: set = set()


def valid_uscc(region_code="370102") -> str:
    return make_uscc(_uscc_rng, region_code, _usccs)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"区域{n}")
    level = RegionLevel.CITY
    parent = None
    code = factory.Sequence(lambda n: f"{370000 + n:06d}")

    @classmethod
    def child(cls, parent, suffix: int, **kwargs):
        width = 2 if parent.level == RegionLevel.CITY else 3
        code = (parent.code[:4] if parent.level == RegionLevel.CITY else parent.code) + f"{suffix:0{width}d}"
        return cls(code=code, parent=parent, level=parent.level + 1, **kwargs)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试物业服务有限公司{n}")
    uscc = factory.LazyAttribute(lambda o: valid_uscc(o.region.code))
    legal_representative = "张三"
    address = "建设路 1 号"
    phone = "0531-88888888"
    staff_count = 100


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"P-T{n:06d}")
    name = factory.Sequence(lambda n: f"阳光花园{n}期")
    address = factory.Sequence(lambda n: f"文化路 {n} 号")
    project_type = ProjectType.RESIDENTIAL
    households = 100
    management_mode = ManagementMode.UNMANAGED
    fee_standard = Decimal("1.20")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.DISTRICT_OFFICER
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = "市公安局"
    kind = DepartmentKind.PUBLIC_SECURITY


def make_complaint(project, *, category_code="cleaning", description="楼道垃圾堆放多日无人清运，气味很大", **kwargs):
    """A complaint submitted through the workflow, as intake does it."""
    from complaints import workflow
    from complaints.models import Category, Complaint

    complaint = Complaint(
        project=project,
        category=Category.objects.get(code=category_code),
        description=description,
        complainant_phone=kwargs.pop("complainant_phone", "13812341234"),
        **kwargs,
    )
    return workflow.submit(complaint, actor_label="测试")


def close_objection_window(run):
    """``run`` as if it had finished a month ago: its five-working-day objection window is over,
    so an officer may publish it once every objection is decided."""
    import datetime as dt

    from django.utils import timezone

    from ratings.models import ScoringRun

    ScoringRun.objects.filter(pk=run.pk).update(finished=timezone.now() - dt.timedelta(days=30))
    run.refresh_from_db()
    return run
