"""The project's URLs plus three baseline views: ``bench/insert/`` (one INSERT, for the intake
benchmark), ``bench/constant/`` (constant JSON for a signed-in user, for the dashboard one) and
``bench/bare-push/`` (a push's rows in hand-written SQL, bench/_bare.py, for the mixed-load one)."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project_urlpatterns

from ._bare import bare_push


@csrf_exempt
def insert_one(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_ping (body) VALUES (%s) RETURNING id", [request.body.decode()[:200]])
        (pk,) = cursor.fetchone()
    return JsonResponse({"id": pk}, status=201)


@login_required
def constant(request):
    return JsonResponse({"ok": True, "figures": [1, 2, 3]})


urlpatterns = [
    path("bench/insert/", insert_one),
    path("bench/constant/", constant),
    path("bench/bare-push/", bare_push),
    *project_urlpatterns,
]
