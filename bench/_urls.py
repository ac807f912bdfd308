"""The project's URLs plus ``bench/insert/``: a minimal view doing one INSERT, the baseline."""

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def insert_one(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_ping (body) VALUES (%s) RETURNING id", [request.body.decode()[:200]])
        (pk,) = cursor.fetchone()
    return JsonResponse({"id": pk}, status=201)


urlpatterns = [path("bench/insert/", insert_one), *project_urlpatterns]
