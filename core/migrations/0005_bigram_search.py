"""Chinese text search without a segmenter or a non-stock extension: two SQL functions that
cut text into overlapping character bigrams (see core/search.py).

``portal_bigrams(text)`` is the document side, used by generated columns: every letter, digit
and CJK ideograph alone and with the next one, with its position, so that a term of any length
is a phrase of bigrams (``电梯困人`` → ``'电梯' <-> '梯困' <-> '困人'``) and a single character a
unigram. Full-width letters and digits count as their ASCII forms, case is folded, anything
else separates. It calls built-in functions only, so a restore (which runs with an empty
search_path) can recompute the generated columns.

``portal_bigram_query(term, weights)`` is the query side: each run of the term (words and runs
between punctuation) a phrase, all of them AND-ed; NULL when the term has nothing to search for.
``weights`` ('A', 'AB', …) limits the match to lexemes of those weights. No tsquery syntax of
the term survives: only letters, digits and ideographs reach the query, each one quoted.
"""

from django.db import migrations

FULL_WIDTH = "".join(chr(c) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)])
ASCII = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Lower-cased, full-width folded, every run of other characters one space.
NORMALIZED = (
    f"regexp_replace(lower(translate({{arg}}, '{FULL_WIDTH}', '{ASCII}')), "
    r"'[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+', ' ', 'g')"
)

BIGRAMS = f"""
CREATE OR REPLACE FUNCTION portal_bigrams(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT coalesce(string_agg(format('''%s'':%s', token, least(i, 16383)), ' '), '')::tsvector
FROM (SELECT {NORMALIZED.format(arg="doc")} AS s) AS normalized
CROSS JOIN LATERAL generate_series(1, char_length(s)) AS i
CROSS JOIN LATERAL (VALUES (substr(s, i, 1)), (substr(s, i, 2))) AS t(token)
WHERE strpos(token, ' ') = 0
$$;
"""

QUERY = f"""
CREATE OR REPLACE FUNCTION portal_bigram_query(term text, weights text DEFAULT '') RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT string_agg(phrase, ' & ' ORDER BY n)::tsquery
FROM (
    SELECT n, string_agg(quote_literal(substr(run, i, 2)) || CASE WHEN weights ~ '^[A-D]+$' THEN ':' || weights
                                                                  ELSE '' END, ' <-> ' ORDER BY i) AS phrase
    FROM regexp_split_to_table(btrim({NORMALIZED.format(arg="term")}), ' ') WITH ORDINALITY AS r(run, n)
    CROSS JOIN LATERAL generate_series(1, greatest(char_length(run) - 1, 1)) AS i
    WHERE run <> ''
    GROUP BY n
) AS phrases
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0004_credit_sync_job")]

    operations = [
        migrations.RunSQL(BIGRAMS, "DROP FUNCTION IF EXISTS portal_bigrams(text)"),
        migrations.RunSQL(QUERY, "DROP FUNCTION IF EXISTS portal_bigram_query(text, text)"),
    ]
