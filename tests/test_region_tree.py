import pytest
from django.core.exceptions import ValidationError

from regions.models import Region


def test_path_is_materialised_from_codes(tree):
    assert tree.a1a.path == "370100/370102/370102001/370102001001/"
    assert list(Region.objects.subtree(tree.a)) == [tree.a, tree.a1, tree.a1a]


def test_moving_a_region_rewrites_descendant_paths(tree):
    tree.a1.parent = tree.b
    tree.a1.save()
    tree.a1a.refresh_from_db()
    assert tree.a1a.path == "370100/370103/370102001/370102001001/"
    assert set(Region.objects.subtree(tree.b)) == {tree.b, tree.b1, tree.b1a, tree.a1, tree.a1a}


def test_ancestors_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert list(tree.a1a.ancestors()) == [tree.city, tree.a, tree.a1]


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"level": 2, "parent": None}, "parent"),  # only cities may be roots
        ({"level": 4}, "parent"),  # a community under a district skips a level
        ({"code": "12AB"}, "code"),
    ],
)
def test_invalid_regions_are_refused(tree, kwargs, field):
    region = Region(name="x", code="370102099", level=3, parent=tree.a)
    for k, v in kwargs.items():
        setattr(region, k, v)
    with pytest.raises(ValidationError) as exc:
        region.full_clean()
    assert field in exc.value.message_dict


def test_cannot_move_region_under_its_own_descendant(tree):
    tree.a.parent = tree.a1  # would be a cycle
    tree.a.level = 4
    with pytest.raises(ValidationError):
        tree.a.full_clean()
