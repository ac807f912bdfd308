"""The region tree's path helpers, the one place a materialised path is read."""

from regions.models import Region, codes_on_path


def test_codes_on_path_top_down():
    assert codes_on_path("370100/370102/370102001/") == ["370100", "370102", "370102001"]
    assert codes_on_path("") == [] and codes_on_path(None) == []


def test_parent_depth_ancestors_and_on_path(tree):
    community = Region.objects.get(name="杆石桥社区")
    street = Region.objects.get(name="大观园街道")
    assert community.parent_code == street.code and community.depth == 4
    assert Region.objects.get(code="370100").parent_code is None
    assert [r.name for r in community.ancestors()] == ["济南市", "市中区", "大观园街道"]
    assert set(Region.objects.on_path(community.path).values_list("name", flat=True)) == {
        "济南市",
        "市中区",
        "大观园街道",
        "杆石桥社区",
    }
