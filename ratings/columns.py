"""Excel columns of the score lists."""

from django.utils.translation import gettext_lazy

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
