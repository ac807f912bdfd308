from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, PickerSelect, YearField, bind_pickers, bootstrapify
from core.photos import PhotosField
from core.quarters import Quarter, check_past_date, this_year
from enterprises.models import Enterprise
from projects.models import Project

from .choices import Component, HonourKind, ListSubject


def recent_quarters(count: int = 8) -> list[tuple[str, str]]:
    quarter, choices = Quarter.last_closed(), []
    for _i in range(count):
        choices.append((str(quarter), str(quarter)))
        quarter = quarter.previous()
    return choices


class StartForm(BootstrapFormMixin, forms.Form):
    """The recent quarters that may still be computed (a published one is final)."""

    quarter = forms.ChoiceField(label=_("季度"), choices=recent_quarters)

    def __init__(self, *args, published=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["quarter"]
        field.choices = [(value, label) for value, label in field.choices if value not in published]


FACTOR = {"min_value": 0, "max_value": 1, "decimal_places": 2}
POINTS = {"min_value": 0, "max_value": 100, "decimal_places": 1}


class SchemeForm(BootstrapFormMixin, forms.Form):
    """The draft scheme's weights and parameters, one field each."""

    name = forms.CharField(label=_("名称"), max_length=100)
    effective = forms.CharField(label=_("生效季度（如 2027Q1）"), max_length=7)
    self_report_factor = forms.DecimalField(label=_("无检查时自评折算系数"), **FACTOR)
    complaint_penalty = forms.DecimalField(label=_("每百户一件有效投诉扣分"), **POINTS)
    basically_satisfied_factor = forms.DecimalField(label=_("基本满意折算系数"), **FACTOR)
    summons_penalty = forms.DecimalField(label=_("每次约谈扣分"), **POINTS)
    summons_penalty_cap = forms.DecimalField(label=_("约谈扣分上限"), **POINTS)
    honour_bonus = forms.DecimalField(label=_("当年获评先树优加分"), **POINTS)
    penalty_factor = forms.DecimalField(
        label=_("行政处罚扣分折算系数"), help_text=_("1 = 按主管部门录入的扣分计入企业季度得分，0 = 不计入"), **FACTOR
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in Component.choices:
            self.fields[f"weight_{key}"] = forms.IntegerField(
                label=_("权重：%(c)s（%%）") % {"c": label}, min_value=0, max_value=100
            )
        self.order_fields(["name", "effective", *[f"weight_{k}" for k in Component.values]])
        bootstrapify(self)  # the weight fields are added after the mixin styled the others

    def clean_effective(self):
        try:
            return Quarter.parse(self.cleaned_data["effective"])
        except ValueError:
            raise forms.ValidationError(_("请按“2027Q1”的格式填写季度。")) from None

    def clean(self):
        data = super().clean()
        weights = [data.get(f"weight_{k}") for k in Component.values]
        if all(w is not None for w in weights) and sum(weights) != 100:
            raise forms.ValidationError(_("各项权重合计应为 100%%，现为 %(n)d%%。") % {"n": sum(weights)})
        return data


class StreetEvaluationForm(forms.Form):
    score = forms.DecimalField(label=_("评分"), min_value=0, max_value=100, decimal_places=1)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class ListGenerateForm(BootstrapFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("辖区"), queryset=None, empty_label=None)
    subject = forms.ChoiceField(label=_("对象"), choices=ListSubject.choices)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class PenaltyForm(BootstrapFormMixin, forms.Form):
    points = forms.DecimalField(label=_("扣分（负数）"), min_value=-100, max_value=-0.1, decimal_places=1)
    occurred_on = forms.DateField(label=_("处罚日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_occurred_on(self):
        return check_past_date(self.cleaned_data["occurred_on"], label=_("处罚日期"))

    note = forms.CharField(label=_("事由与文号"), max_length=200)


class StarApplyForm(BootstrapFormMixin, forms.Form):
    year = YearField(label=_("年度"))
    level = forms.TypedChoiceField(label=_("申请星级"), coerce=int, choices=[(n, "★" * n) for n in range(5, 0, -1)])


class StarReviewForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("审核意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("异议理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("照片"))


class ObjectionDecisionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("处理意见"), max_length=2000)
    adjustment = forms.DecimalField(
        label=_("调整分值"),
        required=False,
        min_value=-100,
        max_value=100,
        decimal_places=1,
        help_text=_("异议成立时可填写，计入企业季度得分"),
    )


class HonourNominateForm(BootstrapFormMixin, forms.Form):
    """A nomination: officers pick the enterprise (by name or 统一社会信用代码) and the project
    (by name or code) among those they supervise; an enterprise nominates itself, one of its
    projects or one of its staff."""

    kind = forms.ChoiceField(label=_("类别"), choices=HonourKind.choices)
    year = YearField(label=_("年度"), last=this_year)
    region = forms.ModelChoiceField(label=_("评选范围"), queryset=None, empty_label=None)
    uscc = forms.CharField(
        label=_("物业企业"),
        max_length=18,
        required=False,
        widget=PickerSelect("enterprise"),
        help_text=_("输入企业名称或统一社会信用代码搜索；示范项目可不选，取项目的物业企业。"),
    )
    project = forms.CharField(
        label=_("项目（示范项目）"),
        max_length=32,
        required=False,
        widget=PickerSelect("project"),
        help_text=_("输入项目名称或编号搜索。"),
    )
    person = forms.CharField(label=_("人员姓名（文明服务明星）"), max_length=50, required=False)
    merits = forms.CharField(label=_("事迹"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = regions
        if user.is_enterprise_user:
            del self.fields["uscc"]
            self.fields["project"] = forms.ModelChoiceField(
                label=_("项目（示范项目）"),
                required=False,
                queryset=Project.objects.visible_to(user).order_by("name"),
            )
            bootstrapify(self)
            self.order_fields(["kind", "year", "region", "project", "person", "merits"])
        bind_pickers(self, user)

    def clean_uscc(self):
        uscc = self.cleaned_data["uscc"].strip().upper()
        if not uscc:
            return None
        enterprise = Enterprise.objects.visible_to(self.user).filter(uscc=uscc).first()
        if enterprise is None:
            raise forms.ValidationError(_("在您的辖区内未找到该统一社会信用代码的企业。"))
        return enterprise

    def clean_project(self):
        project = self.cleaned_data["project"]
        if isinstance(project, str):
            code = project.strip()
            if not code:
                return None
            project = Project.objects.visible_to(self.user).filter(code=code).first()
            if project is None:
                raise forms.ValidationError(_("在您的辖区内未找到该编号的项目。"))
        return project

    def clean(self):
        data = super().clean()
        if self.user.is_enterprise_user:
            data["uscc"] = self.user.enterprise
        elif not data.get("uscc") and "uscc" not in self.errors:
            project = data.get("project")
            if project is not None and project.enterprise_id:
                data["uscc"] = project.enterprise
            else:
                self.add_error("uscc", _("请选择物业企业。"))
        if data.get("kind") == HonourKind.DEMONSTRATION_PROJECT and not data.get("project") and not self.errors:
            self.add_error("project", _("示范项目须指定物业项目。"))
        if data.get("kind") == HonourKind.SERVICE_STAR and not (data.get("person") or "").strip():
            self.add_error("person", _("文明服务明星须填写人员姓名。"))
        return data


class HonourDecisionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("审核意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
