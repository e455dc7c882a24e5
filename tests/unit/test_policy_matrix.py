"""The whole access matrix: every role × every action × every relation × every audience.

The expected allow-set below is written out by hand from DESIGN.md section 1 (who sees and does
what), not derived from citizenplan/domain/policy.py. Anything the policy allows that is not listed
here is an unexpected allow; anything listed that it refuses is an unexpected deny.
"""

import itertools

import pytest

from citizenplan.domain.actors import Actor
from citizenplan.domain.policy import Action, Target, can
from citizenplan.domain.vocabulary import Audience, Role

A = Action

# ------------------------------------------------------------------ a small world

UNIT_A, UNIT_B = 1, 2
CITIZEN, NEIGHBOUR, STRANGER = 10, 11, 20  # unit A, unit A, unit B
CONTACT, OTHER_CONTACT_A, CONTACT_B = 30, 31, 32  # unit A, unit A, unit B
RELATIVE, MANAGER = 40, 50
UNIT_OF = {CITIZEN: UNIT_A, NEIGHBOUR: UNIT_A, STRANGER: UNIT_B}
STAFF_IN = {UNIT_A: OTHER_CONTACT_A, UNIT_B: CONTACT_B}  # a contact person's account in each unit

ACTORS = {
    Role.CITIZEN: Actor(user_id=CITIZEN, role=Role.CITIZEN, display_name="Borger", unit_id=UNIT_A),
    Role.CONTACT_PERSON: Actor(user_id=CONTACT, role=Role.CONTACT_PERSON, display_name="Kontaktperson",
                               unit_id=UNIT_A, citizen_ids=frozenset({CITIZEN})),
    Role.RELATIVE: Actor(user_id=RELATIVE, role=Role.RELATIVE, display_name="Pårørende",
                         citizen_ids=frozenset({CITIZEN}), may_comment_for=frozenset({CITIZEN})),
    Role.MANAGER: Actor(user_id=MANAGER, role=Role.MANAGER, display_name="Leder", unit_id=UNIT_A,
                        managed_unit_ids=frozenset({UNIT_A})),
}

# The relations each role has to a citizen (and so to that citizen's unit).
RELATIONS = {
    Role.CITIZEN: {"own": CITIZEN, "other": NEIGHBOUR, "unrelated": STRANGER},
    # own: assigned; other: not assigned, same unit; unrelated: another unit
    Role.CONTACT_PERSON: {"own": CITIZEN, "other": NEIGHBOUR, "unrelated": STRANGER},
    # own: the citizen who granted access; other: another citizen
    Role.RELATIVE: {"own": CITIZEN, "other": NEIGHBOUR},
    # own: a unit the manager leads; other: a unit they do not lead
    Role.MANAGER: {"own": CITIZEN, "other": STRANGER},
}

AUDIENCES = {
    "private": frozenset(),
    "contact_person": frozenset({Audience.CONTACT_PERSON}),
    "relative": frozenset({Audience.RELATIVE}),
    "both": frozenset({Audience.CONTACT_PERSON, Audience.RELATIVE}),
}

UNIT_ACTIONS = {A.CREATE_CITIZEN, A.INVITE_CONTACT_PERSON, A.READ_UNIT_REPORT, A.OVERSEE_CODES}
STAFF_ACCOUNT_ACTIONS = {A.RESET_CONTACT_PASSWORD, A.CONFIRM_ACCOUNT}
OWN_ACCOUNT_ACTIONS = {A.READ_OWN_ACCOUNT}  # the target is a person's account: here the citizen's


def target_for(action: Action, citizen_id: int, audience: frozenset[Audience]) -> Target:
    """What the action is done to: a unit, a contact person's account, or a citizen's data."""
    unit_id = UNIT_OF[citizen_id]
    if action in UNIT_ACTIONS:
        return Target(kind="unit", unit_id=unit_id, audience=audience)
    if action in STAFF_ACCOUNT_ACTIONS:
        return Target(kind="contact_person", user_id=STAFF_IN[unit_id], unit_id=unit_id, audience=audience)
    if action in OWN_ACCOUNT_ACTIONS:
        return Target(kind="account", user_id=citizen_id, audience=audience)
    return Target(kind="item", citizen_id=citizen_id, unit_id=unit_id, audience=audience)


# ------------------------------------------------------------------ DESIGN.md section 1, by hand

ALL_AUDIENCES = frozenset(AUDIENCES)
SHARED_WITH_CONTACT = frozenset({"contact_person", "both"})
SHARED_WITH_RELATIVE = frozenset({"relative", "both"})

# (role, relation) -> {action: audiences in which it is allowed}
EXPECTED: dict[tuple[Role, str], dict[Action, frozenset[str]]] = {
    # borger: sees everything in their own workbook, who has seen it, every follow-up about them;
    # chats, writes and edits items, approves what is shared (and revokes), answers a proposed
    # rewording, invites and removes relatives, comments, exports (JSON and PDF: printing included)
    # or deletes their data. Nothing of anyone else's.
    (Role.CITIZEN, "own"): {
        A.READ_DRAFT: ALL_AUDIENCES,
        A.WRITE_ITEM: ALL_AUDIENCES,
        A.SHARE_ITEM: ALL_AUDIENCES,
        A.ANSWER_PROPOSAL: ALL_AUDIENCES,
        A.READ_ACCESS_LOG: ALL_AUDIENCES,
        A.MANAGE_RELATIVES: ALL_AUDIENCES,
        A.EXPORT_OR_ERASE: ALL_AUDIENCES,
        A.READ_SHARED: ALL_AUDIENCES,
        A.COMMENT: ALL_AUDIENCES,
        A.READ_FOLLOW_UP: ALL_AUDIENCES,
        A.PRINT_PLAN: ALL_AUDIENCES,
        A.VIEW_CITIZEN: ALL_AUDIENCES,
        A.READ_OWN_ACCOUNT: ALL_AUDIENCES,  # her own account: who set it up again with a code
    },
    (Role.CITIZEN, "other"): {},
    (Role.CITIZEN, "unrelated"): {},
    # kontaktperson: only the approved version of items shared with "kontaktperson", for assigned
    # citizens; comments and proposes rewordings on those; records the § 141 frame, schedules and
    # records follow-up, prints the shared plan; sees the citizens assigned to them, gives them a
    # fresh start code; downloads the shared plan as FHIR; creates citizens in their own unit.
    (Role.CONTACT_PERSON, "own"): {
        A.READ_SHARED: SHARED_WITH_CONTACT,
        A.COMMENT: SHARED_WITH_CONTACT,
        A.PROPOSE_REWORDING: SHARED_WITH_CONTACT,
        A.READ_FOLLOW_UP: ALL_AUDIENCES,
        A.RECORD_FRAME: ALL_AUDIENCES,
        A.RECORD_FOLLOW_UP: ALL_AUDIENCES,
        A.PRINT_PLAN: ALL_AUDIENCES,
        A.EXPORT_PLAN: ALL_AUDIENCES,  # the shared plan as FHIR (issue 23), logged like a print
        A.VIEW_CITIZEN: ALL_AUDIENCES,
        A.RESET_CITIZEN_PASSWORD: ALL_AUDIENCES,
        A.CREATE_CITIZEN: ALL_AUDIENCES,  # the target is the unit: their own
        A.CONFIRM_ACCOUNT: ALL_AUDIENCES,  # a colleague's new access, in their own unit
    },
    (Role.CONTACT_PERSON, "other"): {
        A.CREATE_CITIZEN: ALL_AUDIENCES,  # same unit as their own
        A.CONFIRM_ACCOUNT: ALL_AUDIENCES,  # same unit as their own
    },
    (Role.CONTACT_PERSON, "unrelated"): {},
    # pårørende: reads only items shared with "pårørende"; comments there when the citizen allows it;
    # knows whose plan it is.
    (Role.RELATIVE, "own"): {
        A.READ_SHARED: SHARED_WITH_RELATIVE,
        A.COMMENT: SHARED_WITH_RELATIVE,
        A.VIEW_CITIZEN: ALL_AUDIENCES,
    },
    (Role.RELATIVE, "other"): {},
    # leder: aggregate figures for their unit(s), never a person's content; assigns contact persons to
    # citizens, invites contact persons (and gives them a fresh start), reads the management report;
    # sees who set up whose access with a code, and confirms a contact person's new access.
    (Role.MANAGER, "own"): {
        A.READ_UNIT_REPORT: ALL_AUDIENCES,
        A.INVITE_CONTACT_PERSON: ALL_AUDIENCES,
        A.RESET_CONTACT_PASSWORD: ALL_AUDIENCES,
        A.ASSIGN_CONTACT_PERSON: ALL_AUDIENCES,
        A.OVERSEE_CODES: ALL_AUDIENCES,
        A.CONFIRM_ACCOUNT: ALL_AUDIENCES,
    },
    (Role.MANAGER, "other"): {},
}


def _matrix():
    for role, relations in RELATIONS.items():
        for relation, citizen_id in relations.items():
            expected = EXPECTED[(role, relation)]
            for action, audience in itertools.product(Action, AUDIENCES):
                allowed = can(ACTORS[role], action, target_for(action, citizen_id, AUDIENCES[audience]))
                should = audience in expected.get(action, frozenset())
                yield (role.value, action.value, relation, audience), allowed, should


def _listing(tuples: list[tuple[str, str, str, str]]) -> str:
    return "\n".join("  role={} action={} relation={} audience={}".format(*t) for t in sorted(tuples))


def test_the_matrix_covers_every_role_action_relation_and_audience():
    assert set(RELATIONS) == set(Role)
    assert set(EXPECTED) == {(role, rel) for role, rels in RELATIONS.items() for rel in rels}
    rows = list(_matrix())
    assert len(rows) == sum(len(r) for r in RELATIONS.values()) * len(Action) * len(AUDIENCES)


def test_no_role_is_allowed_anything_design_does_not_give_it():
    unexpected = [row for row, allowed, should in _matrix() if allowed and not should]
    assert not unexpected, f"{len(unexpected)} unexpected allow(s):\n{_listing(unexpected)}"


def test_every_role_may_do_what_design_gives_it():
    unexpected = [row for row, allowed, should in _matrix() if should and not allowed]
    assert not unexpected, f"{len(unexpected)} unexpected denial(s):\n{_listing(unexpected)}"


# ------------------------------------------------------------------ rules worth naming on their own


def test_everyone_reads_who_set_up_their_own_account_again_and_no_one_elses():
    for role, me in ACTORS.items():
        assert can(me, A.READ_OWN_ACCOUNT, Target(kind="account", user_id=me.user_id)), role
        for other in ACTORS.values():
            if other is not me:
                assert not can(me, A.READ_OWN_ACCOUNT, Target(kind="account", user_id=other.user_id)), role
        assert not can(me, A.READ_OWN_ACCOUNT, Target(kind="item", user_id=me.user_id)), role
        assert not can(me, A.READ_OWN_ACCOUNT, Target(kind="account", user_id=me.user_id, citizen_id=CITIZEN))


def test_a_relative_without_leave_to_comment_cannot_comment():
    quiet = Actor(user_id=RELATIVE, role=Role.RELATIVE, display_name="Pårørende",
                  citizen_ids=frozenset({CITIZEN}), may_comment_for=frozenset())
    for audience in AUDIENCES.values():
        assert not can(quiet, A.COMMENT, target_for(A.COMMENT, CITIZEN, audience))
    assert can(quiet, A.READ_SHARED, target_for(A.READ_SHARED, CITIZEN, AUDIENCES["relative"]))


def test_a_relative_whose_access_has_ended_sees_nothing():
    ended = Actor(user_id=RELATIVE, role=Role.RELATIVE, display_name="Pårørende")
    for action, audience in itertools.product(Action, AUDIENCES.values()):
        assert not can(ended, action, target_for(action, CITIZEN, audience)), action


def test_a_contact_person_creates_citizens_only_in_their_own_unit():
    contact = ACTORS[Role.CONTACT_PERSON]
    assert can(contact, A.CREATE_CITIZEN, Target(kind="unit", unit_id=UNIT_A))
    assert not can(contact, A.CREATE_CITIZEN, Target(kind="unit", unit_id=UNIT_B))
    assert not can(contact, A.CREATE_CITIZEN, Target(kind="unit", unit_id=None))
    homeless = Actor(user_id=CONTACT, role=Role.CONTACT_PERSON, display_name="Kontaktperson", unit_id=None)
    assert not can(homeless, A.CREATE_CITIZEN, Target(kind="unit", unit_id=None))
    for role in (Role.CITIZEN, Role.RELATIVE, Role.MANAGER):
        assert not can(ACTORS[role], A.CREATE_CITIZEN, Target(kind="unit", unit_id=UNIT_A)), role


@pytest.mark.parametrize("action", [A.READ_DRAFT, A.READ_SHARED, A.READ_FOLLOW_UP])
def test_a_manager_never_reads_a_persons_content(action):
    leads_both = Actor(user_id=MANAGER, role=Role.MANAGER, display_name="Leder", unit_id=UNIT_A,
                       managed_unit_ids=frozenset({UNIT_A, UNIT_B}))
    for citizen_id, audience in itertools.product(UNIT_OF, AUDIENCES.values()):
        assert not can(leads_both, action, Target(kind="item", citizen_id=citizen_id,
                                                  unit_id=UNIT_OF[citizen_id], audience=audience))


def test_a_citizen_never_sees_another_citizens_draft():
    me = ACTORS[Role.CITIZEN]
    for other in (NEIGHBOUR, STRANGER):
        for audience in AUDIENCES.values():
            assert not can(me, A.READ_DRAFT, target_for(A.READ_DRAFT, other, audience))
            assert not can(me, A.READ_SHARED, target_for(A.READ_SHARED, other, audience))


def test_a_contact_person_never_sees_a_private_draft_even_of_their_own_citizen():
    contact = ACTORS[Role.CONTACT_PERSON]
    for audience in AUDIENCES.values():
        assert not can(contact, A.READ_DRAFT, target_for(A.READ_DRAFT, CITIZEN, audience))
    assert not can(contact, A.READ_SHARED, target_for(A.READ_SHARED, CITIZEN, AUDIENCES["private"]))
    assert not can(contact, A.READ_SHARED, target_for(A.READ_SHARED, CITIZEN, AUDIENCES["relative"]))


def test_a_contact_person_confirms_only_a_colleague_in_their_own_unit_never_themselves():
    contact = ACTORS[Role.CONTACT_PERSON]
    assert can(contact, A.CONFIRM_ACCOUNT, Target(kind="contact_person", user_id=OTHER_CONTACT_A, unit_id=UNIT_A))
    assert not can(contact, A.CONFIRM_ACCOUNT, Target(kind="contact_person", user_id=CONTACT, unit_id=UNIT_A))
    assert not can(contact, A.CONFIRM_ACCOUNT, Target(kind="contact_person", user_id=CONTACT_B, unit_id=UNIT_B))
    for role in (Role.CITIZEN, Role.RELATIVE):
        assert not can(ACTORS[role], A.CONFIRM_ACCOUNT,
                       Target(kind="contact_person", user_id=OTHER_CONTACT_A, unit_id=UNIT_A)), role
