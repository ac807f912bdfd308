"""Plausible years and dates in the database (issue 22, attempt 9): stars and honours of a year
from 2000 to 2100, credit records dated within those years. The constraints are added NOT
VALID: rows already stored outside the range (a penalty of 0001-01-01) stay for an officer to
correct, every new or changed row is checked."""

import datetime
from django.conf import settings
from django.db import migrations, models


STATE = [
    migrations.AddConstraint(
        model_name="creditrecord",
        constraint=models.CheckConstraint(
            condition=models.Q(
                ("occurred_on__gte", datetime.date(2000, 1, 1)), ("occurred_on__lte", datetime.date(2100, 12, 31))
            ),
            name="credit_record_date_range",
        ),
    ),
    migrations.AddConstraint(
        model_name="honour",
        constraint=models.CheckConstraint(
            condition=models.Q(("year__gte", 2000), ("year__lte", 2100)), name="honour_year_range"
        ),
    ),
    migrations.AddConstraint(
        model_name="starrating",
        constraint=models.CheckConstraint(
            condition=models.Q(("year__gte", 2000), ("year__lte", 2100)), name="star_rating_year_range"
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("enterprises", "0006_change_request_attachments"),
        ("projects", "0004_search_bigrams"),
        ("ratings", "0019_objection_one_pending_per_score"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE ratings_creditrecord ADD CONSTRAINT credit_record_date_range "
                    "CHECK (occurred_on >= '2000-01-01' AND occurred_on <= '2100-12-31') NOT VALID",
                    "ALTER TABLE ratings_creditrecord DROP CONSTRAINT credit_record_date_range",
                ),
                migrations.RunSQL(
                    "ALTER TABLE ratings_honour ADD CONSTRAINT honour_year_range "
                    "CHECK (year >= 2000 AND year <= 2100) NOT VALID",
                    "ALTER TABLE ratings_honour DROP CONSTRAINT honour_year_range",
                ),
                migrations.RunSQL(
                    "ALTER TABLE ratings_starrating ADD CONSTRAINT star_rating_year_range "
                    "CHECK (year >= 2000 AND year <= 2100) NOT VALID",
                    "ALTER TABLE ratings_starrating DROP CONSTRAINT star_rating_year_range",
                ),
            ],
            state_operations=STATE,
        ),
    ]
