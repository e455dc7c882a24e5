"""The Mermaid drawings of the chat flows in docs/flows/ are what the flow data says now, and a social
worker can follow every step in them (citizenplan/flows/diagram.py)."""

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from citizenplan.domain.flow import Choice, Flow, InputKind, Next, Step
from citizenplan.flows import FLOWS, diagram
from citizenplan.flows.diagram import END, START, mermaid, page, question_of, write_all

DOCS = Path(__file__).resolve().parents[2] / "docs" / "flows"
NODE = re.compile(r"^\s+(\w+)(?:\[|\(\[)\"(.*)\"(?:\]|\]\))$")
EDGE = re.compile(r"^\s+(\w+) (-->|-\.->)(?:\|\"(.*)\"\|)? (\w+)$")
SUBGRAPH = re.compile(r"^\s+subgraph (\w+)\[\"(.*)\"\]$")


def _decoded(label: str) -> str:
    """A label as Mermaid shows it: #name; and #123; become the characters they stand for."""
    return html.unescape(re.sub(r"#(\w+);", lambda m: f"&{'#' if m.group(1).isdigit() else ''}{m.group(1)};",
                                label))


def _nodes(text: str) -> dict[str, str]:
    return {m.group(1): _decoded(m.group(2)) for line in text.splitlines() if (m := NODE.match(line))}


def _edges(text: str) -> list[tuple[str, str, str | None, str]]:
    """(from, arrow, label, to) for each arrow."""
    return [(m.group(1), m.group(2), _decoded(m.group(3)) if m.group(3) is not None else None, m.group(4))
            for line in text.splitlines() if (m := EDGE.match(line))]


FLOW_IDS = list(FLOWS)


# ---------------------------------------------------------------- the pages in docs/ are up to date


def test_the_flow_pages_in_docs_are_what_the_flows_draw_now():
    stale = [flow.id for flow in FLOWS.values()
             if not (DOCS / f"{flow.id}.md").exists()
             or (DOCS / f"{flow.id}.md").read_text(encoding="utf-8") != page(flow)]
    assert stale == [], f"docs/flows/ is out of date for {stale}: run `make diagrams`"


def test_docs_holds_no_drawing_of_a_flow_that_is_gone():
    gone = sorted(path.name for path in DOCS.glob("*.md")
                  if diagram.MARKER in path.read_text(encoding="utf-8") and path.stem not in FLOWS)
    assert gone == [], "run `make diagrams`"


# ---------------------------------------------------------------- every step is there, and reachable


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_every_step_is_a_box_showing_its_question(flow_id):
    flow = FLOWS[flow_id]
    drawn = mermaid(flow)
    assert drawn.startswith("flowchart TD\n")
    nodes = _nodes(drawn)
    assert set(nodes) == {step.id for step in flow.steps} | {START, END}
    for step in flow.steps:
        assert nodes[step.id] == question_of(step)
        assert "?" in nodes[step.id] or nodes[step.id] == step.say[-1].strip()


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_every_arrow_joins_two_boxes_and_every_step_can_be_reached_from_the_start(flow_id):
    drawn = mermaid(FLOWS[flow_id])
    nodes, edges = set(_nodes(drawn)), _edges(drawn)
    assert edges, "no arrows found: the test would prove nothing"
    assert {e[0] for e in edges} | {e[3] for e in edges} <= nodes
    reached, todo = set(), [START]
    while todo:
        here = todo.pop()
        if here not in reached:
            reached.add(here)
            todo += [e[3] for e in edges if e[0] == here]
    assert reached == nodes


def test_the_first_question_of_a_step_with_several_messages_is_the_one_shown():
    assert question_of(FLOWS["getting_started"].step("who")) == (
        "Hvem er du? Skriv lidt om dig selv.")
    assert question_of(FLOWS["dream_to_goal"].step("pick_dream")) == "Hvilken drøm vil du tage fat på?"
    assert question_of(FLOWS["dream_to_goal"].step("date")) == "Vælg en dato."


# ---------------------------------------------------------------- what the arrows say


def test_an_answer_that_changes_the_way_labels_its_arrow_and_the_other_answers_go_on_by_ellers():
    getting_started = _edges(mermaid(FLOWS["getting_started"]))
    assert ("more_dreams", "-->", "Ja", "dream") in getting_started
    assert ("more_dreams", "-->", "ellers", "areas") in getting_started
    assert ("who", "-->", None, "want") in getting_started
    assert ("areas", "-->", None, END) in getting_started
    dream_to_goal = _edges(mermaid(FLOWS["dream_to_goal"]))
    assert ("when", "-->", "Jeg vil vælge en dato", "date") in dream_to_goal
    assert ("when", "-->", "ellers", "first_step") in dream_to_goal


def test_a_step_the_chat_passes_by_is_a_dashed_arrow_naming_the_condition_in_danish():
    dream_to_goal = _edges(mermaid(FLOWS["dream_to_goal"]))
    assert ("pick_dream", "-.->", "ingen drømme", "title") in dream_to_goal
    assert ("priority", "-.->", "kun ét mål", END) in dream_to_goal
    crisis_plan = _edges(mermaid(FLOWS["crisis_plan"]))
    assert ("contact_phone", "-.->", "intet navn", "more_contacts") in crisis_plan
    assert ("more_contacts", "-.->", "intet navn", "practical") in crisis_plan


def test_every_condition_and_round_the_flows_use_has_danish_words_in_the_drawing():
    conditions = {step.skip_when for flow in FLOWS.values() for step in flow.steps if step.skip_when}
    rounds = {step.for_each for flow in FLOWS.values() for step in flow.steps if step.for_each}
    assert conditions <= set(diagram.CONDITIONS)
    assert rounds <= set(diagram.LOOPS)


def test_the_check_in_is_drawn_as_one_round_for_each_goal():
    drawn = mermaid(FLOWS["check_in"])
    rounds = [m.groups() for line in drawn.splitlines() if (m := SUBGRAPH.match(line))]
    assert rounds == [("loop_score", "for hvert mål")]
    edges = _edges(drawn)
    assert ("note", "-.->", "næste mål", "score") in edges
    assert ("note", "-->", "ingen flere mål", END) in edges
    assert (START, "-.->", "ingen mål", END) in edges


def test_the_kind_follow_up_to_a_vague_answer_is_a_loop_back_to_the_same_question():
    edges = _edges(mermaid(FLOWS["dream_to_goal"]))
    loops = [(e[0], e[2]) for e in edges if e[0] == e[3]]
    assert loops == [("success", "uklart svar (én gang)"), ("when", "uklart svar (én gang)")]


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_spring_over_is_noted_once_in_a_comment_and_never_drawn(flow_id):
    drawn = mermaid(FLOWS[flow_id])
    mentions = [line.strip() for line in drawn.splitlines() if "Spring over" in line]
    assert len(mentions) == 1 and mentions[0].startswith("%%")


# ---------------------------------------------------------------- any text is safe


def _odd_flow(text: str, step_id: str = "q") -> Flow:
    return Flow(id="odd", title="Prøve", intro="En prøve.", first=step_id, done="Tak.", steps=(
        Step(id=step_id, say=("Hej.", text), input=InputKind.CHOICE,
             choices=(Choice("a", 'Svar "A" [1]'), Choice("b", "B | C")),
             next=Next("", cases={"a": step_id, "b": ""}), vague_hint="Sig mere."),
    ))


def test_quotes_and_brackets_in_a_question_or_an_answer_cannot_break_the_drawing():
    text = 'Sig "hej" [nu] (eller ej) | a<b> & c; #1 `kode` end?'
    drawn = mermaid(_odd_flow(text))
    (line,) = [line for line in drawn.splitlines() if line.strip().startswith("q[")]
    inside = re.sub(r"#\w+;", "", line.strip()[3:-2])  # what is left once the entity codes are taken out
    assert not set(inside) & set('"[](){}|<>`;#'), inside
    assert _nodes(drawn)["q"] == text
    labels = {e[2] for e in _edges(drawn)}
    assert "B | C" in labels
    # Mermaid shows only one arrow from a box to itself: the answer and the follow-up share it
    assert 'Svar "A" [1] · uklart svar (én gang)' in labels


@pytest.mark.parametrize("step_id", ["end", "End", "subgraph", "START", "two words", "ø"])
def test_a_step_id_that_cannot_name_a_box_is_refused_plainly(step_id):
    with pytest.raises(ValueError, match="cannot name a box"):
        mermaid(_odd_flow("Hvad?", step_id))


# ---------------------------------------------------------------- the pages


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_a_page_has_the_flows_title_what_it_is_for_and_the_drawing(flow_id):
    flow = FLOWS[flow_id]
    lines = page(flow).splitlines()
    assert lines[0] == f"# {flow.title}"
    assert lines[2] == flow.intro
    assert "```mermaid" in lines and lines[-1] == "```"
    assert page(flow).count(mermaid(flow)) == 1


def test_write_all_writes_a_page_per_flow_removes_its_own_stale_pages_and_keeps_other_files(tmp_path):
    (tmp_path / "README.md").write_text("Skrevet i hånden.\n")
    (tmp_path / "old_flow.md").write_text(f"# Gammel\n\n{diagram.MARKER}\n")
    written = write_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{f}.md" for f in FLOWS)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["README.md", *(f"{f}.md" for f in FLOWS)])
    assert (tmp_path / "check_in.md").read_text(encoding="utf-8") == page(FLOWS["check_in"])


def test_make_diagrams_runs_the_module_as_a_script(tmp_path):
    done = subprocess.run([sys.executable, "-m", "citizenplan.flows.diagram", str(tmp_path)],
                          capture_output=True, text=True, check=True)
    assert sorted(p.name for p in tmp_path.glob("*.md")) == sorted(f"{f}.md" for f in FLOWS)
    assert done.stdout.count(".md") == len(FLOWS)
