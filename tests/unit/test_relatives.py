"""Relatives (issue 7, DESIGN sections 1 and 3): only the citizen decides who is in, what each relative may
do and for how long; a relative sees only what the citizen shared with "pårørende", and nothing of anyone
else. SQLite and PostgreSQL.

The world of tests/support/people.py: `citizen` ("Citizen") already has one relative (`relative`); the
people made here are invited the way the app does it (relatives.invite, then auth.invitations.redeem).
"""

import inspect
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlmodel import Session, func, select

from citizenplan import i18n, routes
from citizenplan.auth import invitations, sessions
from citizenplan.auth.invitations import Handover
from citizenplan.clock import utcnow
from citizenplan.db import session_scope
from citizenplan.domain import access_log, comments, proposals, relatives, shared_view, sharing, workbook
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.policy import Action, Target, can, require_role
from citizenplan.domain.vocabulary import LOCALES, Audience, Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent, Invitation, RelativeGrant, User
from citizenplan.state.citizen_home import CitizenHomeState
from citizenplan.state.relative_home import RelativeHomeState
from tests.support.people import PASSWORD
from tests.support.sharing_world import (
    CP,
    REL,
    SHAREABLE_KINDS,
    World,
    error_of,
    plan_ids,
    reader_session,
    seen,
    share,
    world,
    write,
)
from tests.support.states import redirect_of, state_of, token_for

NEW_PASSWORD = "blå bil på bakken"
CITIZEN_NAME = "Anna Sørensen"  # distinctive, so a message that leaks it is caught
AUDIENCES = {"private": (), "contact_person": (CP,), "relative": (REL,), "both": (CP, REL)}
RELATIVE_MAY = {Action.VIEW_CITIZEN, Action.READ_SHARED, Action.COMMENT}


# ---------------------------------------------------------------- helpers


def invite(w: World, name: str = "Ida", relation: str = "søster", can_comment: bool = True,
           duration: str = "6m", now=None, by=None) -> Handover:
    handover = relatives.invite(w.db, by or w.me, name, relation, can_comment, duration, now=now)
    w.db.commit()
    return handover


def activate(db: Session, code: str, username: str = "ida.s", now=None) -> int:
    """The invited person opens the code, chooses a user name and a password; their user id."""
    invitations.redeem(db, code, username, NEW_PASSWORD, NEW_PASSWORD, now=now)
    db.commit()
    return db.exec(select(User.id).where(User.username == username)).one()


def invited_relative(w: World, username: str = "ida.s", **invite_args) -> tuple[int, int]:
    """Invite and activate; (relative's user id, grant id)."""
    handover = invite(w, **invite_args)
    relative_id = activate(w.db, handover.code, username, now=invite_args.get("now"))
    return relative_id, grant_of(w.db, relative_id).id


def grant_of(db: Session, relative_id: int) -> RelativeGrant:
    db.expire_all()
    return db.exec(select(RelativeGrant).where(RelativeGrant.relative_id == relative_id)).one()


def grant_of_citizen(db: Session, citizen_id: int, relative_id: int) -> RelativeGrant:
    return db.exec(select(RelativeGrant).where(RelativeGrant.citizen_id == citizen_id,
                                               RelativeGrant.relative_id == relative_id)).one()


def refusal(db: Session, code: str, now=None) -> UserError:
    with pytest.raises(UserError) as caught:
        invitations.redeem(db, code, "someone.new", NEW_PASSWORD, NEW_PASSWORD, now=now)
    db.rollback()
    return caught.value


def rows(w: World, now=None) -> list[tuple[str, str, bool, str]]:
    """"Mine pårørende" as the citizen sees it: name, relation, may comment, status."""
    return [(r.name, r.relation, r.can_comment, r.status) for r in relatives.my_relatives(w.db, w.me, now)]


def name_citizen(db: Session, citizen_id: int, name: str = CITIZEN_NAME) -> None:
    citizen = db.get(User, citizen_id)
    citizen.display_name = name
    db.add(citizen)
    db.commit()


def count_users(db: Session) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(User)).one()


# ---------------------------------------------------------------- inviting and activating


def test_the_citizen_invites_a_relative_and_gets_a_code_valid_seven_days_that_works_once(db):
    w = world(db)
    handover = invite(w, name="  Ida ", relation=" søster ", can_comment=True, duration="6m")

    assert handover.display_name == "Ida"
    assert timedelta(days=6, hours=23) < handover.expires_at - utcnow() <= timedelta(days=7)
    assert rows(w) == [("Relative", "søster", True, "active"), ("Ida", "søster", True, "invited")]
    assert invitations.pending(db, handover.code) == invitations.PendingActivation("Ida", None, "relative")

    activate(db, handover.code)
    assert "allerede brugt" in refusal(db, handover.code).message
    assert rows(w)[1] == ("Ida", "søster", True, "active")


def test_the_invited_person_activates_and_becomes_a_relative_of_that_citizen_only(db):
    w = world(db)
    relative_id = activate(db, invite(w, can_comment=False).code, username="ida.s")

    ida = load_actor(db, relative_id)
    assert ida.role is Role.RELATIVE and ida.display_name == "Ida"
    assert ida.citizen_ids == {w.people.citizen}
    assert ida.may_comment_for == frozenset()
    assert ida.unit_id is None
    assert sessions.begin_login(db, "ida.s", NEW_PASSWORD).ticket is not None
    assert [(c.citizen_id, c.name, c.relation, c.expired) for c in relatives.citizens_of(db, ida)] == [
        (w.people.citizen, "Citizen", "søster", False)]
    # the citizen's first relative keeps their own grant, unchanged
    assert w.reload(w.people.relative).citizen_ids == {w.people.citizen}


def test_a_relative_may_comment_when_invited_with_commenting(db):
    w = world(db)
    relative_id = activate(db, invite(w, can_comment=True).code)
    assert load_actor(db, relative_id).may_comment_for == {w.people.citizen}


@pytest.mark.parametrize("bad", ["", "   "])
def test_inviting_without_a_name_is_refused_plainly_and_creates_nobody(db, bad):
    w = world(db)
    before = count_users(db)
    error = error_of(lambda: relatives.invite(db, w.me, bad, "ven", False, "6m"))
    db.commit()
    assert error.message == "Feltet må ikke være tomt."
    assert count_users(db) == before


@pytest.mark.parametrize("duration, relation", [("2y", "søster"), ("6m", "x" * 101)], ids=["duration", "relation"])
def test_an_invitation_refused_for_bad_input_leaves_no_account_behind(db, duration, relation):
    w = world(db)
    before = count_users(db)
    error_of(lambda: relatives.invite(db, w.me, "Ida", relation, False, duration))
    db.commit()  # as the page's unit of work does after showing the message
    assert count_users(db) == before


# ---------------------------------------------------------------- a relative of one citizen only


def test_a_relative_of_one_citizen_sees_nothing_of_another_citizen_who_shares_with_relatives(db):
    w = world(db)
    mine = write(db, w.me, ItemKind.GOAL, {"title": "Mit mål"})
    share(db, w.me, mine, REL)
    theirs = [write(db, w.neighbour, kind) for kind in SHAREABLE_KINDS]
    for item_id in theirs:
        share(db, w.neighbour, item_id, CP, REL)
    their_relative_id = activate(db, relatives.invite(db, w.neighbour, "Bo", "bror", True, "open").code, "bo.b")
    their_relative = load_actor(db, their_relative_id)

    assert plan_ids(db, w.relative, w.people.neighbour) is None
    for item_id in theirs:
        assert seen(db, w.relative, w.people.neighbour, item_id) is None
        assert seen(db, w.relative, w.people.citizen, item_id) is None  # not through my citizen's plan either
        with pytest.raises(AccessDenied):
            comments.comments_on(db, w.relative, w.people.neighbour, item_id)
        with pytest.raises(AccessDenied):
            comments.add_comment(db, w.relative, w.people.neighbour, item_id, "Hej")
        with pytest.raises(AccessDenied):
            comments.add_comment(db, w.relative, w.people.citizen, item_id, "Hej")
    assert [c.citizen_id for c in relatives.citizens_of(db, w.relative)] == [w.people.citizen]

    # and the other way round
    assert sorted(plan_ids(db, their_relative, w.people.neighbour)) == sorted(theirs)
    assert plan_ids(db, their_relative, w.people.citizen) is None
    assert seen(db, their_relative, w.people.citizen, mine) is None
    assert [c.citizen_id for c in relatives.citizens_of(db, their_relative)] == [w.people.neighbour]


def test_a_person_who_is_a_relative_of_two_citizens_has_a_separate_grant_with_each(db):
    w = world(db)
    db.add(RelativeGrant(citizen_id=w.people.neighbour, relative_id=w.people.relative, relation="ven",
                         can_comment=False))
    db.commit()
    mine = write(db, w.me, ItemKind.GOAL, {"title": "Mit mål"})
    theirs = write(db, w.neighbour, ItemKind.GOAL, {"title": "Naboens mål"})
    share(db, w.me, mine, REL)
    share(db, w.neighbour, theirs, REL)
    both = w.reload(w.people.relative)
    assert both.citizen_ids == {w.people.citizen, w.people.neighbour}
    comments.add_comment(db, both, w.people.citizen, mine, "Godt gået")
    db.commit()
    with pytest.raises(AccessDenied):  # the neighbour did not allow comments
        comments.add_comment(db, both, w.people.neighbour, theirs, "Godt gået")
    db.rollback()

    relatives.remove(db, w.me, grant_of_citizen(db, w.people.citizen, w.people.relative).id)
    db.commit()
    after = w.reload(w.people.relative)
    assert after.citizen_ids == {w.people.neighbour}
    assert plan_ids(db, after, w.people.neighbour) == [theirs]
    assert plan_ids(db, after, w.people.citizen) is None


# ---------------------------------------------------------------- how long


@pytest.mark.parametrize("duration, months", [("3m", 3), ("6m", 6), ("1y", 12), ("open", None)])
def test_the_chosen_duration_sets_when_access_ends_and_open_means_until_the_citizen_stops_it(db, duration, months):
    w = world(db)
    now = utcnow()
    relative_id, _ = invited_relative(w, duration=duration, now=now)
    expected = now + relativedelta(months=months) if months else None
    assert grant_of(db, relative_id).expires_at == expected
    assert relatives.my_relatives(db, w.me)[-1].expires_at == expected


def test_an_unknown_duration_is_refused_plainly(db):
    w = world(db)
    error = error_of(lambda: relatives.invite(db, w.me, "Ida", "søster", False, "2y"))
    assert (error.message, error.field) == ("Tryk på en knap.", "duration")


def test_expired_access_gives_nothing_and_the_relative_is_told_it_has_expired(db):
    w = world(db)
    now = utcnow()
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, REL)
    relative_id, _ = invited_relative(w, duration="3m", now=now)
    ends = now + relativedelta(months=3)

    just_before = load_actor(db, relative_id, ends - timedelta(minutes=1))
    assert plan_ids(db, just_before, w.people.citizen) == [goal]

    after = ends + timedelta(minutes=1)
    expired = load_actor(db, relative_id, after)
    assert expired.citizen_ids == frozenset()
    with pytest.raises(AccessDenied):
        shared_view.shared_plan(db, expired, w.people.citizen)
    with pytest.raises(AccessDenied):
        shared_view.shared_item(db, expired, w.people.citizen, goal)
    with pytest.raises(AccessDenied):
        comments.add_comment(db, expired, w.people.citizen, goal, "Hej")
    db.rollback()
    [told] = relatives.citizens_of(db, expired, after)
    assert (told.citizen_id, told.name, told.expired, told.expires_at) == (w.people.citizen, "Citizen", True, ends)
    assert rows(w, after)[-1] == ("Ida", "søster", True, "expired")


def test_the_citizen_can_give_expired_access_again_by_choosing_a_new_duration(db):
    w = world(db)
    now = utcnow()
    relative_id, grant_id = invited_relative(w, duration="3m", now=now - relativedelta(months=4))
    assert load_actor(db, relative_id).citizen_ids == frozenset()
    relatives.change(db, w.me, grant_id, True, "6m")
    db.commit()
    assert load_actor(db, relative_id).citizen_ids == {w.people.citizen}


# ---------------------------------------------------------------- removing, at once


def test_removing_a_relative_ends_their_access_at_once_also_in_a_page_they_have_open(db, db_url):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, REL)
    relative_id, grant_id = invited_relative(w)

    with reader_session(db_url) as page:  # the relative's open page: its own connection
        assert plan_ids(page, load_actor(page, relative_id), w.people.citizen) == [goal]
        page.commit()

        relatives.remove(db, w.me, grant_id)
        db.commit()

        # the next event loads the actor afresh, as every event does
        now = load_actor(page, relative_id)
        assert now.citizen_ids == frozenset() and now.may_comment_for == frozenset()
        assert relatives.citizens_of(page, now) == []
        assert plan_ids(page, now, w.people.citizen) is None
        with pytest.raises(AccessDenied):
            comments.add_comment(page, now, w.people.citizen, goal, "Hej igen")
        page.commit()  # the refusal's audit record, as session_scope keeps it
    assert [r[0] for r in rows(w)] == ["Relative"]
    assert db.exec(select(AuditEvent).where(AuditEvent.actor_id == relative_id, AuditEvent.action == "comment",
                                            AuditEvent.allowed.is_(False))).all()
    assert comments.comments_on(db, w.me, w.people.citizen, goal) == []


def test_a_removed_relative_cannot_be_changed_or_removed_again(db):
    w = world(db)
    _, grant_id = invited_relative(w)
    relatives.remove(db, w.me, grant_id)
    db.commit()
    for call in (lambda: relatives.remove(db, w.me, grant_id),
                 lambda: relatives.change(db, w.me, grant_id, True, "open"),
                 lambda: relatives.new_code(db, w.me, grant_id)):
        assert error_of(call).message == "Det findes ikke længere."


def test_the_citizen_can_invite_someone_again_after_removing_them(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, REL)
    first_id, grant_id = invited_relative(w, username="ida.s")
    relatives.remove(db, w.me, grant_id)
    db.commit()

    again = invite(w, can_comment=False, duration="open")
    second_id = activate(db, again.code, username="ida.igen")
    assert rows(w) == [("Relative", "søster", True, "active"), ("Ida", "søster", False, "active")]
    assert plan_ids(db, load_actor(db, second_id), w.people.citizen) == [goal]
    assert plan_ids(db, load_actor(db, first_id), w.people.citizen) is None


def test_removing_someone_who_has_not_used_their_code_yet_withdraws_the_code_and_says_so(db):
    """Issue 17: the withdrawn code was refused as "Koden er udløbet", which is not what happened."""
    w = world(db)
    handover = invite(w)
    [row] = [r for r in relatives.my_relatives(db, w.me) if r.name == "Ida"]
    assert relatives.remove(db, w.me, row.grant_id) == handover.person_id  # whose code card goes
    db.commit()
    withdrawn = "Koden er trukket tilbage. Den kan ikke bruges."
    assert (refusal(db, handover.code).message, refusal(db, handover.code).field) == (withdrawn, "code")
    assert error_of(lambda: invitations.pending(db, handover.code)).message == withdrawn
    assert error_of(lambda: relatives.join_with_existing_account(db, handover.code, "relative", PASSWORD)
                    ).message == withdrawn


def test_the_citizens_last_choice_of_how_long_is_kept_so_the_page_can_show_it(db):
    """Issue 17: "Hvor længe?" showed "Vælg" instead of what the citizen had chosen."""
    w = world(db)
    invite(w, duration="3m")
    [row] = [r for r in relatives.my_relatives(db, w.me) if r.name == "Ida"]
    assert row.duration == "3m"
    relatives.change(db, w.me, row.grant_id, True, "1y")
    relatives.change(db, w.me, row.grant_id, False, None)  # only commenting changes: the choice stays
    db.commit()
    assert [r.duration for r in relatives.my_relatives(db, w.me) if r.name == "Ida"] == ["1y"]


# ---------------------------------------------------------------- a new code, changing what they may do


def test_a_new_code_for_someone_who_has_not_used_theirs_makes_the_old_code_stop_working(db):
    w = world(db)
    first = invite(w)
    [row] = [r for r in relatives.my_relatives(db, w.me) if r.name == "Ida"]
    second = relatives.new_code(db, w.me, row.grant_id)
    db.commit()

    assert second.code != first.code and second.display_name == "Ida"
    assert "udløbet" in refusal(db, first.code).message
    relative_id = activate(db, second.code)
    assert load_actor(db, relative_id).citizen_ids == {w.people.citizen}
    assert db.exec(select(func.count()).select_from(Invitation).where(Invitation.user_id == relative_id)).one() == 2


def test_a_new_code_for_someone_who_already_has_access_is_refused_plainly(db):
    w = world(db)
    _, grant_id = invited_relative(w)
    assert error_of(lambda: relatives.new_code(db, w.me, grant_id)).message == "Hun eller han kan allerede se din plan."


def test_the_citizen_changes_whether_a_relative_may_comment_and_for_how_long(db):
    w = world(db)
    now = utcnow()
    relative_id, grant_id = invited_relative(w, can_comment=True, duration="3m", now=now)
    ends = grant_of(db, relative_id).expires_at

    relatives.change(db, w.me, grant_id, False, None)  # None keeps the end as it is
    db.commit()
    assert (grant_of(db, relative_id).can_comment, grant_of(db, relative_id).expires_at) == (False, ends)
    assert load_actor(db, relative_id).may_comment_for == frozenset()

    relatives.change(db, w.me, grant_id, True, "open")
    db.commit()
    assert (grant_of(db, relative_id).can_comment, grant_of(db, relative_id).expires_at) == (True, None)
    assert load_actor(db, relative_id).may_comment_for == {w.people.citizen}

    later = now + timedelta(days=10)
    relatives.change(db, w.me, grant_id, True, "1y", now=later)
    db.commit()
    assert grant_of(db, relative_id).expires_at == later + relativedelta(months=12)
    assert error_of(lambda: relatives.change(db, w.me, grant_id, True, "forever")).field == "duration"


# ---------------------------------------------------------------- what a relative sees and may do


@pytest.mark.parametrize("audience", list(AUDIENCES))
@pytest.mark.parametrize("may_comment", [True, False], ids=["may_comment", "may_not_comment"])
@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_a_relative_reads_and_comments_only_on_items_shared_with_relatives_and_comments_only_if_allowed(
        db, kind, audience, may_comment):
    w = world(db, relative_may_comment=may_comment)
    item_id = write(db, w.me, kind)
    if AUDIENCES[audience]:
        share(db, w.me, item_id, *AUDIENCES[audience])
    shared_with_me = REL in AUDIENCES[audience]

    assert plan_ids(db, w.relative, w.people.citizen) == ([item_id] if shared_with_me else [])
    assert (seen(db, w.relative, w.people.citizen, item_id) is not None) is shared_with_me
    try:
        comments.add_comment(db, w.relative, w.people.citizen, item_id, "Hej fra din søster")
        commented = True
    except AccessDenied:
        commented = False
    db.commit()
    assert commented is (shared_with_me and may_comment)
    texts = [c.text for c in comments.comments_on(db, w.me, w.people.citizen, item_id)]
    assert texts == (["Hej fra din søster"] if commented else [])


def test_a_relative_does_not_see_what_the_contact_person_wrote_on_an_item_shared_with_both(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    comments.add_comment(db, w.contact, w.people.citizen, goal, "Fra kontaktpersonen")
    comments.add_comment(db, w.me, w.people.citizen, goal, "Fra mig", to=REL)
    comments.add_comment(db, w.relative, w.people.citizen, goal, "Fra min søster")
    db.commit()
    assert [c.text for c in comments.comments_on(db, w.relative, w.people.citizen, goal)] == [
        "Fra mig", "Fra min søster"]
    assert [c.text for c in comments.comments_on(db, w.me, w.people.citizen, goal)] == [
        "Fra kontaktpersonen", "Fra mig", "Fra min søster"]


def test_a_relative_opening_the_shared_plan_shows_in_who_has_seen_my_plan_once_a_visit_per_item(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    dream = write(db, w.me, ItemKind.DREAM)
    private = write(db, w.me, ItemKind.HOPE)
    share(db, w.me, goal, REL)
    share(db, w.me, dream, REL)
    for _ in range(2):  # opened and reloaded: one visit (tests/unit/test_access_log.py has the half hour)
        shared_view.shared_plan(db, w.relative, w.people.citizen)
        db.commit()
    viewings = access_log.who_has_seen(db, w.me)
    assert sorted((v.who, v.role, v.item_id) for v in viewings) == sorted(
        [("Relative", Role.RELATIVE, goal), ("Relative", Role.RELATIVE, dream)])
    assert private not in {v.item_id for v in viewings}


def test_a_relative_never_sees_private_or_contact_person_only_items_follow_up_or_anything_else(db):
    w = world(db)
    private = write(db, w.me, ItemKind.GOAL, {"title": "Privat"})
    contact_only = write(db, w.me, ItemKind.CRISIS_PLAN)
    for_relatives = write(db, w.me, ItemKind.DREAM)
    share(db, w.me, contact_only, CP)
    share(db, w.me, for_relatives, REL)
    citizen = w.people.citizen

    assert plan_ids(db, w.relative, citizen) == [for_relatives]
    for item_id in (private, contact_only):
        assert seen(db, w.relative, citizen, item_id) is None
        with pytest.raises(AccessDenied):
            comments.comments_on(db, w.relative, citizen, item_id)
    # the citizen's own workbook, drafts, history, sharing, access log and relatives
    for call in (lambda: workbook.items(db, w.relative),
                 lambda: workbook.item(db, w.relative, for_relatives),
                 lambda: workbook.content_of(db, w.relative, for_relatives),
                 lambda: workbook.history(db, w.relative, for_relatives),
                 lambda: sharing.state_of(db, w.relative, for_relatives),
                 lambda: sharing.stop_sharing(db, w.relative, for_relatives),
                 lambda: proposals.propose(db, w.relative, citizen, for_relatives, "text", "Andre ord"),
                 lambda: relatives.my_relatives(db, w.relative),
                 lambda: relatives.invite(db, w.relative, "Bo", "bror", True, "open")):
        with pytest.raises(AccessDenied):
            call()
    # follow-up, the § 141 frame, printing, accounts: refused whatever the citizen shared
    for action in set(Action) - RELATIVE_MAY:
        for audience in AUDIENCES.values():
            target = Target(kind="item", citizen_id=citizen, unit_id=w.people.unit_a,
                            audience=frozenset(audience), item_id=for_relatives)
            assert not can(w.relative, action, target), action
    assert not can(w.relative, Action.READ_SHARED, Target(kind="item", citizen_id=citizen,
                                                          audience=frozenset({Audience.CONTACT_PERSON})))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("case", ["used", "expired", "unknown"])
def test_a_used_expired_or_unknown_code_gives_a_plain_message_that_says_nothing_about_the_citizen(db, case):
    w = world(db)
    name_citizen(db, w.people.citizen)
    handover = invite(w, name="Ida", relation="søster")
    code, now = handover.code, None
    if case == "used":
        activate(db, code)
    elif case == "expired":
        now = utcnow() + timedelta(days=8)
    else:
        code = "ABCD-EFG-HJK"
    expected = {"used": "Koden er allerede brugt. Bed om en ny kode.",
                "expired": "Koden er udløbet. Bed om en ny kode.",
                "unknown": "Koden findes ikke. Tjek, at den er skrevet rigtigt."}[case]

    for error in (refusal(db, code, now), error_of(lambda: invitations.pending(db, code, now))):
        assert (error.message, error.field, error.params) == (expected, "code", {})
        for locale in LOCALES:
            said = i18n.explain(error, locale)
            for secret in (CITIZEN_NAME, "Anna", "Sørensen", "søster"):
                assert secret not in said


def test_another_citizen_cannot_see_change_or_remove_this_citizens_relatives(db):
    w = world(db)
    relative_id, grant_id = invited_relative(w, can_comment=True, duration="open")
    before = grant_of(db, relative_id).model_dump()
    for other in (w.neighbour, w.contact, w.relative, w.manager):
        for call in (lambda o=other: relatives.change(db, o, grant_id, False, "3m"),
                     lambda o=other: relatives.remove(db, o, grant_id),
                     lambda o=other: relatives.new_code(db, o, grant_id)):
            with pytest.raises(AccessDenied):
                call()
    for call in (lambda: relatives.change(db, w.neighbour, 999_999, False, "3m"),
                 lambda: relatives.remove(db, w.neighbour, 999_999),
                 lambda: relatives.remove(db, w.me, 999_999)):
        with pytest.raises(AccessDenied):
            call()
    db.commit()
    assert grant_of(db, relative_id).model_dump() == before
    assert [r.name for r in relatives.my_relatives(db, w.neighbour)] == []
    for someone in (w.contact, w.manager):
        with pytest.raises(AccessDenied):
            relatives.my_relatives(db, someone)
    assert db.exec(select(AuditEvent).where(AuditEvent.actor_id == w.people.neighbour,
                                            AuditEvent.action == Action.MANAGE_RELATIVES.value,
                                            AuditEvent.allowed.is_(False))).all()


@pytest.mark.parametrize("page, role", [
    (routes.CITIZEN_HOME, Role.CITIZEN), (routes.WORKBOOK, Role.CITIZEN), (routes.WORKBOOK_ITEM, Role.CITIZEN),
    (routes.MY_RELATIVES, Role.CITIZEN), (routes.ACCESS_LOG, Role.CITIZEN), (routes.CHAT, Role.CITIZEN),
    (routes.CONTACT_PERSON_HOME, Role.CONTACT_PERSON), (routes.SHARED_PLAN, Role.CONTACT_PERSON),
    (routes.MANAGER_HOME, Role.MANAGER),
])
def test_a_relative_opening_a_citizens_or_staff_page_is_refused_and_logged(db, app_db, page, role):
    w = world(db)
    with pytest.raises(AccessDenied), session_scope():
        require_role(w.relative, role, page)
    db.expire_all()
    [event] = db.exec(select(AuditEvent).where(AuditEvent.actor_id == w.people.relative)).all()
    assert (event.action, event.allowed, event.target_kind, event.detail) == ("open_page", False, "page", page)
    require_role(w.relative, Role.RELATIVE, routes.RELATIVE_HOME)  # their own page is theirs


# ---------------------------------------------------------------- the pages' handlers, without a browser


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_a_relative_opening_the_citizens_home_is_sent_to_their_own_and_the_attempt_is_logged(db, app_db):
    w = world(db)
    home = state_of(CitizenHomeState, cookie_token=token_for("relative", PASSWORD))
    assert redirect_of(await CitizenHomeState.load.fn(home)) == routes.RELATIVE_HOME
    db.expire_all()
    assert db.exec(select(AuditEvent.detail).where(AuditEvent.actor_id == w.people.relative,
                                                   AuditEvent.action == "open_page")).all() == [routes.CITIZEN_HOME]


async def _send(page: RelativeHomeState, citizen_id: int, item_id: int, text: str) -> None:
    """"Send" under a greeting. The ids go as arguments today; the fix of the greeting form (see the xfail
    in tests/e2e/test_relatives.py) moves them into the form, so both ways are served."""
    form = {"comment": text, "citizen_id": str(citizen_id), "item_id": str(item_id)}
    takes_ids = list(inspect.signature(RelativeHomeState.comment.fn).parameters)[1:3] == ["citizen_id", "item_id"]
    await RelativeHomeState.comment.fn(page, *((str(citizen_id), str(item_id)) if takes_ids else ()), form)


@pytest.mark.anyio
async def test_the_relatives_open_page_shows_access_gone_on_its_next_action_after_removal(db, app_db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Gå en tur"})
    share(db, w.me, goal, REL)
    grant_id = grant_of(db, w.people.relative).id
    page = state_of(RelativeHomeState, cookie_token=token_for("relative", PASSWORD))
    await RelativeHomeState.load.fn(page)
    assert [(c.name, [i.id for i in c.shared]) for c in page.citizens] == [("Citizen", [str(goal)])]

    await _send(page, w.people.citizen, goal, "Godt gået!")
    assert page.error == ""
    assert [c.text for c in page.citizens[0].shared[0].comments] == ["Godt gået!"]

    relatives.remove(db, w.me, grant_id)
    db.commit()
    await _send(page, w.people.citizen, goal, "Er du der?")
    assert page.error == "Det har du ikke adgang til."
    assert page.citizens == []
    assert [c.text for c in comments.comments_on(db, w.me, w.people.citizen, goal)] == ["Godt gået!"]
