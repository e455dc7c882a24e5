"""`citizenplan`: migrate, load demo data, create a manager, check that the database is ready."""

import argparse
import sys

from citizenplan import migrations, private_files
from citizenplan.db import session_scope
from citizenplan.domain.vocabulary import ROLE_LABELS


def _demo(_args: argparse.Namespace) -> int:
    from citizenplan import demo, demo_plans

    with session_scope() as db:
        logins = demo.load(db)
    with session_scope() as db:
        demo_plans.load(db)
    with session_scope() as db:
        demo_plans.load_population(db)
    print(f"\nDemo-logins (adgangskode for alle: {demo.DEMO_PASSWORD})\n")
    print(f"  {'brugernavn':<10} {'rolle':<14} navn")
    for login in logins:
        print(f"  {login.username:<10} {ROLE_LABELS[login.role]:<14} {login.display_name}"
              + (f" ({login.unit})" if login.unit else ""))
    print()
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    from citizenplan.domain import report_facts

    migrations.upgrade()
    with session_scope() as db:
        if not report_facts.built(db):  # a database from before the report's facts existed
            print(f"Ledelsesinformationen er beregnet for {report_facts.rebuild(db)} borgere.")
    print("Databasen er opdateret.")
    return 0


def _check(_args: argparse.Namespace) -> int:
    pending = migrations.pending_revision()
    if pending:
        print(f"Databasen er ikke opdateret (står på {pending}). Kør: make migrate", file=sys.stderr)
        return 1
    return 0


def _synthetic(args: argparse.Namespace) -> int:
    import time

    from citizenplan import synthetic

    started = time.perf_counter()
    with session_scope() as db:
        made = synthetic.generate(db, args.citizens, goals_per_citizen=args.goals_per_citizen, seed=args.seed)
    print(", ".join(f"{key}: {value}" for key, value in made.items()), f"({time.perf_counter() - started:.1f} s)")
    return 0


def _makemigration(args: argparse.Namespace) -> int:
    migrations.make_revision(args.message)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="citizenplan", description="Min Vej")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring the database to the newest schema").set_defaults(run=_migrate)
    commands.add_parser("demo", help="load the demo people (idempotent)").set_defaults(run=_demo)
    commands.add_parser("check", help="exit 1 when the database needs migrating").set_defaults(run=_check)
    synth = commands.add_parser("synthetic", help="write a synthetic population (never real people)")
    synth.add_argument("--citizens", type=int, default=1000)
    synth.add_argument("--goals-per-citizen", type=float, default=2.0)
    synth.add_argument("--seed", type=int, default=1)
    synth.set_defaults(run=_synthetic)
    revision = commands.add_parser("makemigration", help="autogenerate a migration from the models")
    revision.add_argument("message")
    revision.set_defaults(run=_makemigration)
    args = parser.parse_args(argv)
    with private_files.only_mine():  # the database and backups it writes hold personal data
        return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
