"""Quarterly assessment (量化考核), one module per sub-domain: the versioned scoring schemes and
each quarter's run, the project and enterprise scores with the components that explain them,
street evaluations, red/black lists, credit records, honours, star ratings and objections.
"""

from .credit import (  # noqa: F401
    CreditQuerySet,
    CreditRecord,
)
from .honours import (  # noqa: F401
    Honour,
    HonourQuerySet,
)
from .lists import (  # noqa: F401
    ListEdition,
    ListEntry,
    ListEntryQuerySet,
    ListQuerySet,
)
from .objections import (  # noqa: F401
    Objection,
    ObjectionPhoto,
    ObjectionPhotoQuerySet,
    ObjectionQuerySet,
)
from .schemes import (  # noqa: F401
    RunQuerySet,
    Scheme,
    SchemeQuerySet,
    ScoringRun,
)
from .scores import (  # noqa: F401
    EnterpriseScore,
    EnterpriseScoreQuerySet,
    JSONDocumentField,
    ProjectScore,
    ProjectScoreComponent,
    ScoreQuerySet,
)
from .stars import (  # noqa: F401
    StarDowngrade,
    StarQuerySet,
    StarRating,
)
from .street import (  # noqa: F401
    StreetEvaluation,
    StreetEvaluationQuerySet,
)
