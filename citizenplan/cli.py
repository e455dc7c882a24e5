"""`citizenplan`: migrate, load demo data, create a manager, check that the database is ready, back up and
restore, take in the municipality's handleplan as FHIR."""

import argparse
import sys
from pathlib import Path

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


def _backup(args: argparse.Namespace) -> int:
    from citizenplan.ops import backup

    database = backup.app_database()
    try:
        backup.backup(Path(args.file), database)
    except backup.BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Sikkerhedskopien af {database.label}-databasen er gemt i {args.file}.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from citizenplan.ops import backup

    database = backup.app_database()
    try:
        backup.check(Path(args.file), database)
        if not args.yes:
            print(f"Alt i databasen bliver erstattet af sikkerhedskopien i {args.file}; "
                  "skriv `citizenplan restore --yes FILE`, hvis det er det, du vil.", file=sys.stderr)
            return 1
        upgraded = backup.restore(Path(args.file), database)
    except backup.BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Databasen er gendannet fra {args.file}"
          + (" og opdateret til denne udgave af Min Vej." if upgraded else "."))
    return 0


def _import_fhir(args: argparse.Namespace) -> int:
    """The municipality's handleplan from an integration: as her contact person (--by, or her only one), through
    the same policy, checks and audit log as an upload on the follow-up screen."""
    from sqlmodel import select

    from citizenplan import i18n
    from citizenplan.domain.accounts import load_actor
    from citizenplan.domain.errors import UserError
    from citizenplan.domain.fhir import importing
    from citizenplan.models import ContactAssignment, User

    raw = Path(args.file).read_bytes()[:importing.LARGEST + 1]
    try:
        with session_scope() as db:
            citizen = db.exec(select(User).where(User.username == args.citizen)).first()
            if citizen is None:
                print(f"Der er ingen bruger, der hedder {args.citizen}.", file=sys.stderr)
                return 1
            if args.by:
                by = db.exec(select(User.id).where(User.username == args.by)).first()
            else:
                contacts = db.exec(select(ContactAssignment.contact_person_id).where(
                    ContactAssignment.citizen_id == citizen.id, ContactAssignment.ended_at.is_(None))).all()
                by = contacts[0] if len(contacts) == 1 else None
            if by is None:
                print("Skriv med --by, hvilken kontaktperson der henter handleplanen ind.", file=sys.stderr)
                return 1
            frame = importing.import_handleplan(db, load_actor(db, by), citizen.id, raw, bind=args.bind)
            version, source = frame.source_version, frame.source
    except UserError as error:
        print(i18n.explain(error, "da"), file=sys.stderr)
        return 1
    print(f"Handleplanen (udgave {version} fra {source}) er hentet ind for {args.citizen}.")
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
    saving = commands.add_parser("backup", help="write a backup of the database to FILE, while the app runs")
    saving.add_argument("file", metavar="FILE")
    saving.set_defaults(run=_backup)
    restoring = commands.add_parser("restore", help="replace the database with the backup in FILE")
    restoring.add_argument("file", metavar="FILE")
    restoring.add_argument("--yes", action="store_true", help="yes, replace everything in the database")
    restoring.set_defaults(run=_restore)
    importer = commands.add_parser("import-fhir", help="take in the municipality's handleplan from a FHIR R4 Bundle")
    importer.add_argument("file", metavar="FILE")
    importer.add_argument("--citizen", required=True, metavar="USERNAME")
    importer.add_argument("--by", metavar="USERNAME", help="the contact person it is done as (default: her only one)")
    importer.add_argument("--bind", action="store_true",
                          help="a citizen with no municipal id yet takes the one in the file's Patient")
    importer.set_defaults(run=_import_fhir)
    revision = commands.add_parser("makemigration", help="autogenerate a migration from the models")
    revision.add_argument("message")
    revision.set_defaults(run=_makemigration)
    args = parser.parse_args(argv)
    with private_files.only_mine():  # the database and backups it writes hold personal data
        return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
