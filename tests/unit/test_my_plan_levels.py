"""Min plan in the two levels (issues 19 and 20): she reads the municipality's handleplan (who made it, when,
purpose, help and scope, duration, its goals, its suggestions, the offer and her answer) and the indsatsplan
beside her goals (the municipality's goal each serves, who is responsible, the delmål with her answer and the
dated assessment where she disagrees, other actors, unmet needs, horizon and priority); a delmål that waits
for her links to where she answers. Each professional word explained once. A fixed number of SQL statements,
however big her plan. SQLite and PostgreSQL."""

import io

from pypdf import PdfReader

from citizenplan.domain import follow_up, my_plan, provider_plan
from citizenplan.domain.follow_up import GoalInput, GoalPlanInput
from citizenplan.domain.provider_plan import ActorInput
from citizenplan.reports.my_plan_document import my_plan_blocks
from citizenplan.reports.plan_pdf import LARGE, plan_pdf
from tests.support.follow_up_case import NOW, make_case, share_goal, sign
from tests.support.plan_levels import ERIK, goals, handleplan, propose
from tests.support.statements import statements

CHILDREN = "Se mine børn hver anden uge"
FLAT = "Egen lejlighed"
SHOPPING = "Handle ind selv"
MUNICIPAL = "Erik ønsker et tættere forhold til sine børn"


def _blocks(c, links: bool = False):
    return my_plan_blocks(my_plan.my_plan(c.db, c.me, c.citizen, now=NOW), "da", links=links)


def _texts(blocks) -> list[str]:
    return [f"{b.label}: {b.text}" if b.label else b.text for b in blocks]


def _part(blocks, title: str):
    """The blocks of one h2 section, its heading first."""
    start = next(i for i, b in enumerate(blocks) if b.kind == "h2" and b.text == title)
    end = next((i for i, b in enumerate(blocks) if b.kind == "h2" and i > start), len(blocks))
    return blocks[start:end]


# ---------------------------------------------------------------- Kommunens handleplan


def test_the_handleplan_says_who_made_it_when_and_everything_in_it(db):
    c = make_case(db)
    handleplan(c, intervention_scope="2 timer om ugen", suggestions="Start med bolig.",
               special={"housing": "Bor i botilbud."}, goals=goals(MUNICIPAL, "Egen bolig"))
    part = _part(_blocks(c), "Kommunens handleplan")
    text = _texts(part)
    for expected in ("Sagsbehandler: Lene Holm", "Kommune: Aabenraa Kommune", "Dato: 20. april 2026",
                     "Formålet med indsatsen: Mere overskud i hverdagen.", "Indsatsen: Bostøtte to gange om ugen.",
                     "Omfang: 2 timer om ugen", "Forventet varighed: Omtrent · ca. 2 år", "Bolig: Bor i botilbud.",
                     f"Kommunens mål: {MUNICIPAL}", "Kommunens mål: Egen bolig",
                     "Kommunens forslag til dem, der hjælper dig: Start med bolig.",
                     "Tilbud om en handleplan: Tilbudt og taget imod (20. april 2026)",
                     "Skrevet ind her af: Contact", "Skrevet af Lene Holm (sagsbehandler)"):
        assert expected in text, f"{expected!r} not in\n" + "\n".join(text)
    # the case worker's words are marked as hers, not as the citizen's
    assert not any(b.own for b in part)
    by = text.index("Skrevet af Lene Holm (sagsbehandler)")
    assert by < text.index("Formålet med indsatsen: Mere overskud i hverdagen.")
    assert by > text.index("Sagsbehandler: Lene Holm")


def test_the_handleplan_explains_its_own_name_the_case_worker_and_the_offer_once(db):
    c = make_case(db)
    handleplan(c, intervention_scope="2 timer om ugen", goals=goals(MUNICIPAL))
    part = _part(_blocks(c), "Kommunens handleplan")
    explained = {b.label: b.text for b in part if b.kind == "explain"}
    assert set(explained) >= {"Kommunens handleplan", "Sagsbehandler", "Tilbud om en handleplan", "Omfang"}
    assert "§ 141" in explained["Kommunens handleplan"]
    assert part[1].kind == "explain" and part[1].label == "Kommunens handleplan"  # right under its heading
    assert not any("Rammen" in b.text or "ramme" in b.text for b in _blocks(c))


def test_a_declined_offer_is_said_with_its_date_and_no_offer_says_nothing(db):
    c = make_case(db)
    handleplan(c, offer="declined", offer_on="2026-04-10")
    assert "Tilbud om en handleplan: Tilbudt og sagt nej tak (10. april 2026)" in _texts(_blocks(c))
    handleplan(c, offer="", offer_on="", case_worker="")
    text = _texts(_part(_blocks(c), "Kommunens handleplan"))
    assert not any(t.startswith("Tilbud om en handleplan") for t in text)
    assert "Skrevet af Contact (kontaktperson)" in text  # no case worker named: who typed it in wrote it


def test_no_handleplan_yet_is_said_plainly(db):
    c = make_case(db)
    part = _part(_blocks(c), "Kommunens handleplan")
    assert [(b.kind, b.label) for b in part[:2]] == [("h2", ""), ("explain", "Kommunens handleplan")]
    assert part[2].text == "Din kontaktperson har ikke skrevet den ind endnu." and len(part) == 3


# ---------------------------------------------------------------- Indsatsplan


def _indsatsplan(c) -> tuple[int, int, int, int]:
    """A goal linked to the handleplan with three delmål (accepted, disagreed and assessed, waiting), a goal
    with nothing beside it yet, other actors and unmet needs. Returns (children goal, flat goal, the waiting
    delmål's id, the assessed delmål's id)."""
    handleplan(c, goals=goals(MUNICIPAL))
    children = share_goal(c, CHILDREN, life_area="family", horizon="short")
    flat = share_goal(c, FLAT, life_area="housing")
    follow_up.assess_goal(c.db, c.contact, c.citizen, children, "developing", True, "", now=NOW, plan=GoalPlanInput(
        municipal_goal_key=1, responsible="Erik og bostøtten", obstacles="Når mor aflyser", supports="En fast dag"))
    follow_up.assess_goal(c.db, c.contact, c.citizen, flat, "compensating", False, "", now=NOW)  # no indsatsplan
    accepted = propose(c, children, what="Bostøtten kører Erik til børnene", how_often="hver lørdag")
    provider_plan.answer_sub_goal(c.db, c.me, accepted.id, "agrees", "Ja, om lørdagen", now=NOW)
    disputed = propose(c, children)
    provider_plan.answer_sub_goal(c.db, c.me, disputed.id, "disagrees", "Hver 14. dag er for tit", now=NOW)
    provider_plan.assess_sub_goal(c.db, c.contact, c.citizen, disputed.id, "Fast rytme hjælper samværet.",
                                  assessed_on="2026-05-03", now=NOW)
    waiting = propose(c, children, what="Erik ringer til børnene", responsible="Erik", how_often="")
    provider_plan.add_other_actor(c.db, c.contact, c.citizen, ActorInput("Egen læge", "Læge", "Medicin"), now=NOW)
    provider_plan.set_unmet_needs(c.db, c.contact, c.citizen, {"money": "Gæld", "housing": "Ingen fast adresse"},
                                  now=NOW)
    c.db.commit()
    return children, flat, waiting.id, disputed.id


def test_the_indsatsplan_shows_each_goal_in_her_words_with_the_municipalitys_goal_who_and_the_delmål(db):
    c = make_case(db)
    children, flat, _waiting, _disputed = _indsatsplan(c)
    part = _part(_blocks(c), "Indsatsplan")
    text = _texts(part)
    for expected in (CHILDREN, "Nummer i din rækkefølge: 1", "Kort eller lang sigt: Kort sigt", "Livsområde: Familie",
                     f"Kommunens mål: {MUNICIPAL}", "Hvem har ansvaret: Erik og bostøtten",
                     "Det kan gøre det svært: Når mor aflyser", "Det kan hjælpe: En fast dag",
                     "Delmål: Bostøtten kører Erik til børnene", "Hvem gør det: Bostøtten", "Hvor tit: hver lørdag",
                     "Dit svar: Det er jeg med på (4. maj 2026)",
                     "Dine egne ord: Ja, om lørdagen",
                     f"Delmål: {ERIK}", "Dine egne ord: Hver 14. dag er for tit",
                     "Faglig vurdering: Fast rytme hjælper samværet. (3. maj 2026)",
                     "Delmål: Erik ringer til børnene", "Du har ikke svaret endnu.",
                     "Hvem: Egen læge (Læge)", "Det gør de: Medicin",
                     "Bolig: Ingen fast adresse", "Økonomi: Gæld", "Skrevet af Contact (kontaktperson)"):
        assert any(t.startswith(expected) for t in text), f"{expected!r} not in\n" + "\n".join(text)
    assert FLAT not in text  # nothing of the indsatsplan beside it yet: it stays under "Mine mål"
    # her goal first, in her words and marked as hers; her answer and words marked too, the assessment not
    heading = next(b for b in part if b.kind == "h3" and b.text == CHILDREN)
    assert heading.own and text.index(CHILDREN) < text.index(f"Kommunens mål: {MUNICIPAL}")
    own = {b.text for b in part if b.own}
    assert {"Ja, om lørdagen", "Hver 14. dag er for tit", "Kort sigt", "Familie"} <= own
    assert "Fast rytme hjælper samværet. (3. maj 2026)" not in own
    # unmet needs in the order of the life areas (bolig before økonomi), not in the order written
    assert text.index("Bolig: Ingen fast adresse") < text.index("Økonomi: Gæld")
    # after her own words, the assessment says again who wrote it
    at = text.index("Faglig vurdering: Fast rytme hjælper samværet. (3. maj 2026)")
    assert text[at - 1] == "Skrevet af Contact (kontaktperson)"


def test_a_delmål_waiting_for_her_answer_links_to_where_she_answers_it_on_her_page_only(db):
    c = make_case(db)
    children, _flat, _waiting, _disputed = _indsatsplan(c)
    links = [b for b in _blocks(c, links=True) if b.kind == "link"]
    assert [(b.text, b.label) for b in links] == [("Gå til målet og svar", f"/arbejdsbog/punkt?id={children}#agreements")]
    assert [b for b in _blocks(c) if b.kind == "link"] == []  # her PDF: paper cannot be tapped


def test_once_she_answers_the_link_goes_and_a_disagreement_without_assessment_is_said(db):
    c = make_case(db)
    _children, _flat, waiting, _disputed = _indsatsplan(c)
    provider_plan.answer_sub_goal(db, c.me, waiting, "disagrees", "Jeg ringer selv, når jeg vil", now=NOW)
    db.commit()
    blocks = _blocks(c, links=True)
    assert [b for b in blocks if b.kind == "link"] == []
    text = _texts(_part(blocks, "Indsatsplan"))
    assert "Dit svar: Det er jeg ikke enig i" in " ".join(text)
    assert "Din kontaktperson skal skrive, hvorfor det står sådan." in text


def test_each_term_of_the_indsatsplan_is_explained_once(db):
    c = make_case(db)
    _indsatsplan(c)
    blocks = _blocks(c)
    explained = [b.label for b in blocks if b.kind == "explain"]
    assert len(explained) == len(set(explained))
    for word in ("Indsatsplan", "Delmål", "Andre aktører", "Udækkede behov", "Faglig vurdering"):
        assert word in explained
    first = next(i for i, b in enumerate(blocks) if b.kind == "field" and b.label == "Delmål")
    assert (blocks[first + 1].kind, blocks[first + 1].label) == ("explain", "Delmål")


def test_a_goal_linked_to_a_handleplan_goal_the_municipality_removed_says_so(db):
    c = make_case(db)
    handleplan(c, goals=goals("Børnene", "Bolig"))
    flat = share_goal(c, FLAT)
    follow_up.assess_goal(db, c.contact, c.citizen, flat, "", False, "", now=NOW, plan=GoalPlanInput(municipal_goal_key=2))
    handleplan(c, goals=goals("Børnene", keys=(1,)))
    text = _texts(_part(_blocks(c), "Indsatsplan"))
    assert "Kommunen har fjernet det mål, som dit mål hørte til." in text
    assert not any(t.startswith("Kommunens mål") for t in text)


def test_no_indsatsplan_yet_is_said_plainly(db):
    c = make_case(db)
    share_goal(c, SHOPPING)
    part = _part(_blocks(c), "Indsatsplan")
    assert [b.text for b in part if b.kind == "text"][-1] == "Din kontaktperson har ikke skrevet noget her endnu."
    assert SHOPPING not in [b.text for b in part]


def test_her_pdf_holds_the_handleplan_and_the_indsatsplan_in_large_text(db):
    c = make_case(db)
    _indsatsplan(c)
    blocks = _blocks(c)
    reader = PdfReader(io.BytesIO(plan_pdf(blocks, blocks[0].text, scale=LARGE)))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    for expected in ("Kommunens handleplan", "Lene Holm", "Indsatsplan", "Bostøtten kører Erik til børnene",
                     "Fast rytme hjælper samværet.", "Du har ikke svaret endnu."):
        assert expected in text, expected
    assert "Gå til målet og svar" not in text


# ---------------------------------------------------------------- a fixed number of SQL statements




def _grow(c, numbers: range, ids: list[int]) -> None:
    """Goals numbered `numbers`, each linked to the handleplan, with two delmål (one disagreed and assessed),
    an actor each, and a signed follow-up of them."""
    if numbers.start == 0:
        handleplan(c, goals=goals(MUNICIPAL, "Egen bolig"))
    for n in numbers:
        goal = share_goal(c, f"Mål {n}", horizon="long")
        ids.append(goal)
        follow_up.assess_goal(c.db, c.contact, c.citizen, goal, "developing", True, "", now=NOW,
                              plan=GoalPlanInput(municipal_goal_key=1 + n % 2, responsible="Bostøtten"))
        first = propose(c, goal, what=f"Delmål {n}")
        provider_plan.answer_sub_goal(c.db, c.me, first.id, "disagrees", "Nej", now=NOW)
        provider_plan.assess_sub_goal(c.db, c.contact, c.citizen, first.id, "Derfor.", now=NOW)
        propose(c, goal, what=f"Andet {n}")
        provider_plan.add_other_actor(c.db, c.contact, c.citizen, ActorInput(f"Aktør {n}"), now=NOW)
    provider_plan.set_unmet_needs(c.db, c.contact, c.citizen, {"housing": f"Behov {numbers.stop}"}, now=NOW)
    c.db.commit()
    sign(c, {g: GoalInput(g, "partly_met") for g in ids})


def _provider_part(plan):
    (part,) = [s for s in plan.sections if s.key == "provider_plan"]
    return part


def test_min_plan_runs_as_many_sql_statements_for_30_goals_with_delmål_as_for_one(db):
    c = make_case(db)
    ids: list[int] = []
    _grow(c, range(0, 1), ids)
    with statements(db) as for_small:
        small = my_plan.my_plan(db, c.me, c.citizen, now=NOW)
    db.commit()
    _grow(c, range(1, 30), ids)
    with statements(db) as for_big:
        big = my_plan.my_plan(db, c.me, c.citizen, now=NOW)
    db.commit()
    assert len(for_big) == len(for_small), "\n".join(for_big)
    # and it is all there, not just cheap
    assert sum(e.label == "Delmål" for e in _provider_part(small).entries) == 2
    assert sum(e.label == "Delmål" for e in _provider_part(big).entries) == 60
    assert sum(e.label == "Faglig vurdering" for e in _provider_part(big).entries) == 30
