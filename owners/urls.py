"""URLs of the owners' app: the owners' own pages (``owner_patterns``, namespace
``owners_public``) and the staff's pages (``urlpatterns``, namespace ``owners``)."""

from django.urls import path

from . import views_owner

owner_patterns = [
    path("", views_owner.sign_in, name="sign_in"),
    path("code/", views_owner.code, name="code"),
    path("sign-out/", views_owner.sign_out, name="sign_out"),
    path("me/", views_owner.me, name="me"),
]

app_name = "owners"
urlpatterns = []
