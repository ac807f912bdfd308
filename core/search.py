"""Text search that works for Chinese, on any stock PostgreSQL: character bigrams in a GIN-indexed
``tsvector`` (the SQL functions are in core/migrations/0005_bigram_search.py).

Chinese has no spaces to split words on, and a trigram index cannot serve a two-character term
(电梯, 漏水), the commonest kind. Cutting text into overlapping bigrams, and a term into the
phrase of its bigrams, answers a term of any length from one index: 电梯 is one lexeme, 电梯困人
the phrase ``'电梯' <-> '梯困' <-> '困人'`` (so it matches only where the characters stand
together), a single character a unigram; letters and digits are cut the same way, so 3号楼
finds 13号楼 as a substring search would. A model stores the vector in a generated column::

    search = models.GeneratedField(expression=Bigrams("description"), output_field=SearchVectorField(),
                                   db_persist=True)

and filters with ``queryset.filter(bigram_match("search", text))``.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connections, transaction
from django.db.models import BooleanField, DateTimeField, ExpressionWrapper, F, FloatField, Func, Value
from django.db.models.expressions import Expression

from .text import strip_control

# More words than this, or longer ones, narrow nothing further and only make the query bigger.
MAX_WORDS = 5
MAX_WORD_LENGTH = 32
# What portal_bigrams indexes: letters and digits (also full-width) and CJK ideographs.
SEARCHABLE = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class Bigrams(Func):
    """``portal_bigrams(a || ' ' || b …)``: the bigram vector of one or more text columns."""

    function = "portal_bigrams"
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()


class Weighted(Func):
    """``setweight(vector, 'A')``: to tell the columns of a vector apart (a name from an address)."""

    function = "setweight"
    output_field = SearchVectorField()

    def __init__(self, vector, weight: str, **extra):
        super().__init__(vector, Value(weight), **extra)


class Joined(Func):
    """``a || b``: vectors joined (positions of the right one shifted past the left one's)."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = SearchVectorField()


class BigramQuery(Func):
    """``portal_bigram_query(term, weights)``: the phrases of ``term``'s words, AND-ed."""

    function = "portal_bigram_query"
    output_field = SearchQueryField()

    def __init__(self, term: str, weights: str = "", **extra):
        super().__init__(Value(term), Value(weights), **extra)


class _Matches(Func):
    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class _Rank(Func):
    function = "ts_rank"
    output_field = FloatField()


def search_words(text: str | None) -> list[str]:
    """The words of ``text`` worth searching for: at most ``MAX_WORDS``, each cut to
    ``MAX_WORD_LENGTH`` characters, those without a letter, digit or ideograph dropped."""
    words = strip_control((text or "").replace("\x00", "")).split()
    return [word[:MAX_WORD_LENGTH] for word in words if SEARCHABLE.search(word)][:MAX_WORDS]


def bigram_query(text: str | None, weights: str = "") -> BigramQuery | None:
    """The tsquery matching text that holds every word of ``text`` (each as a phrase of its
    bigrams); None when ``text`` has nothing to search for. ``weights`` limits it to the parts
    of a vector set with those weights (``"A"``)."""
    words = search_words(text)
    return BigramQuery(" ".join(words), weights) if words else None


def bigram_match(vector: str | Expression, text: str | None, weights: str = "") -> _Matches | None:
    """A filter condition: the bigram vector ``vector`` (a field name) holds every word of
    ``text``. None when ``text`` has nothing to search for: the caller decides what that means."""
    query = bigram_query(text, weights)
    if query is None:
        return None
    return _Matches(F(vector) if isinstance(vector, str) else vector, query)


def bigram_rank(vector: str, text: str | None) -> _Rank | Value:
    """How well the vector matches ``text`` (``ts_rank``: heavier weights and more occurrences
    rank higher); 0 when there is nothing to search for."""
    query = bigram_query(text)
    return _Rank(F(vector), query) if query is not None else Value(0.0, output_field=FloatField())


# PostgreSQL estimates a lexeme missing from a column's statistics at 0.5 % of the rows at
# most (DEFAULT_TS_MATCH_SEL); an estimate above this share comes from the statistics' most
# common elements: the term is common, and no probe is needed to know it.
KNOWN_COMMON_SHARE = 0.01


def all_matches(queryset, condition, limit: int) -> list | None:
    """The primary keys of every row of ``queryset`` meeting ``condition`` if there are fewer
    than ``limit``; None if there are more, or if the column's statistics show the term to be
    common (``limit`` rows or more, and more than ``KNOWN_COMMON_SHARE``: then nothing is read).

    Read from the bigram index only (a bitmap scan: an absent or rare term costs a probe of the
    index, a common one at most ``limit`` rows). Left to itself the planner goes by its
    estimate, and a term missing from the statistics is estimated at up to 0.5 % of the rows
    whether it is in ten rows or in none."""
    estimate = estimated_rows(queryset.filter(condition))
    if estimate >= limit and estimate > KNOWN_COMMON_SHARE * estimated_rows(queryset):
        return None
    connection = connections[queryset.db]
    probe = queryset.filter(condition).order_by().values_list("pk", flat=True)[:limit]
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
            "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
        )
        seqscan, indexscan = cursor.fetchone()[:2]
        try:
            keys = list(probe)
        finally:
            # Put them back: in an enclosing transaction, SET LOCAL would outlast this block.
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
                [seqscan, indexscan],
            )
    return keys if len(keys) < limit else None


def estimated_rows(queryset) -> float:
    """The planner's estimate of the rows ``queryset`` returns (EXPLAIN: nothing is read)."""
    return json.loads(queryset.order_by().explain(format="json"))[0]["Plan"]["Plan Rows"]


def newest_first_by_sorting(field: str = "created"):
    """``field`` descending, as an expression no index can deliver in order: for a few rows
    known by their keys, so that PostgreSQL fetches and sorts them rather than walking the
    whole table in index order looking for them."""
    return ExpressionWrapper(F(field) + Value(timedelta(0)), output_field=DateTimeField()).desc()
