import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from enterprises.models import Certification
from projects.choices import ManagementMode, ProjectType
from projects.models import Project

from .factories import EnterpriseFactory, ProjectFactory


@pytest.fixture
def api(client_for, users):
    return client_for(users.city)


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_project_filters(tree, users, api):
    office = ProjectFactory(region=tree.a1a, project_type=ProjectType.OFFICE, management_mode=ManagementMode.UNMANAGED)
    assert ids(api.get("/api/v1/projects/?project_type=office")) == {office.pk}
    assert ids(api.get("/api/v1/projects/?management_mode=professional")) == {tree.project_a.pk, tree.project_b.pk}
    assert ids(api.get(f"/api/v1/projects/?region={tree.a.code}")) == {tree.project_a.pk, office.pk}
    assert ids(api.get(f"/api/v1/projects/?enterprise={tree.ent_b.pk}")) == {tree.project_b.pk}
    assert ids(api.get(f"/api/v1/projects/?enterprise_uscc={tree.ent_a.uscc}")) == {tree.project_a.pk}
    assert ids(api.get("/api/v1/projects/?q=锦绣")) == {tree.project_b.pk}
    assert ids(api.get(f"/api/v1/projects/?q={tree.project_a.code}")) == {tree.project_a.pk}
    Project.objects.filter(pk=office.pk).update(party_branch=True)
    assert ids(api.get("/api/v1/projects/?party_branch=true")) == {office.pk}
    assert ids(api.get("/api/v1/projects/?party_branch=false")) == {tree.project_a.pk, tree.project_b.pk}
    assert len(ids(api.get("/api/v1/projects/?party_branch="))) == 3
    ordered = api.get("/api/v1/projects/?ordering=-code").json()["results"]
    assert [r["code"] for r in ordered] == sorted((r["code"] for r in ordered), reverse=True)


def test_bad_filter_value_is_a_structured_400(api):
    response = api.get("/api/v1/projects/?management_mode=martian")
    assert response.status_code == 400
    assert "management_mode" in response.json()


def test_enterprise_and_region_filters(tree, users, api):
    assert ids(api.get(f"/api/v1/enterprises/?region={tree.b.code}")) == {tree.ent_b.pk}
    assert ids(api.get(f"/api/v1/enterprises/?q={tree.ent_a.uscc}")) == {tree.ent_a.pk}
    codes = {r["code"] for r in api.get(f"/api/v1/regions/?within={tree.a.code}").json()["results"]}
    assert codes == {tree.a.code, tree.a1.code, tree.a1a.code}
    codes = {r["code"] for r in api.get("/api/v1/regions/?level=2").json()["results"]}
    assert codes == {tree.a.code, tree.b.code}


def test_enterprise_user_sees_only_own_data_through_api(tree, users, client_for):
    c = client_for(users.ent_a)
    assert ids(c.get("/api/v1/projects/")) == {tree.project_a.pk}
    assert ids(c.get("/api/v1/enterprises/")) == {tree.ent_a.pk}
    assert c.get("/api/v1/regions/").json()["count"] == 0


def test_token_authentication(tree, users, client):
    token = Token.objects.create(user=users.district_a)
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and ids(response) == {tree.project_a.pk}
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION="Token nonsense")
    assert response.status_code == 401


def test_schema_documents_the_endpoints(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert {"/api/v1/projects/", "/api/v1/enterprises/", "/api/v1/regions/", "/api/v1/coverage/"} <= set(
        schema["paths"]
    )
    params = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {"region", "management_mode", "project_type", "q", "page"} <= params


def test_swagger_and_redoc_use_local_assets(client):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = client.get(url).content.decode()
        assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/" in html


def _count_queries(client, url):
    client.get(url)  # warm up: the first request of a session also renews it
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(tree, n):
    enterprises = [EnterpriseFactory(region=tree.a) for _ in range(3)]
    Project.objects.bulk_create(
        [
            ProjectFactory.build(
                region=tree.a1a, enterprise=enterprises[i % 3], management_mode=ManagementMode.PROFESSIONAL
            )
            for i in range(n)
        ]
    )
    for e in enterprises:
        e.certifications.set(Certification.objects.all()[:2])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects/?page_size=200",
        "/api/v1/enterprises/",
        "/api/v1/regions/",
        "/registry/projects/",
        "/enterprises/",
        "/registry/regions/?level=4",
    ],
)
def test_list_query_count_does_not_grow_with_rows(url, tree, users, client_for):
    c = client_for(users.city)
    _grow(tree, 8)
    small = _count_queries(c, url)
    _grow(tree, 92)
    for _ in range(20):
        EnterpriseFactory(region=tree.b).certifications.set(Certification.objects.all()[:1])
    large = _count_queries(c, url)
    assert small == large, f"{url}: {small} queries for ~10 rows, {large} for ~100"
