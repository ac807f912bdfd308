"""Credit files (信用档案) and records; bureau officers enter administrative penalties."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.permissions import may
from core.refusals import refusals
from core.views import ScopedListView
from enterprises.models import Enterprise

from .. import credit
from ..columns import (
    CREDIT_RECORD_COLUMNS,
)
from ..filtersets import (
    CreditRecordFilterSet,
)
from ..forms import (
    PenaltyForm,
)
from ..models import (
    CreditRecord,
)
from ._common import _allowed


# --- credit ------------------------------------------------------------------------------------
@login_required
def credit_file(request, pk):
    """An enterprise's credit file for those who supervise it (and the enterprise itself); bureau
    officers enter administrative penalties here."""
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    form = PenaltyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, denied=True):
            credit.record_penalty(enterprise, actor=request.user, **form.cleaned_data)
            messages.success(request, _("已录入行政处罚。"))
            return redirect("ratings:credit_file", pk=enterprise.pk)
    score = credit.score_on(enterprise.pk)
    records = (
        CreditRecord.objects.visible_to(request.user).filter(enterprise=enterprise).prefetch_related("lists__region")
    )
    context = {
        "enterprise": enterprise,
        "score": score,
        "grade": credit.grade(score),
        "records": records[:200],
        "form": form if may(request.user, "ratings.record_penalty", enterprise) else None,
    }
    return render(request, "ratings/credit_file.html", context)


class CreditRecordListView(ScopedListView):
    """Credit records of the enterprises the user may see (one enterprise's with ``?enterprise=``)."""

    model = CreditRecord
    filterset_class = CreditRecordFilterSet
    template_name = "ratings/credit_record_list.html"
    export_columns = CREDIT_RECORD_COLUMNS
    export_name = "信用记录"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return CreditRecord.objects.select_related("enterprise").prefetch_related("lists__region")
