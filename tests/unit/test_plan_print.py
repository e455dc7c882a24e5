"""The printed plan and its PDF (DESIGN section 5): the § 141 frame, the goals with success criteria, dates,
steps and helpers, the latest follow-up with the contact person's degrees and the citizen's own view, and
the citizen's remarks, laid out so each question of the assessment form can be answered from it. Also the
citizen's side: "Forbered mødet" shares the preparation with the contact person on a yes, and the citizen
can say they disagree with a goal. SQLite and PostgreSQL."""

import io
import itertools
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from citizenplan.domain import case_file, chat, follow_up, sharing, workbook
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.follow_up import GoalInput
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import ItemVersion, User
from citizenplan.reports.plan_document import Block, plan_blocks
from citizenplan.reports.plan_pdf import plan_pdf
from tests.support.two_levels import well_kept_plan
from tests.unit.test_follow_up import (
    CP,
    MET,
    NOT_MET,
    NOW,
    PARTLY,
    REL,
    TODAY,
    Case,
    change_and_share,
    count,
    goal_content,
    make_case,
    plan,
    save_frame,
    share_goal,
    share_item,
    sign,
)

NAME = "Åse Ærø Bøgh"
WALK = "Gå en tur ved åen hver dag"
MONEY = "Lægge et budget for måneden"


def named_case(db) -> Case:
    c = make_case(db)
    db.get(User, c.citizen).display_name = NAME
    db.commit()
    return c


def full_plan(c: Case) -> tuple[int, int]:
    """Everything a printed plan can hold; returns the two goals' ids."""
    db = c.db
    walk = share_goal(c, WALK, why="Jeg sover bedre.", success="Når jeg har gået hver dag i en måned.",
                      target_date="2026-11-01")
    money = share_goal(c, MONEY, why="Så jeg har penge til mad.", success="", target_date=None)
    share_item(c, ItemKind.STEP, {"text": "Købe gode sko", "helper": "Maria"}, CP, parent_id=walk)
    share_item(c, ItemKind.STEP, {"text": "Gå til Netto", "helper": ""}, CP, parent_id=walk)
    share_item(c, ItemKind.REMARKS, {"text": "Jeg vil gerne have mere tid til møderne."}, CP)
    save_frame(c, based_on=0, purpose="Mere overskud i hverdagen.", intervention="Bostøtte (§ 85) to gange om ugen.",
               duration_kind="approximate", duration_text="ca. 2 år", special={"bolig": "Bor i botilbud."},
               started_on="2026-03-01")
    follow_up.assess_goal(db, c.contact, c.citizen, walk, "developing", True, "", now=NOW)
    follow_up.assess_goal(db, c.contact, c.citizen, money, "compensating", False,
                          "Borgeren har brug for hjælp til regningerne.", now=NOW)
    db.commit()
    sign(c, {walk: GoalInput(walk, PARTLY, description="Tre dage om ugen.", citizen_view="Det går bedre, end jeg "
                             "troede.", citizen_degree=MET),
             money: GoalInput(money, NOT_MET)},
         held_on=date(2026, 4, 20), now=NOW - timedelta(days=14), note="Vi aftalte at tale om penge næste gang.",
         participants="Åse, Contact og Maria", next_due=date(2026, 6, 1))
    plan(c, date(2026, 6, 1), at_time="10:00", place="Bostedet")
    return walk, money


def blocks_of(c: Case) -> list[Block]:
    return plan_blocks(case_file.case_file(c.db, c.contact, c.citizen, now=NOW), "da")


def shown(blocks: list[Block]) -> list[tuple[str, str, str]]:
    return [(b.kind, b.label, b.text) for b in blocks]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


# ---------------------------------------------------------------- the printed plan


def test_the_printed_plan_has_the_two_levels_the_latest_follow_up_the_citizens_remarks_and_the_check_last(db):
    c = named_case(db)
    full_plan(c)
    assert shown(blocks_of(c)) == [
        ('h1', '', 'Indsatsplan for Åse Ærø Bøgh'),
        ('text', '', 'Bygger på kommunens handleplan (§ 141), version 1 af 1. marts 2026.'),
        ('field', 'Kontaktperson', 'Contact'),
        ('field', 'Enhed', 'Bostedet Test · Handicap'),
        ('field', 'Planen er lavet sammen med', 'Åse Ærø Bøgh og Contact'),
        ('field', 'Borgeren godkendte det delte', '4. maj 2026'),
        ('field', 'Version og dato', 'Senest ændret 4. maj 2026'),
        ('field', 'Udskrevet', '4. maj 2026 12:00'),
        ('h2', '', 'Kommunens handleplan (§ 141)'),
        ('text', '', 'Kommunens plan, skrevet ind af Contact som modtaget.'),
        ('field', 'Formålet med indsatsen', 'Mere overskud i hverdagen.'),
        ('field', 'Den bevilgede indsats', 'Bostøtte (§ 85) to gange om ugen.'),
        ('field', 'Forventet varighed', 'Omtrent · ca. 2 år'),
        ('field', 'Bolig', 'Bor i botilbud.'),
        ('field', 'Planen begyndte', '1. marts 2026'),
        ('h2', '', 'Indsatsplan'),
        ('text', '', 'Udførerens plan, lavet sammen med borgeren. Målene står med borgerens egne ord, i den rækkefølge borgeren vil arbejde med dem.'),
        ('h3', '', 'Mål 1: Gå en tur ved åen hver dag'),
        ('field', 'Prioritet', '1 af 2, som borgeren har valgt'),
        ('field', 'Derfor er det vigtigt', 'Jeg sover bedre.'),
        ('field', 'Sådan kan borgeren mærke det', 'Når jeg har gået hver dag i en måned.'),
        ('field', 'Hvornår', '1. november 2026'),
        ('field', 'Livsområde', 'Hverdagen'),
        ('field', 'WHO-livskvalitet', 'Fysisk'),
        ('text', '', 'Målet hører til formålet med indsatsen'),
        ('field', 'Formålstype', 'Udviklende'),
        ('field', 'Skridt', 'Købe gode sko · hjælp fra Maria'),
        ('field', 'Skridt', 'Gå til Netto'),
        ('h3', '', 'Mål 2: Lægge et budget for måneden'),
        ('field', 'Prioritet', '2 af 2, som borgeren har valgt'),
        ('field', 'Derfor er det vigtigt', 'Så jeg har penge til mad.'),
        ('field', 'Livsområde', 'Hverdagen'),
        ('field', 'WHO-livskvalitet', 'Fysisk'),
        ('field', 'Formålstype', 'Kompenserende'),
        ('field', 'Faglig vurdering', 'Borgeren har brug for hjælp til regningerne. (4. maj 2026)'),
        ('h2', '', 'Opfølgning'),
        ('field', 'Næste opfølgning', '1. juni 2026 · 10:00 · Bostedet'),
        ('h3', '', 'Seneste opfølgning 20. april 2026'),
        ('field', 'Hvem var med', 'Åse, Contact og Maria'),
        ('field', 'Gå en tur ved åen hver dag', 'Delvist opfyldt · Tre dage om ugen.'),
        ('field', 'Borgerens eget syn', 'Opfyldt · Det går bedre, end jeg troede.'),
        ('field', 'Lægge et budget for måneden', 'Ikke opfyldt'),
        ('field', 'Andet fra mødet', 'Vi aftalte at tale om penge næste gang.'),
        ('h2', '', 'Borgerens bemærkninger og partshøring'),
        ('text', '', 'Jeg vil gerne have mere tid til møderne.'),
        ('text', '', 'Borgeren har svaret på 0 af 0 delmål og er uenig i 0. Hvor borgeren er uenig, står den faglige vurdering ved målet.'),
        ('h2', '', 'Kvalitetstjek'),
        ('text', '', 'Vurderingsskemaets ni spørgsmål, tjekket ud fra planen. "Vurder selv" er det, kun en person kan svare på.'),
        ('field', '1. Er formålet med indsatsen tydeligt?', 'Mangler · Vurder ved hver opfølgning, om formålet er nået, på vej eller ikke nået. Det mangler ved 1 af opfølgningerne.'),
        ('field', '2. Kan målene nås inden for tiden?', 'Mangler · Aftal en dato med borgeren for hvert mål. 1 mål mangler en dato. · Skriv, om hvert mål er på kort eller lang sigt. 2 mål mangler det. · Spørg borgeren: Hvad kan gøre det svært? Hvad kan hjælpe? 2 mål mangler svaret.'),
        ('field', '3. Står det, hvornår målene er nået?', 'Mangler · Spørg borgeren: Hvordan kan du mærke, at du er nået i mål? 1 mål mangler det.'),
        ('field', '4. Er omfanget af indsatsen tydeligt?', 'Mangler · Skriv omfanget af den bevilgede indsats.'),
        ('field', '5. Giver målene plads til udførerens faglighed?', 'Vurder selv: Siger målene hvad, og ikke hvordan?'),
        ('field', '6. Er den forventede varighed angivet?', 'I høj grad'),
        ('field', '7. Hænger formål, mål og indsats sammen?', 'Mangler · Knyt hvert mål til et mål i kommunens handleplan. 1 mål er ikke knyttet. · Skriv mindst ét delmål til hvert mål: hvem gør hvad. 2 mål mangler et delmål. · Skriv, hvem der er ansvarlig for hvert mål. 2 mål mangler det.'),
        ('field', '8. Er borgeren med i planen?', 'Mangler · Borgerens eget syn mangler ved 1 mål i den seneste opfølgning. Skriv det, når I følger op.'),
        ('field', '9. Kan planen bruges til at styre efter?', 'Mangler · Skriv, om borgeren er tilbudt kommunens handleplan, og hvornår. · 6 af spørgsmålene ovenfor mangler noget.'),
    ]


def test_a_well_kept_plan_prints_every_field_of_both_levels_and_passes_all_nine_but_the_one_to_judge(db):
    c = named_case(db)
    well_kept_plan(c)
    blocks = blocks_of(c)
    assert blocks[0] == Block("h1", f"Indsatsplan for {NAME}")
    assert [b.text for b in blocks if b.kind == "h2"] == [
        "Kommunens handleplan (§ 141)", "Indsatsplan", "Opfølgning", "Borgerens bemærkninger og partshøring",
        "Kvalitetstjek"]
    fields = {b.label: b.text for b in blocks if b.kind == "field"}
    for label, text in [("Sagsbehandler", "Sofie Lund · Testrup Kommune"), ("Handleplanens dato", "3. februar 2026"),
                        ("Omfang", "To gange om ugen, i alt ca. 4 timer."),
                        ("Tilbudt borgeren", "Tilbudt og taget imod · 29. januar 2026"),
                        ("Planen er lavet sammen med", f"{NAME} og Contact"),
                        ("Borgeren godkendte det delte", "23. februar 2026"), ("Sigt", "Kort sigt"),
                        ("Livsområde", "Hverdagen"), ("Prioritet", "2 af 2, som borgeren har valgt"),
                        ("Handleplanens mål", "Mere kontakt med familien"), ("Ansvarlig", "Maria (kontaktperson)"),
                        ("Delmål", "Bostøtten går med i Netto · ansvarlig: Maria · hver tirsdag"),
                        ("Borgerens svar", "Det er jeg med på · Det vil jeg gerne."),
                        ("Formålet med indsatsen er", "På vej")]:
        assert fields[label] == text, label
    check = [b for b in blocks[blocks.index(Block("h2", "Kvalitetstjek")):] if b.kind == "field"]
    assert [b.text for b in check] == ["I høj grad"] * 4 + ["Vurder selv: Siger målene hvad, og ikke hvordan?"] + [
        "I høj grad"] * 4
    assert blocks[-1].label == "9. Kan planen bruges til at styre efter?"


def test_dreams_hopes_and_the_dream_a_goal_came_from_are_printed_only_when_shared(db):
    c = named_case(db)
    dream = share_item(c, ItemKind.DREAM, {"text": "Et hus med have"}, CP)
    secret = share_item(c, ItemKind.DREAM, {"text": "Min hemmelige drøm"})  # private
    item = workbook.create_item(db, c.me, ItemKind.GOAL, origin_id=dream)
    view = workbook.write_fields(db, c.me, item.id, {"title": WALK, "success": "Når jeg går"}, now=NOW)
    sharing.share(db, c.me, item.id, {CP}, view.version, now=NOW)
    hidden = workbook.create_item(db, c.me, ItemKind.GOAL, origin_id=secret)
    view = workbook.write_fields(db, c.me, hidden.id, {"title": MONEY}, now=NOW)
    sharing.share(db, c.me, hidden.id, {CP}, view.version, now=NOW)
    db.commit()
    printed = shown(blocks_of(c))
    assert ("field", "Drøm", "Et hus med have") in printed
    assert ("field", "Kommer fra", "Et hus med have") in printed
    assert not any("hemmelige" in text for _, _, text in printed)
    assert [label for _, label, _ in printed].count("Kommer fra") == 1


def test_an_unshared_goal_remark_or_hope_is_never_printed(db):
    c = named_case(db)
    share_goal(c, WALK)
    share_item(c, ItemKind.GOAL, goal_content(MONEY), REL)  # only for her relatives
    share_item(c, ItemKind.REMARKS, {"text": "Kun til mig selv"})
    share_item(c, ItemKind.HOPE, {"text": "Et hemmeligt håb"})
    printed = " ".join(text for _, _, text in shown(blocks_of(c)))
    assert WALK in printed
    assert MONEY not in printed and "Kun til mig selv" not in printed and "hemmeligt" not in printed


def test_an_empty_plan_says_what_is_not_there_yet(db):
    c = named_case(db)
    texts = [b.text for b in blocks_of(c)]
    assert "Kommunens handleplan er ikke skrevet ind endnu." in texts
    assert "Borgeren har ikke delt et mål endnu." in texts
    assert "Der er ingen opfølgninger endnu." in texts
    assert not any(b.label in ("Næste opfølgning", "Udskrevet") and not b.text for b in blocks_of(c))


def test_an_overdue_follow_up_is_marked_on_the_printed_plan(db):
    c = named_case(db)
    plan(c, TODAY - timedelta(days=2), now=NOW - timedelta(days=10))
    [line] = [b.text for b in blocks_of(c) if b.label == "Næste opfølgning"]
    assert line == "2. maj 2026 (Overskredet)"


def test_the_printed_plan_shows_the_correction_and_not_the_record_it_corrects(db):
    c = named_case(db)
    walk = share_goal(c, WALK)
    wrong = sign(c, {walk: GoalInput(walk, NOT_MET, description="Skrevet forkert.")})
    sign(c, {walk: GoalInput(walk, MET, description="Rettet.")}, corrects=wrong.id, now=NOW + timedelta(hours=1))
    printed = shown(blocks_of(c))
    assert ("field", WALK, "Opfyldt · Rettet.") in printed
    assert not any("Skrevet forkert." in text for _, _, text in printed)


def test_a_goal_the_citizen_disagrees_with_says_so_once_the_citizen_shares_it(db):
    c = named_case(db)
    walk = share_goal(c, WALK)
    view = workbook.set_agreement(db, c.me, walk, False)
    db.commit()
    assert (view.content["agrees"], view.version) == (False, 2)
    assert "Borgeren er ikke enig i dette mål." not in [b.text for b in blocks_of(c)]  # a draft until shared
    sharing.approve_change(db, c.me, walk, view.version, now=NOW)
    db.commit()
    assert "Borgeren er ikke enig i dette mål." in [b.text for b in blocks_of(c)]
    change_and_share(c, walk, {"agrees": True}, now=NOW + timedelta(hours=1))
    assert "Borgeren er ikke enig i dette mål." not in [b.text for b in blocks_of(c)]


def test_disagreeing_is_a_new_version_the_citizens_own_and_only_for_a_goal(db):
    c = named_case(db)
    walk = share_goal(c, WALK)
    hope = share_item(c, ItemKind.HOPE, {"text": "At få det bedre."})
    workbook.set_agreement(db, c.me, walk, False)
    workbook.set_agreement(db, c.me, walk, True)
    db.commit()
    assert [v.content.get("agrees") for v in workbook.history(db, c.me, walk)] == [True, False, None]
    with pytest.raises(UserError) as refused:
        workbook.set_agreement(db, c.me, hope, False)
    assert refused.value.message == "Det findes ikke længere."
    for other in (c.contact, c.relative, c.neighbour):
        with pytest.raises(AccessDenied):
            workbook.set_agreement(db, other, walk, False)
        db.rollback()
    assert count(db, ItemVersion) == 4  # the goal's three and the hope's one


def test_a_goal_title_with_curly_brackets_prints_as_written(db):
    c = named_case(db)
    title = "Spare op til en cykel {helst en rød}"
    walk = share_goal(c, title)
    sign(c, {walk: MET})
    assert ("field", title, "Opfyldt") in shown(blocks_of(c))


# ---------------------------------------------------------------- the PDF


def test_the_pdf_opens_and_holds_the_citizens_name_a_goal_with_danish_letters_and_the_degrees(db):
    c = named_case(db)
    full_plan(c)
    blocks = blocks_of(c)
    data = plan_pdf(blocks, blocks[0].text)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == f"Indsatsplan for {NAME}"
    text = pdf_text(data)
    for expected in (NAME, WALK, MONEY, "Delvist opfyldt", "Ikke opfyldt", "Borgerens eget syn",
                     "Kommunens handleplan (§ 141)", "Købe gode sko · hjælp fra Maria", "Jeg vil gerne have mere tid",
                     "Kvalitetstjek"):
        assert expected in text, expected


def test_a_long_plan_runs_over_several_pages_and_loses_nothing(db):
    c = named_case(db)
    titles = [f"Mål nummer {n}: øve mig i at være på arbejde {n} timer" for n in range(1, 41)]
    for title in titles:
        share_goal(c, title, why="Fordi det er vigtigt for mig, og fordi jeg gerne vil kunne klare mig selv. " * 3)
    blocks = blocks_of(c)
    data = plan_pdf(blocks, blocks[0].text)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 2
    text = pdf_text(data).replace("\n", " ")
    assert all(title in text for title in titles)


# ---------------------------------------------------------------- "Forbered mødet" in the chat


def prepare(c: Case, share: str | None) -> int:
    """The citizen runs "Forbered mødet" anew ("Start forfra" once it has been done) and answers the last
    question `share` (None: Spring over)."""
    ids = itertools.count(1)
    view = chat.start_over(c.db, c.me, "prepare_follow_up", now=NOW)
    for text in ("Jeg har gået hver dag.", "At stå tidligt op.", "Om jeg kan få en cykel."):
        view = chat.answer(c.db, c.me, view.conversation_id, view.question.step_id, text, f"c{next(ids)}", now=NOW)
        c.db.commit()
    assert view.question.step_id == "share"
    if share is None:
        view = chat.skip(c.db, c.me, view.conversation_id, "share", f"c{next(ids)}", now=NOW)
    else:
        view = chat.answer(c.db, c.me, view.conversation_id, "share", share, f"c{next(ids)}", now=NOW)
    c.db.commit()
    assert view.finished
    [saved] = view.saved
    return saved.item_id


def test_a_preparation_the_citizen_says_yes_to_is_in_the_contact_persons_case_file(db):
    c = named_case(db)
    item_id = prepare(c, "yes")
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    [prepared] = case.preparations
    assert prepared.item_id == item_id
    assert {k: prepared.content.get(k) for k in ("went_well", "hard", "talk_about")} == {
        "went_well": "Jeg har gået hver dag.", "hard": "At stå tidligt op.", "talk_about": "Om jeg kan få en cykel."}
    assert sharing.state_of(db, c.me, item_id).audiences == {CP}


@pytest.mark.parametrize("share", ["no", None], ids=["no", "skipped"])
def test_a_preparation_the_citizen_does_not_say_yes_to_stays_their_own(db, share):
    c = named_case(db)
    item_id = prepare(c, share)
    assert case_file.case_file(db, c.contact, c.citizen, now=NOW).preparations == ()
    assert workbook.content_of(db, c.me, item_id)["talk_about"] == "Om jeg kan få en cykel."
    assert sharing.state_of(db, c.me, item_id).audiences == frozenset()


def test_a_no_takes_the_preparation_back_from_the_contact_person_and_leaves_other_readers_as_they_were(db):
    c = named_case(db)
    item_id = prepare(c, "yes")
    sharing.share(db, c.me, item_id, {CP, REL}, workbook.item(db, c.me, item_id).version)
    sharing.with_contact_person(db, c.me, item_id, yes=False, now=NOW)
    db.commit()
    assert sharing.state_of(db, c.me, item_id).audiences == {REL}
    assert case_file.case_file(db, c.contact, c.citizen, now=NOW).preparations == ()

    sharing.share(db, c.me, item_id, {CP}, workbook.item(db, c.me, item_id).version)
    sharing.with_contact_person(db, c.me, item_id, yes=False, now=NOW)  # shared with the contact person only: shared with nobody
    db.commit()
    assert sharing.state_of(db, c.me, item_id).audiences == frozenset()


def test_each_meeting_has_its_own_preparation_and_the_newest_comes_first(db):
    c = named_case(db)
    first = prepare(c, "yes")
    second = prepare(c, "yes")
    assert first != second
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert [p.item_id for p in case.preparations] == [second, first]
