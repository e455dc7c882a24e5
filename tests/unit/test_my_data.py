"""Her data (issue 20, GDPR art. 15, 17 and 20): "Hent mine data" holds everything about her, from every
table that has her id; "Slet min konto" deletes it in one transaction and leaves none of her words in any
table, except the signed records and dated assessments the municipality must keep. SQLite and PostgreSQL.

The erasure test writes a marker text everywhere she (and those around her) can write, erases, and then
reads every column of every table of the database (found from the metadata, not a list) for the markers.
"""

import json
import secrets

import pytest
from sqlmodel import SQLModel, select

from citizenplan.auth import sessions
from citizenplan.domain import (
    accounts,
    chat,
    comments,
    my_data,
    proposals,
    relatives,
    report_facts,
    sharing,
    workbook,
)
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.follow_up import GoalInput
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent, AuthSession, RelativeGrant, ReportGoalFact, User
from tests.support.follow_up_case import CP, MET, NOW, REL, Case, make_case, save_frame, share_goal, sign
from tests.support.people import PASSWORD, actor


def marker(label: str) -> str:
    return f"MARKØR-{label}-{secrets.token_hex(4)}"


def every_text_in_the_database(db) -> dict[str, list[str]]:
    """Each table's rows, every column as text: the whole database, found from the metadata."""
    found = {}
    connection = db.connection()
    for table in SQLModel.metadata.sorted_tables:
        found[table.name] = [json.dumps([str(v) if not isinstance(v, dict | list) else v for v in row],
                                        ensure_ascii=False, default=str)
                             for row in connection.execute(select(table)).all()]
    return found


def tables_holding(db, text: str) -> list[str]:
    return sorted({name for name, rows in every_text_in_the_database(db).items() if any(text in r for r in rows)})


def login(c: Case, username: str) -> str:
    outcome = sessions.begin_login(c.db, username, PASSWORD)
    token = sessions.redeem_ticket(c.db, outcome.ticket, user_agent="Mozilla/5.0 (iPhone) Safari/604.1")
    c.db.commit()
    return token


def her_words_everywhere(c: Case) -> tuple[list[str], str, int]:
    """Markers in everything she and those around her write about her; one goal is followed up (kept)."""
    db, me = c.db, c.me
    words = {k: marker(k) for k in ("dream", "dream2", "hope", "goal", "why", "comment", "note", "chat",
                                    "relative", "relation", "proposal", "reply", "greeting")}
    dream = workbook.create_item(db, me, ItemKind.DREAM)
    workbook.write_fields(db, me, dream.id, {"text": words["dream"]})
    workbook.write_fields(db, me, dream.id, {"text": words["dream2"]}, via="workbook")  # a second version
    hope = workbook.create_item(db, me, ItemKind.HOPE)
    workbook.write_fields(db, me, hope.id, {"text": words["hope"]})
    db.commit()
    kept_goal = share_goal(c, "At gå en tur", CP)
    save_frame(c, purpose="Mere overskud i hverdagen.")
    kept_view = marker("kept-view")
    sign(c, {kept_goal: GoalInput(kept_goal, MET, description="Det gik godt.", citizen_view=kept_view)})
    goal = share_goal(c, words["goal"], CP, REL, why=words["why"])
    comments.add_comment(db, me, c.citizen, goal, words["comment"], to=CP)
    comments.add_comment(db, me, c.citizen, dream.id, words["note"])
    comments.add_comment(db, c.relative, c.citizen, goal, words["greeting"])
    comments.add_comment(db, c.contact, c.citizen, goal, words["reply"])
    proposal = proposals.propose(db, c.contact, c.citizen, goal, "title", words["proposal"])
    db.commit()
    proposals.answer(db, me, proposal.proposal_id, accept=True)
    run = chat.start(db, me, "getting_started")
    chat.answer(db, me, run.conversation_id, run.question.step_id, words["chat"], client_id="c1")
    relatives.invite(db, me, words["relative"], words["relation"], can_comment=True, duration="3m")
    db.commit()
    return list(words.values()), kept_view, goal


def test_the_erasure_leaves_none_of_her_words_in_any_table_except_the_kept_records(db):
    c = make_case(db)
    words, kept_view, goal = her_words_everywhere(c)
    her_token, contact_token = login(c, "citizen"), login(c, "contact")
    assert all(tables_holding(db, w) for w in words), "every marker is somewhere before the erasure"
    assert db.exec(select(ReportGoalFact).where(ReportGoalFact.citizen_id == c.citizen)).all(), "she is counted"

    erased = my_data.erase(db, c.me)
    db.commit()

    assert {w: tables_holding(db, w) for w in words} == {w: [] for w in words}
    assert set(words) <= erased.words, "the state stores are told every word to forget"
    codes = {"goal", "dream", "active", "chat", "daily_life", "getting_started", "contact_person", "relative"}
    assert codes.isdisjoint(erased.words), "codes every tab holds are not taken for her words"
    assert tables_holding(db, kept_view) == ["goal_fulfilment"], "the signed record is kept as signed"
    shell = db.get(User, c.citizen)
    assert (shell.username, shell.password_hash, shell.activated_at) == (None, None, None)
    assert "Citizen" not in json.dumps(every_text_in_the_database(db)["user"], ensure_ascii=False)
    assert accounts.actor_from_token(db, her_token) is None, "her sessions end"
    assert db.exec(select(AuthSession).where(AuthSession.user_id == c.citizen)).all() == []
    contact = accounts.actor_from_token(db, contact_token)
    assert contact is not None and c.citizen not in contact.citizen_ids, "her contact person loses access"
    assert db.get(User, c.people.relative) is None, "a relative who was there only for her is gone"
    assert db.exec(select(RelativeGrant).where(RelativeGrant.citizen_id == c.citizen)).all() == []
    assert db.exec(select(ReportGoalFact).where(ReportGoalFact.citizen_id == c.citizen)).all() == []
    report_facts.rebuild(db)  # a full rebuild of the manager's figures finds nothing of hers either
    assert db.exec(select(ReportGoalFact).where(ReportGoalFact.citizen_id == c.citizen)).all() == []
    assert [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.citizen_id == c.citizen)).all()] == \
        ["erase_account"]


def test_a_second_erasure_is_refused_plainly_and_changes_nothing(db):
    c = make_case(db)
    her_words_everywhere(c)
    my_data.erase(db, c.me)
    db.commit()
    before = every_text_in_the_database(db)
    with pytest.raises(UserError) as refused:
        my_data.erase(db, c.me)  # a second click, or the same moment on another device
    db.rollback()
    assert refused.value.message == "Din konto er allerede slettet."
    assert every_text_in_the_database(db) == before


def test_without_kept_records_her_account_row_goes_too(db):
    c = make_case(db)
    dream = workbook.create_item(db, c.me, ItemKind.DREAM)
    workbook.write_fields(db, c.me, dream.id, {"text": marker("dream")})
    db.commit()
    my_data.erase(db, c.me)
    db.commit()
    assert db.get(User, c.citizen) is None
    assert tables_holding(db, "Citizen") == []


def test_an_erasure_that_fails_half_way_leaves_everything_as_it_was(db, monkeypatch):
    c = make_case(db)
    words, _kept, _goal = her_words_everywhere(c)
    before = every_text_in_the_database(db)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(my_data, "_forget_login", broken)
    with pytest.raises(RuntimeError):
        my_data.erase(db, c.me)
    db.rollback()
    assert every_text_in_the_database(db) == before


def test_the_preview_says_what_goes_and_what_is_kept(db):
    c = make_case(db)
    her_words_everywhere(c)
    seen = my_data.preview(db, c.me)
    assert (seen.items, seen.conversations, seen.comments, seen.relatives) == (5, 1, 4, 2)
    assert seen.kept == {"plan_frame": 1, "follow_up_record": 1, "goal_fulfilment": 1}


# ---------------------------------------------------------------- export


def test_the_export_holds_her_words_exactly_every_version_and_who_wrote_about_her(db):
    c = make_case(db)
    words, kept_view, goal = her_words_everywhere(c)
    exported = my_data.export(db, c.me)
    text = json.dumps(exported, ensure_ascii=False)
    for w in [*words, kept_view]:
        assert w in text
    versions = [v["content"] for v in exported["tables"]["item_version"]]
    assert any(words[0] in json.dumps(v, ensure_ascii=False) for v in versions), "the first version too"
    assert {"password_hash", "token_hash"}.isdisjoint(k for rows in exported["tables"].values() for r in rows
                                                      for k in r)
    assert {p["name"] for p in exported["people"]} >= {"Contact", "Relative"}
    assert exported["tables"]["workbook_item"][0]["created_at"].endswith("+00:00")
    assert exported["tables"]["follow_up_record"][0]["held_on"] == NOW.date().isoformat()


def test_every_table_with_a_citizen_or_user_column_is_exported_or_listed_with_a_reason(db):
    c = make_case(db)
    exported = my_data.export(db, c.me)
    with_her_id = {t.name for t in SQLModel.metadata.sorted_tables if {"citizen_id", "user_id"} & set(t.c.keys())}
    missing = with_her_id - set(exported["tables"]) - set(my_data.NOT_EXPORTED)
    assert missing == set(), f"tables neither exported nor listed in my_data.NOT_EXPORTED: {sorted(missing)}"
    assert all(reason.strip() for reason in my_data.NOT_EXPORTED.values())


def test_an_empty_workbook_exports(db):
    c = make_case(db)
    exported = my_data.export(db, c.me)
    assert exported["tables"]["workbook_item"] == []
    assert exported["tables"]["user"][0]["display_name"] == "Citizen"
    json.dumps(exported)


@pytest.mark.parametrize("who", ["contact", "relative", "manager", "neighbour"])
def test_only_she_can_export_or_erase_her_data(db, who):
    c = make_case(db)
    share_goal(c, "Mit mål", CP, REL)
    other = getattr(c, who)
    for act in (my_data.export, my_data.preview):
        result = act(db, other) if who == "neighbour" else None
        if who != "neighbour":
            with pytest.raises(AccessDenied):
                act(db, other)
            db.rollback()
        else:
            assert "Mit mål" not in json.dumps(result, ensure_ascii=False, default=str)
    assert sharing.state_of(db, c.me, workbook.items(db, c.me)[0].item_id) is not None
    assert actor(db, c.citizen) is not None


def test_a_goal_content_marker_survives_only_in_the_kept_fulfilment_title(db):
    """The goal a signed record assessed keeps its words only in that record (goal_title, as signed)."""
    c = make_case(db)
    title = marker("assessed")
    kept_goal = share_goal(c, title, CP)
    save_frame(c)
    sign(c, {kept_goal: MET})
    my_data.erase(db, c.me)
    db.commit()
    assert tables_holding(db, title) == ["goal_fulfilment"]


def test_her_document_names_life_areas_who_dimensions_and_special_conditions_as_the_screens_do():
    """The stored keys are English; her PDF shows each by its label, never the key."""
    from citizenplan.reports.my_data_document import my_data_blocks

    export = {"exported_at": "2026-12-01T10:00:00", "people": [], "tables": {
        "item_version": [{"id": 1, "content": {"title": "Handle ind", "life_area": "daily_life",
                                               "who_dimension": "physical"}},
                         {"id": 2, "content": {"areas": ["housing", "family"]}}],
        "plan_frame": [{"id": 1, "special": {"housing": "Bor i botilbud."}}],
        "unmet_need": [{"id": 1, "life_area": "money", "text": "Gæld"}]}}
    fields = [b.text for b in my_data_blocks(export, "Sara", "da") if b.kind == "field"]
    assert fields == ["Titel: Handle ind\nLivsområde: Hverdagen\nwho_dimension: Fysisk", "areas: Bolig, Familie",
                      "Bolig: Bor i botilbud.", "Økonomi", "Gæld"]
