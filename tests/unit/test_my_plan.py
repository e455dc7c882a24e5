"""Min plan (issue 20): the citizen reads her whole plan as her contact person and the municipality see it,
beside her own words; each professional term explained once, the first time; what she shares, with whom,
since when and what the reader saw last; her own PDF. Only she may read it. SQLite and PostgreSQL."""

import ast
import io
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from citizenplan.domain import my_plan, shared_view, workbook
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.my_plan import TERMS, Entry, Section, first_uses
from citizenplan.domain.plain_language import jargon_in, lix
from citizenplan.domain.vocabulary import Audience
from citizenplan.domain.workbook import ItemKind
from citizenplan.reports import my_plan_document
from citizenplan.reports.my_plan_document import my_plan_blocks
from citizenplan.reports.plan_pdf import LARGE, plan_pdf
from tests.support.follow_up_case import CP, NOW, REL, change_and_share, make_case, share_item
from tests.support.plan_print import MONEY, WALK, full_plan, named_case


def _texts(blocks) -> list[str]:
    return [f"{b.label}: {b.text}" if b.label else b.text for b in blocks]


def test_she_reads_her_goals_her_remarks_the_handleplan_the_assessments_and_every_meeting(db):
    c = named_case(db)
    walk, money = full_plan(c)
    plan = my_plan.my_plan(db, c.me, c.citizen, now=NOW)
    assert [s.key for s in plan.sections] == ["goals", "remarks", "municipal_plan", "provider_plan", "meetings"]
    text = "\n".join(_texts(my_plan_blocks(plan, "da")))
    for expected in (WALK, MONEY, "Derfor er det vigtigt: Jeg sover bedre.", "Skridt: Købe gode sko",
                     "Jeg vil gerne have mere tid til møderne.",
                     "Formålet med indsatsen: Mere overskud i hverdagen.", "Forventet varighed: Omtrent · ca. 2 år",
                     "Faglig vurdering: Borgeren har brug for hjælp til regningerne.",
                     "Formålstype: Udviklende", "Formålstype: Kompenserende",
                     f"{WALK}: Delvist opfyldt", "Det skrev din kontaktperson: Tre dage om ugen.",
                     "Det synes du selv: Opfyldt", "Dine egne ord: Det går bedre, end jeg troede.",
                     "Andet fra mødet: Vi aftalte at tale om penge næste gang.", "Næste møde: 1. juni 2026",
                     "Skrevet af Contact (kontaktperson)"):
        assert expected in text, f"{expected!r} not in\n{text}"


def test_her_own_words_are_marked_as_hers_and_the_professionals_say_who_wrote_them(db):
    c = named_case(db)
    full_plan(c)
    blocks = my_plan_blocks(my_plan.my_plan(db, c.me, c.citizen, now=NOW), "da")
    own = {b.text for b in blocks if b.own}
    assert WALK in own and "Jeg sover bedre." in own and "Det går bedre, end jeg troede." in own
    assert "Mere overskud i hverdagen." not in own and "Borgeren har brug for hjælp til regningerne." not in own
    frame_at = next(i for i, b in enumerate(blocks) if b.text == "Mere overskud i hverdagen.")
    # the handleplan was written by no case worker here: who typed it in says so
    assert any(b.kind == "by" and b.text == "Skrevet af Contact (kontaktperson)" for b in blocks[frame_at - 4:frame_at])


def test_her_words_come_first(db):
    c = named_case(db)
    full_plan(c)
    texts = [b.text for b in my_plan_blocks(my_plan.my_plan(db, c.me, c.citizen, now=NOW), "da")]
    assert texts.index(WALK) < texts.index("Jeg vil gerne have mere tid til møderne.") < texts.index(
        "Mere overskud i hverdagen.")


def test_each_professional_term_is_explained_once_the_first_time_it_appears(db):
    c = named_case(db)
    full_plan(c)
    blocks = my_plan_blocks(my_plan.my_plan(db, c.me, c.citizen, now=NOW), "da")
    explained = [b.label for b in blocks if b.kind == "explain"]
    assert len(explained) == len(set(explained))
    for word in ("Kommunens handleplan", "Formålet med indsatsen", "Indsatsen", "Forventet varighed", "Formålstype",
                 "Faglig vurdering", "Opfølgning", "Opfyldelsesgrad", "Andre særlige forhold"):
        assert word in explained
    # the explanation follows the first line that uses the word, not a later one
    first_type = next(i for i, b in enumerate(blocks) if b.label == "Formålstype" and b.kind == "field")
    assert blocks[first_type + 1].kind == "explain" and blocks[first_type + 1].label == "Formålstype"


def test_first_uses_marks_a_sections_term_and_the_first_entry_of_each_other_term():
    sections = [Section("a", "A", "", (Entry("field", "x", term="purpose"), Entry("field", "y", term="purpose"))),
                Section("b", "B", "", (Entry("field", "z", term="degree"),), term="purpose")]
    assert first_uses(sections) == {(0, 0), (1, 0)}


@pytest.mark.parametrize("term", list(TERMS))
def test_every_explanation_is_plain_danish(term):
    _word, meaning = TERMS[term]
    assert lix(meaning) <= 30, meaning


def test_an_empty_plan_says_so_in_each_part(db):
    c = make_case(db)
    blocks = my_plan_blocks(my_plan.my_plan(db, c.me, c.citizen, now=NOW), "da")
    texts = [b.text for b in blocks]
    assert "Du har ingen mål endnu." in texts
    assert "Du har ikke skrevet bemærkninger endnu." in texts
    assert "Din kontaktperson har ikke skrevet den ind endnu." in texts
    assert "Din kontaktperson har ikke skrevet noget her endnu." in texts
    assert "Der er ingen møder om din plan endnu." in texts


def test_only_the_citizen_herself_may_read_her_whole_plan(db):
    c = make_case(db)
    share_item(c, ItemKind.GOAL, {"title": WALK}, CP)
    for other in (c.contact, c.relative, c.manager, c.neighbour, c.other_contact):
        with pytest.raises(AccessDenied):
            my_plan.my_plan(db, other, c.citizen, now=NOW)
        db.rollback()


def test_a_draft_is_shown_to_her_with_a_note_that_her_contact_person_sees_the_approved_words(db):
    c = make_case(db)
    goal = share_item(c, ItemKind.GOAL, {"title": WALK}, CP)
    workbook.write_fields(db, c.me, goal, {"title": "Gå en lang tur"}, now=NOW)
    db.commit()
    blocks = my_plan_blocks(my_plan.my_plan(db, c.me, c.citizen, now=NOW), "da")
    texts = [b.text for b in blocks]
    assert "Gå en lang tur" in texts
    assert "Du har ændret målet. Din kontaktperson ser det, som det var, da du delte det." in texts
    (line,) = my_plan.my_plan(db, c.me, c.citizen, now=NOW).shares
    assert (line.headline, line.changed_since) == (WALK, True)


def test_what_she_shares_says_with_whom_since_when_and_what_the_reader_saw_last(db):
    c = make_case(db)
    first = NOW - timedelta(days=10)
    goal = share_item(c, ItemKind.GOAL, {"title": WALK}, CP, REL, now=first)
    shared_view.shared_plan(db, c.contact, c.citizen)  # Maria reads it: the access log keeps the copy shown
    db.commit()
    change_and_share(c, goal, {"title": "Gå en lang tur"}, now=NOW)  # new words: "since" stays the first share
    lines = my_plan.what_i_share(db, c.me)
    assert [(x.audience, x.headline) for x in lines] == [(Audience.CONTACT_PERSON, "Gå en lang tur"),
                                                         (Audience.RELATIVE, "Gå en lang tur")]
    contact, relative = lines
    assert contact.since.replace(tzinfo=None) == first.replace(tzinfo=None)
    assert (contact.last_reader, contact.last_read_words) == ("Contact", WALK)
    assert relative.last_reader == "" and relative.last_read_at is None


def test_her_pdf_has_her_words_larger_text_and_no_one_elses_drafts(db):
    c = named_case(db)
    full_plan(c)
    blocks = my_plan_blocks(my_plan.my_plan(db, c.me, c.citizen, now=NOW), "da")
    body = plan_pdf(blocks, blocks[0].text, scale=LARGE)
    reader = PdfReader(io.BytesIO(body))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    for expected in ("Min plan", WALK, "Jeg vil gerne have mere tid til møderne.", "Mere overskud i hverdagen."):
        assert expected in text
    assert len(reader.pages) >= len(PdfReader(io.BytesIO(plan_pdf(blocks, blocks[0].text))).pages)


def test_a_later_part_of_the_plan_plugs_in_as_one_more_section(db, monkeypatch):
    c = make_case(db)

    def provider_plan(db_, actor, citizen_id):
        return Section("provider_plan", "Indsatsplan", "", (Entry("field", "Gå i svømmehal", "Delmål"),))

    monkeypatch.setattr(my_plan, "SECTIONS", [provider_plan])
    plan = my_plan.my_plan(db, c.me, c.citizen, now=NOW)
    assert [s.key for s in plan.sections] == ["goals", "remarks", "provider_plan", "meetings"]
    assert "Delmål: Gå i svømmehal" in _texts(my_plan_blocks(plan, "da"))


def test_each_meeting_is_a_heading_with_its_date_and_says_who_wrote_it(db):
    c = named_case(db)
    full_plan(c)
    blocks = my_plan_blocks(my_plan.my_plan(db, c.me, c.citizen, now=NOW), "da")
    at = next(i for i, b in enumerate(blocks) if b.kind == "h3" and b.text == "Møde 20. april 2026")
    assert blocks[at + 1].text == "Skrevet af Contact (kontaktperson)"


def test_her_remarks_go_straight_from_min_plan_and_reach_the_contact_person_only_when_she_ticks_it(db):
    c = make_case(db)
    my_plan.save_remarks(db, c.me, "  Jeg vil have møderne om formiddagen.  ", False, now=NOW)
    db.commit()
    plan = my_plan.my_plan(db, c.me, c.citizen, now=NOW)
    assert (plan.remarks, plan.remarks_shared) == ("Jeg vil have møderne om formiddagen.", False)
    assert shared_view.shared_plan(db, c.contact, c.citizen) == []

    my_plan.save_remarks(db, c.me, "Jeg vil have møderne om eftermiddagen.", True, now=NOW)
    db.commit()
    (seen,) = shared_view.shared_plan(db, c.contact, c.citizen)
    assert (seen.kind, seen.content["text"]) == ("remarks", "Jeg vil have møderne om eftermiddagen.")
    assert my_plan.my_plan(db, c.me, c.citizen, now=NOW).remarks_shared
    assert len(workbook.items(db, c.me, (ItemKind.REMARKS,))) == 1  # one remarks item, a new version each time

    my_plan.save_remarks(db, c.me, "Jeg vil have møderne om eftermiddagen.", False, now=NOW)
    db.commit()
    assert shared_view.shared_plan(db, c.contact, c.citizen) == []


@pytest.mark.parametrize("empty", ["", "   "])
def test_empty_remarks_are_refused_plainly_and_nothing_is_written(db, empty):
    c = make_case(db)
    with pytest.raises(UserError) as refused:
        my_plan.save_remarks(db, c.me, empty, True, now=NOW)
    assert (refused.value.message, refused.value.field) == ("Feltet må ikke være tomt.", "remarks")
    db.rollback()
    assert workbook.items(db, c.me, (ItemKind.REMARKS,)) == []


def test_min_plans_own_words_read_easily_and_its_only_professional_words_are_the_ones_it_explains():
    """Every text Min plan adds (section titles, notes, labels, the explanations) as one page: LIX at most 30.
    Jargon only where a term is named to be explained (TERMS' words and meanings)."""
    texts = [node.args[0].value for path in (my_plan.__file__, my_plan_document.__file__)
             for node in ast.walk(ast.parse(Path(path).read_text()))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "N_"
             and node.args and isinstance(node.args[0], ast.Constant)]
    prose = " ".join(t if t.rstrip().endswith((".", "?", "!", ":")) else t + "." for t in texts)
    assert lix(prose) <= 30
    explained = {text for pair in TERMS.values() for text in pair}
    assert [t for t in texts if jargon_in(t) and t not in explained] == []
