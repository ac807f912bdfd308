"""Chinese text search by character bigrams (core/search.py): the officers' queue and the public
compound lookup find terms of any length, exactly where the characters stand together, from
the GIN index, and no input breaks them."""

from types import SimpleNamespace

import pytest
from django.db import connection

from complaints import filtersets
from complaints.filtersets import ComplaintFilterSet
from complaints.models import Complaint
from core.search import all_matches, bigram_match, search_words
from projects.models import Project

from .factories import ProjectFactory, make_complaint

pytestmark = pytest.mark.django_db

TEXTS = {
    "lift_stuck": "三号楼电梯困人，物业半小时才到",
    "roof_leak": "顶楼漏水，墙面发霉",
    "stairs": "电动车停在楼道，梯子挡路",  # 电 and 梯, never side by side
    "button": "A栋3号楼电梯按钮失灵",
    "rain": "13号楼漏雨",
    "door": "电梯门坏了，困人半小时",  # 电梯 and 困人, but not 电梯困人
}


@pytest.fixture
def complaints(tree):
    # On one compound whose name shares no character with the texts searched for.
    return {key: make_complaint(tree.project_b, description=text) for key, text in TEXTS.items()}


@pytest.fixture(params=["by_keys", "by_index"])
def found(request, complaints, users, monkeypatch):
    """``found(text)``: the keys of the complaints the queue's search finds for a city officer,
    both ways: the few matches fetched by their keys, and a common term's condition on the index."""
    if request.param == "by_index":
        monkeypatch.setattr(filtersets, "FEW_MATCHES", 0)  # every term counts as common
    officer = SimpleNamespace(user=users.city)

    def queue_search(text):
        qs = ComplaintFilterSet({"q": text}, queryset=Complaint.objects.all(), request=officer).qs
        ids = set(qs.values_list("pk", flat=True))
        return {key for key, complaint in complaints.items() if complaint.pk in ids}

    return queue_search


def test_a_two_character_term_finds_the_texts_holding_it_side_by_side(found):
    assert found("电梯") == {"lift_stuck", "button", "door"}
    assert found("漏水") == {"roof_leak"}
    assert found("困人") == {"lift_stuck", "door"}
    assert found("停运") == set()


def test_a_longer_term_finds_only_the_texts_holding_the_whole_term(found):
    assert found("电梯困人") == {"lift_stuck"}  # not the door: its 电梯 and 困人 stand apart
    assert found("梯困人") == {"lift_stuck"}
    assert found("楼电梯") == {"lift_stuck", "button"}
    assert found("电梯按钮失灵") == {"button"}
    assert found("电梯困人很久") == set()


def test_several_words_must_all_be_there(found):
    assert found("电梯 困人") == {"lift_stuck", "door"}
    assert found("电梯 漏水") == set()


def test_mixed_letters_digits_and_ideographs(found):
    assert found("A栋") == {"button"}
    assert found("a栋") == {"button"}  # case folded
    assert found("Ａ栋") == {"button"}  # full-width letters are their ASCII forms
    assert found("3号楼") == {"button", "rain"}  # a substring, as 13号楼 holds it; 三号楼 does not
    assert found("13号楼漏雨") == {"rain"}


def test_a_single_character_finds_every_text_holding_it(found):
    assert found("漏") == {"roof_leak", "rain"}
    assert found("梯") == {"lift_stuck", "stairs", "button", "door"}
    assert found("霉") == {"roof_leak"}
    assert found("鑫") == set()


def test_punctuation_only_searches_nothing_in_the_text(found):
    assert found("，") == set() and found("!!!") == set()


def test_the_term_reaches_the_query_as_words_not_syntax():
    assert search_words("电梯 & 漏水 | !(困人):* 'x' \x00") == ["电梯", "漏水", "!(困人):*", "'x'"]
    assert search_words("电" * 10_000) == ["电" * 32]
    assert search_words(" ".join("电梯漏水困人停车")) == ["电", "梯", "漏", "水", "困"]
    assert bigram_match("search", "&|!") is None


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny: ask what can be used, not what is cheapest on a few rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("term", ["电梯", "电梯困人", "梯", "A栋3号楼"])
def test_the_search_uses_the_bigram_index(complaints, term):
    plan = _plan(Complaint.objects.filter(bigram_match("search", term)))
    assert "Bitmap Index Scan on complaint_search_bigrams" in plan and "Seq Scan" not in plan


def test_the_queue_search_is_a_bitmap_or_over_indexes(complaints, users, monkeypatch):
    officer = SimpleNamespace(user=users.city)
    monkeypatch.setattr(filtersets, "FEW_MATCHES", 0)  # a common term: the condition itself
    plan = _plan(ComplaintFilterSet({"q": "电梯"}, queryset=Complaint.objects.all(), request=officer).qs)
    assert "complaint_search_bigrams" in plan and "Seq Scan on complaints_complaint" not in plan


def test_a_rare_terms_few_matches_are_taken_by_key_and_sorted_newest_first(complaints, users):
    officer = SimpleNamespace(user=users.city)
    qs = ComplaintFilterSet({"q": "电梯"}, queryset=Complaint.objects.all(), request=officer).qs
    assert "complaints_complaint_pkey" in _plan(qs)
    newest_first = [complaints[k].pk for k in ("door", "button", "lift_stuck")]
    assert [c.pk for c in qs] == newest_first


def test_the_probe_reads_the_index_and_leaves_the_planner_as_it_was(complaints):
    everything = Complaint.objects.all()
    assert sorted(all_matches(everything, bigram_match("search", "电梯"), 4)) == sorted(
        complaints[k].pk for k in ("lift_stuck", "button", "door")
    )
    assert all_matches(everything, bigram_match("search", "电梯"), 3) is None  # as many as the limit
    assert all_matches(everything, bigram_match("search", "鑫"), 3) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        assert cursor.fetchone() == ("on", "on")


def test_the_search_vector_is_never_read_back(complaints):
    assert "search" in Complaint.objects.all().query.deferred_loading[0]
    assert '"search"' not in str(Complaint.objects.all().query)
    assert "search" not in Complaint.objects.get(pk=complaints["button"].pk).__dict__


HOSTILE = [
    "&",
    "|",
    "!",
    "(",
    ")",
    ":",
    "*",
    ":*",
    "电梯 & 漏水",
    "电梯|漏水",
    "!电梯",
    "(电梯",
    "电梯:*",
    "'电梯' <-> '困人'",
    "'",
    '"',
    "\\",
    "''",
    "电梯'",
    "%",
    "_",
    "x" * 10_000,
    "电" * 10_000,
    "电梯 " * 2_000,
    "\t\r\n",
    "\u200b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_a_normal_search(client_for, users, complaints, text):
    officer = client_for(users.city)
    assert officer.get("/complaints/", {"q": text}).status_code == 200
    assert officer.get("/api/v1/complaints/", {"q": text}).status_code == 200
    assert client_for(None).get("/search/", {"q": text}).status_code == 200


def test_a_nul_byte_is_refused_not_searched(client_for, users):
    assert client_for(users.city).get("/complaints/", {"q": "电梯\x00漏水"}).status_code == 400
    assert client_for(None).get("/search/", {"q": "电梯\x00"}).status_code == 400


@pytest.fixture
def compounds(tree):
    return SimpleNamespace(
        first=ProjectFactory(name="中海华庭一期", address="建设路 88 号", region=tree.a1a),
        second=ProjectFactory(name="中海华庭二期", address="经十路 1 号", region=tree.b1a),
        other_first=ProjectFactory(name="阳光一期", address="经七路 2 号", region=tree.b1a),
        named_after_road=ProjectFactory(name="建设新村", address="人民路 3 号", region=tree.b1a),
    )


def test_the_public_lookup_takes_words_in_any_part_of_the_name(compounds):
    assert set(Project.objects.search("中海 一期")) == {compounds.first}
    assert set(Project.objects.search("华庭")) == {compounds.first, compounds.second}
    assert set(Project.objects.search("中海一期")) == set()  # one word: the characters side by side


def test_the_public_lookup_finds_by_address_street_and_community(tree, compounds):
    assert set(Project.objects.search("建设路")) == {compounds.first}
    assert set(Project.objects.search("杆石桥社区")) == {compounds.first, tree.project_a}
    assert set(Project.objects.search("振兴街 中海")) == {compounds.second}


def test_the_public_lookup_ranks_the_name_before_the_address(compounds):
    ranked = list(Project.objects.search("建设").by_relevance("建设"))
    assert ranked == [compounds.named_after_road, compounds.first]


def test_the_public_results_show_the_district(client, compounds):
    html = client.get("/search/", {"q": "中海 华庭"}).content.decode()
    assert "中海华庭一期" in html and "中海华庭二期" in html
    assert "市中区 大观园街道 杆石桥社区" in html and "槐荫区 振兴街街道 西市场社区" in html


def test_the_queue_matches_project_names_not_addresses(tree, users, compounds):
    on_first = make_complaint(compounds.first, description="楼道灯坏了")
    officer = SimpleNamespace(user=users.city)
    for text, expected in [("中海 一期", {on_first}), ("建设路", set())]:
        assert set(ComplaintFilterSet({"q": text}, queryset=Complaint.objects.all(), request=officer).qs) == expected


def test_the_queue_counts_at_most_the_cap_and_says_so(tree, users, client_for, monkeypatch):
    """A common term on a province's queue matches hundreds of thousands: the page counts up to
    CappedPaginator.CAP (then shows "CAP+") instead of every match; below the cap, the exact count."""
    from core.views import CappedPaginator

    for _ in range(4):
        make_complaint(tree.project_a, description="三号楼电梯困人，物业半小时才到")
    make_complaint(tree.project_a, description="顶楼漏水，墙面发霉")
    client = client_for(users.city)
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    capped = client.get("/complaints/", {"q": "电梯"})
    assert capped.status_code == 200 and "共 3+ 条" in capped.content.decode()
    assert len(capped.context["object_list"]) == 4  # the rows themselves are all there
    exact = client.get("/complaints/", {"q": "漏水"})
    assert "共 1 条" in exact.content.decode()
    monkeypatch.setattr(CappedPaginator, "CAP", 10_000)
    assert "共 4 条" in client.get("/complaints/", {"q": "电梯"}).content.decode()


@pytest.mark.parametrize(
    "text",
    [*TEXTS.values(), "", "   ", "ＡＢＣ１２３ 3号楼 it's \\ x", "a", "楼", "Ä ß ΣΑΣ 𠀀𠀁 ﬁ", " a  b ", "电梯" * 9000],
)
def test_the_bigram_vector_is_the_one_the_first_definition_made(text):
    """core 0007 only keeps the normalization from running once per character: the function gives
    the vector 0005's body gives (run here inline, as a query, with the text as its parameter)."""
    from importlib import import_module

    first = import_module("core.migrations.0005_bigram_search").BIGRAMS
    # The body as a query: its own % signs escaped for the driver, its argument a parameter.
    body = first[first.index("$$") + 2 : first.rindex("$$")].replace("%", "%%").replace("doc", "%(doc)s")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({body})::text, portal_bigrams(%(doc)s)::text", {"doc": text})
        old, new = cursor.fetchone()
    assert new == old
