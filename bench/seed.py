"""Province-scale demo seed against an in-run baseline.

The seed: ≈20,000 enterprises, ≈60,000 projects, 2,000,000 complaints with their events, and
two years of draws, inspections, orders and self-reports.

The baseline inserts the same number of enterprise and project rows with minimal constant
values through ``bulk_create`` and the same number of complaint rows generated inside
PostgreSQL (``INSERT … SELECT generate_series``): the floor any seeder pays for those rows and
their indexes. The ratio says what the realistic generation (names, valid credit codes,
histories, events, inspections) adds. Target: the whole seed under 600 s on 2 cores.

    .venv/bin/python bench/seed.py [--scale province]
"""

import argparse
import io

from _common import bench_database, emit, keep_as_cache, settle_after_seeding, timed


def baseline(scale, scale_name) -> None:
    from django.db import connection

    from enterprises.models import Enterprise
    from projects.models import Project
    from regions.models import Region

    city = Region.objects.create(code="990100", name="基线市", level=1)
    district = Region.objects.create(code="990102", name="基线区", level=2, parent=city)
    street = Region.objects.create(code="990102001", name="基线街道", level=3, parent=district)
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(name=f"基线物业{i}", uscc=f"B{i:017d}", legal_representative="甲", region=district, address="路")
            for i in range(scale.enterprises)
        ],
        batch_size=5000,
    )
    Project.objects.bulk_create(
        [
            Project(
                code=f"B{i}", name="基线小区", region=street, address="路", enterprise=enterprises[i % len(enterprises)]
            )
            for i in range(scale.projects)
        ],
        batch_size=5000,
    )
    from complaints.demo import PER_YEAR, YEARS
    from complaints.models import Category

    category = Category.objects.first()
    complaints = PER_YEAR[scale_name] * YEARS
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO complaints_complaint (tracking_code, channel, project_id, region_id, region_path,
                   category_id, description, urgency, complainant_name, complainant_phone, status, created,
                   assignee_kind, stage, is_overdue, escalation_level, answer, reject_reason, feedback,
                   feedback_comment)
               SELECT 'B' || g, 'portal', p.id, %s, %s, %s, '楼道垃圾无人清运', 'normal', '', '13800000000',
                      'submitted', now(), '', '', false, 0, '', '', '', ''
               FROM generate_series(1, %s) g
               JOIN projects_project p ON p.code = 'B' || (g %% %s)""",
            [street.pk, street.path, category.pk, complaints, scale.projects],
        )
        cursor.execute(
            "TRUNCATE complaints_complaint, projects_project, enterprises_enterprise, regions_region CASCADE"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province")
    parser.add_argument("--json", action="store_true", help="also print one line: JSON {…} (bench/run_all.py)")
    args = parser.parse_args()
    with bench_database() as name:
        from django.core.management import call_command

        from core.demo import SCALES

        scale = SCALES[args.scale]
        results = {}
        with timed(results, "baseline"):
            baseline(scale, args.scale)
        log = io.StringIO()
        with timed(results, "seed"):
            call_command("seed_demo", "--scale", args.scale, stdout=log)
        settle_after_seeding()  # not timed: the cache the other benchmarks copy is vacuumed
        keep_as_cache(args.scale, name)
    ratio = results["seed"] / results["baseline"]
    print(
        f"seed_demo --scale {args.scale}: {scale.enterprises} enterprises, {scale.projects} projects, complaints, "
        "inspections"
    )
    print("  seed_demo's own log (seconds since it started):")
    for line in log.getvalue().splitlines():
        print(f"    {line}")
    print(f"  baseline (bare inserts of the enterprise, project and complaint rows): {results['baseline']:7.1f} s")
    print(f"  seed_demo:                                                          {results['seed']:7.1f} s")
    print(f"  ratio seed / baseline:                                              {ratio:7.2f}")
    print(f"  target < 600 s: {'met' if results['seed'] < 600 else 'MISSED'}")
    if args.json:
        emit(
            f"seed_demo ({args.scale})",
            f"{results['seed']:.1f} s",
            f"{results['baseline']:.1f} s",
            ratio,
            "< 600 s",
            results["seed"] < 600,
        )


if __name__ == "__main__":
    main()
