"""Excel columns of the inspection lists."""

from django.utils.translation import gettext_lazy

from core.choices import choice_label
from core.xlsx import Column

from .choices import DrawStatus, InspectionStatus, OrderSource, OrderStatus, ReportStatus

ORDER_COLUMNS = [
    Column(gettext_lazy("项目"), "project", lambda o: o.project.name),
    Column(gettext_lazy("物业企业"), "enterprise", lambda o: o.enterprise.name if o.enterprise_id else None),
    Column(gettext_lazy("来源"), "source", lambda o: choice_label(OrderSource, o.source)),
    Column(gettext_lazy("问题"), "issue", lambda o: o.issue_text),
    Column(gettext_lazy("下发时间"), "issued_at"),
    Column(gettext_lazy("整改期限"), "due_at"),
    Column(gettext_lazy("状态"), "status", lambda o: choice_label(OrderStatus, o.status)),
    Column(gettext_lazy("逾期"), "is_overdue", lambda o: "是" if o.is_overdue else "否"),
    Column(gettext_lazy("整改情况"), "answer"),
    Column(gettext_lazy("销号时间"), "closed_at"),
]
INSPECTION_COLUMNS = [
    Column(gettext_lazy("项目"), "project", lambda i: i.project.name),
    Column(gettext_lazy("物业企业"), "enterprise", lambda i: i.enterprise.name if i.enterprise_id else None),
    Column(gettext_lazy("状态"), "status", lambda i: choice_label(InspectionStatus, i.status)),
    Column(gettext_lazy("应得分"), "total_points"),
    Column(gettext_lazy("扣分"), "deducted"),
    Column(gettext_lazy("得分"), "score"),
    Column(gettext_lazy("会签时间"), "countersigned_at"),
]
REPORT_COLUMNS = [
    Column(gettext_lazy("项目"), "project", lambda r: r.project.name),
    Column(gettext_lazy("物业企业"), "enterprise", lambda r: r.enterprise.name),
    Column(gettext_lazy("年度"), "year"),
    Column(gettext_lazy("季度"), "quarter"),
    Column(gettext_lazy("截止日期"), "due_date"),
    Column(gettext_lazy("状态"), "status", lambda r: choice_label(ReportStatus, r.status)),
    Column(gettext_lazy("自评总分"), "self_score"),
    Column(gettext_lazy("提交时间"), "submitted_at"),
    Column(gettext_lazy("逾期"), "late", lambda r: "是" if r.late else "否"),
    Column(gettext_lazy("退回次数"), "times_returned"),
]
SUMMONS_COLUMNS = [
    Column(gettext_lazy("企业"), "enterprise", lambda s: s.enterprise.name),
    Column(gettext_lazy("被约谈人"), "person"),
    Column(gettext_lazy("约谈日期"), "held_on"),
    Column(gettext_lazy("约谈事由"), "reason"),
    Column(gettext_lazy("约谈结果"), "outcome"),
]
DRAW_COLUMNS = [
    Column(gettext_lazy("名称"), "name", lambda d: d.title),
    Column(gettext_lazy("范围"), "region", lambda d: d.region.name),
    Column(gettext_lazy("状态"), "status", lambda d: choice_label(DrawStatus, d.status)),
    Column(gettext_lazy("抽取项目数"), "project_count"),
    Column(gettext_lazy("每个项目检查人员数"), "inspectors_per_project"),
    Column(gettext_lazy("随机种子"), "seed"),
    Column(gettext_lazy("公布时间"), "published_at"),
]
