"""Excel columns of the ratings lists: scores, list entries, stars, credit records, honours."""

from django.utils.translation import gettext_lazy

from core.punctuation import join_clauses
from core.xlsx import Column

PROJECT_SCORE_COLUMNS = [
    Column(gettext_lazy("季度"), "run", lambda s: str(s.run)),
    Column(gettext_lazy("项目编号"), "project_code", lambda s: s.project.code),
    Column(gettext_lazy("项目"), "project", lambda s: s.project.name),
    Column(gettext_lazy("企业"), "enterprise", lambda s: s.enterprise.name),
    Column(gettext_lazy("户数"), "households"),
    Column(gettext_lazy("得分"), "score"),
]
ENTERPRISE_SCORE_COLUMNS = [
    Column(gettext_lazy("季度"), "run", lambda s: str(s.run)),
    Column(gettext_lazy("统一社会信用代码"), "uscc", lambda s: s.enterprise.uscc),
    Column(gettext_lazy("企业"), "enterprise", lambda s: s.enterprise.name),
    Column(gettext_lazy("项目数"), "projects"),
    Column(gettext_lazy("户数"), "households"),
    Column(gettext_lazy("项目加权得分"), "base_score"),
    Column(gettext_lazy("加减分"), "adjustment"),
    Column(gettext_lazy("得分"), "score"),
]


def _stars(n) -> str:
    return "★" * n if n else ""


LIST_ENTRY_COLUMNS = [
    Column(gettext_lazy("季度"), "run", lambda e: str(e.edition.run.period)),
    Column(gettext_lazy("辖区"), "region", lambda e: e.edition.region.name),
    Column(gettext_lazy("对象"), "subject", lambda e: e.edition.get_subject_display()),
    Column(gettext_lazy("版次"), "version", lambda e: e.edition.version),
    Column(gettext_lazy("状态"), "status", lambda e: e.edition.get_status_display()),
    Column(gettext_lazy("榜单"), "color", lambda e: e.get_color_display()),
    Column(gettext_lazy("名次"), "rank"),
    Column(gettext_lazy("统一社会信用代码"), "uscc", lambda e: e.enterprise.uscc),
    Column(gettext_lazy("企业"), "enterprise", lambda e: e.enterprise.name),
    Column(gettext_lazy("项目编号"), "project_code", lambda e: e.project.code if e.project else ""),
    Column(gettext_lazy("项目"), "project", lambda e: e.project.name if e.project else ""),
    Column(gettext_lazy("得分"), "score"),
    Column(gettext_lazy("依据"), "reasons", lambda e: join_clauses(e.reason_texts)),
]
STAR_COLUMNS = [
    Column(gettext_lazy("年度"), "year"),
    Column(gettext_lazy("统一社会信用代码"), "uscc", lambda r: r.enterprise.uscc),
    Column(gettext_lazy("企业"), "enterprise", lambda r: r.enterprise.name),
    Column(gettext_lazy("申请星级"), "requested", lambda r: _stars(r.requested)),
    Column(gettext_lazy("评定星级"), "granted", lambda r: _stars(r.granted)),
    Column(gettext_lazy("现行星级"), "stars", lambda r: _stars(r.stars)),
    Column(gettext_lazy("状态"), "status", lambda r: r.get_status_display()),
    Column(gettext_lazy("审核意见"), "reason", lambda r: r.reason_text),
    Column(gettext_lazy("公布时间"), "published_at"),
]
CREDIT_RECORD_COLUMNS = [
    Column(gettext_lazy("统一社会信用代码"), "uscc", lambda r: r.enterprise.uscc),
    Column(gettext_lazy("企业"), "enterprise", lambda r: r.enterprise.name),
    Column(gettext_lazy("发生日期"), "occurred_on"),
    Column(gettext_lazy("类别"), "kind", lambda r: r.get_kind_display()),
    Column(gettext_lazy("分值"), "points"),
    Column(gettext_lazy("有效期至"), "valid_until"),
    Column(gettext_lazy("说明"), "note", lambda r: r.note_text),
]
HONOUR_COLUMNS = [
    Column(gettext_lazy("年度"), "year"),
    Column(gettext_lazy("类别"), "kind", lambda h: h.get_kind_display()),
    Column(gettext_lazy("评选范围"), "region", lambda h: h.region.name),
    Column(gettext_lazy("统一社会信用代码"), "uscc", lambda h: h.enterprise.uscc),
    Column(gettext_lazy("企业"), "enterprise", lambda h: h.enterprise.name),
    Column(gettext_lazy("项目"), "project", lambda h: h.project.name if h.project else ""),
    Column(gettext_lazy("人员"), "person"),
    Column(gettext_lazy("状态"), "status", lambda h: h.get_status_display()),
    Column(gettext_lazy("事迹"), "merits"),
    Column(gettext_lazy("审核意见"), "reason"),
    Column(gettext_lazy("评选时间"), "decided_at"),
]
