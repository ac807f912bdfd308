"""Supervision records, one module per part: inspection standards, random draws, inspections
on site and their evidence photos, summons, rectification orders, self-reports and work events.
"""

from .draws import (  # noqa: F401
    Draw,
    DrawQuerySet,
    DrawResult,
)
from .events import (  # noqa: F401
    WorkEvent,
    events_of,
    record,
)
from .inspections import (  # noqa: F401
    Deduction,
    Inspection,
    InspectionQuerySet,
)
from .orders import (  # noqa: F401
    OPEN_ORDER_STATUSES,
    OrderEvent,
    OrderQuerySet,
    RectificationOrder,
)
from .photos import (  # noqa: F401
    Photo,
    PhotoQuerySet,
)
from .querysets import (  # noqa: F401
    ProjectWorkQuerySet,
    SummonsQuerySet,
)
from .selfreports import (  # noqa: F401
    SelfReport,
)
from .standards import (  # noqa: F401
    InspectionStandard,
    StandardCategory,
    StandardItem,
    StandardQuerySet,
    StandardTotal,
)
from .summons import (  # noqa: F401
    Summons,
    SummonsAttachment,
    SummonsAttachmentQuerySet,
)
