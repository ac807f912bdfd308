"""Complaints, one module per part: categories, the complaint record, its events and timed
stages, its photos, and the handling time limits and API clients.
"""

from .attachments import (  # noqa: F401
    Attachment,
)
from .categories import (  # noqa: F401
    Category,
)
from .complaints import (  # noqa: F401
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    WORK_ORDER_NO,
    Complaint,
    ComplaintManager,
    ComplaintQuerySet,
    new_tracking_code,
    parse_work_order_no,
)
from .events import (  # noqa: F401
    ComplaintEvent,
    ComplaintEventQuerySet,
    StageRecord,
)
from .policies import (  # noqa: F401
    ApiClient,
    SlaPolicy,
)
