"""The REST API's settings (Django REST framework, the OpenAPI schema); fixed for every machine,
imported by :mod:`config.settings`."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous call gets 401 with WWW-Authenticate, not 403.
        "accounts.backends.ScopedTokenAuthentication",
        "accounts.backends.PortalSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.SafeJSONParser",
        "core.parsers.CleanFormParser",
        "core.parsers.CleanMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.PortalAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "物业监管平台 API",
    "DESCRIPTION": "Regions, projects, enterprises and coverage of the property-management supervision portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ComplaintStatusEnum": "complaints.choices.Status",
        "EnterpriseStatusEnum": "enterprises.choices.EnterpriseStatus",
        "ProjectTypeEnum": "projects.choices.ProjectType",
        "OwnersVoteStatusEnum": "owners.choices.VoteStatus",
        "MatterKindEnum": "owners.choices.MatterKind",
        "CommitteeDocumentKindEnum": "owners.choices_committees.DocumentKind",
        "FundUseKindEnum": "funds.choices.UseKind",
        "FundUseStatusEnum": "funds.choices.UseStatus",
        "RevenueStatusEnum": "funds.choices.RevenueStatus",
    },
}
