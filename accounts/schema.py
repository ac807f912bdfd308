"""The API schema's description of the portal's session sign-in (drf-spectacular finds it by the
authentication class's dotted path once this module is imported, in ``AccountsConfig.ready``)."""

from drf_spectacular.authentication import SessionScheme


class PortalSessionScheme(SessionScheme):
    """The session cookie, as Django's; signed-in users with a one-time password are refused."""

    target_class = "accounts.backends.PortalSessionAuthentication"
