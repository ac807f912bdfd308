from django import forms
from django.utils.translation import gettext_lazy as _

from core.attachments import AttachmentsField
from core.forms import BootstrapFormMixin
from core.text import NOTE_MAX

from .models import Enterprise
from .profile import CHANGEABLE_FIELDS


class ProfileChangeForm(BootstrapFormMixin, forms.ModelForm):
    """The enterprise's own profile, as the clerk wants it to read; only changes are sent."""

    reason = forms.CharField(
        label=_("变更理由"), widget=forms.Textarea(attrs={"rows": 3}), required=True, max_length=NOTE_MAX
    )
    attachments = AttachmentsField(label=_("证明材料（营业执照、决议等 JPG、PNG 照片或 PDF 文件，可不传）"))

    class Meta:
        model = Enterprise
        fields = CHANGEABLE_FIELDS
        widgets = {"founded": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def validate_unique(self):
        """Nothing is saved here; ``profile.request_change`` validates the whole record."""

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if name in CHANGEABLE_FIELDS}


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE_MAX
    )
