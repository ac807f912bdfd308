"""Province-scale demo seed (≈20,000 enterprises, ≈60,000 projects) against an in-run baseline.

The baseline inserts the same number of enterprise and project rows with minimal constant
values through ``bulk_create``: the floor any seeder pays for the rows themselves. The ratio
says how much the realistic generation (names, valid credit codes, distributions) adds.
Target: the whole seed under 600 s on 2 cores.

    .venv/bin/python bench/seed.py [--scale province]
"""

import argparse
import io

from _common import bench_database, timed


def baseline(scale) -> None:
    from django.db import connection

    from enterprises.models import Enterprise
    from projects.models import Project, Region

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
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE projects_project, enterprises_enterprise, projects_region CASCADE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province")
    args = parser.parse_args()
    with bench_database():
        from django.core.management import call_command

        from accounts.demo import SCALES

        scale = SCALES[args.scale]
        results = {}
        with timed(results, "baseline"):
            baseline(scale)
        with timed(results, "seed"):
            call_command("seed_demo", "--scale", args.scale, stdout=io.StringIO())
    ratio = results["seed"] / results["baseline"]
    print(f"seed_demo --scale {args.scale}: {scale.enterprises} enterprises, {scale.projects} projects")
    print(f"  baseline (bare bulk insert of the same rows): {results['baseline']:7.1f} s")
    print(f"  seed_demo:                                    {results['seed']:7.1f} s")
    print(f"  ratio seed / baseline:                        {ratio:7.2f}")
    print(f"  target < 600 s: {'met' if results['seed'] < 600 else 'MISSED'}")


if __name__ == "__main__":
    main()
