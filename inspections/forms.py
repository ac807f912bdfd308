from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import User
from core.attachments import AttachmentsField
from core.forms import BootstrapFormMixin, PickerSelect, ToggleChoices, bind_pickers
from core.photos import PhotosField
from core.punctuation import join_list, parenthesised
from core.text import NOTE_MAX, TEXT_MAX
from enterprises.models import Enterprise
from projects.choices import ManagementMode, ProjectType
from projects.models import Project
from regions.choices import RegionLevel
from regions.models import Region

from .choices import OrderSource
from .models import Draw, StandardItem
from .rectification import MAX_WORKING_DAYS


class DrawForm(BootstrapFormMixin, forms.ModelForm):
    """Define a draw: the pool (region and filters), how many projects, inspectors and who."""

    project_types = forms.MultipleChoiceField(
        label=_("项目类型（不选为全部）"), choices=ProjectType.choices, required=False, widget=ToggleChoices
    )
    management_modes = forms.MultipleChoiceField(
        label=_("管理模式（不选为全部）"), choices=ManagementMode.choices, required=False, widget=ToggleChoices
    )
    # The picker hands over the chosen credit codes as “a,b,c”, what the field always took.
    enterprises = forms.CharField(
        label=_("限定物业企业（可多选，不选为全部）"),
        required=False,
        widget=PickerSelect("enterprise", multiple=True, join=","),
        max_length=NOTE_MAX,
    )
    key_supervision = forms.BooleanField(label=_("只抽重点监管企业的项目"), required=False)

    class Meta:
        model = Draw
        fields = ["name", "region", "project_count", "inspectors_per_project", "inspector_pool"]
        widgets = {
            "region": PickerSelect("region", key="id", params={"max_level": 3}),
            "inspector_pool": forms.SelectMultiple(attrs={"data-searchable": "true"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_pickers(self, user)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(level__lte=RegionLevel.STREET)
        self.fields["inspector_pool"].queryset = User.objects.filter(
            is_active=True,
            role__in=[
                Role.INSPECTOR,
                Role.CITY_OFFICER,
                Role.DISTRICT_OFFICER,
                Role.STREET_OFFICER,
                Role.COMMUNITY_OFFICER,
            ],
        ).filter(region__in=Region.objects.visible_to(user))
        self.fields["inspector_pool"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username}{parenthesised(u.affiliation)}"
        )

    def clean(self):
        data = super().clean()
        pool = data.get("inspector_pool")
        if pool is not None and data.get("inspectors_per_project") and len(pool) < data["inspectors_per_project"]:
            self.add_error("inspector_pool", _("检查人员库人数不能少于每个项目的检查人员数。"))
        filters = {}
        if data.get("project_types"):
            filters["project_type"] = data["project_types"]
        if data.get("management_modes"):
            filters["management_mode"] = data["management_modes"]
        if data.get("enterprises"):
            codes = [c.strip().upper() for c in data["enterprises"].replace("，", ",").split(",") if c.strip()]
            found = dict(Enterprise.objects.visible_to(self.user).filter(uscc__in=codes).values_list("uscc", "pk"))
            unknown = [c for c in codes if c not in found]
            if unknown:
                self.add_error("enterprises", _("未找到这些企业：%(c)s") % {"c": join_list(unknown)})
            filters["enterprise"] = sorted(found.values())
        if data.get("key_supervision"):
            filters["key_supervision"] = True
        self.instance.pool_filters = filters
        return data


class DeductionForm(BootstrapFormMixin, forms.Form):
    item = forms.ModelChoiceField(queryset=StandardItem.objects.all(), widget=forms.HiddenInput)
    points = forms.DecimalField(label=_("扣分"), min_value=0.1, decimal_places=1)
    reason = forms.CharField(label=_("扣分理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX)
    rectify = forms.BooleanField(label=_("需整改"), required=False, initial=True)
    photos = PhotosField(label=_("照片"))


class OrderForm(BootstrapFormMixin, forms.Form):
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(), label=_("项目"), widget=PickerSelect("project", key="id")
    )
    source = forms.ChoiceField(
        label=_("来源"), choices=[c for c in OrderSource.choices if c[0] != OrderSource.INSPECTION]
    )
    issue = forms.CharField(label=_("问题"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX)
    days = forms.IntegerField(label=_("整改时限（工作日）"), min_value=1, max_value=MAX_WORKING_DAYS, initial=10)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user)
        bind_pickers(self, user)


class AnswerForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX)
    photos = PhotosField(label=_("整改照片"))


class SummonsForm(BootstrapFormMixin, forms.Form):
    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(), label=_("企业"), widget=PickerSelect("enterprise", key="id")
    )
    person = forms.CharField(label=_("被约谈人"), max_length=50)
    held_on = forms.DateField(label=_("约谈日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("约谈事由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX)
    outcome = forms.CharField(
        label=_("约谈结果"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX
    )
    attachments = AttachmentsField(label=_("附件（JPG、PNG 照片或 PDF 文件，可不传）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        bind_pickers(self, user)


class AttachmentForm(forms.Form):
    attachments = AttachmentsField(label=_("上传附件（JPG、PNG 照片或 PDF 文件）"), required=True)
