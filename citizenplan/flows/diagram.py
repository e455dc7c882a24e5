"""Each chat flow drawn as a Mermaid flowchart, so that a municipality's social worker can read and review
the conversation without reading code. The drawings are made from the flow data and kept in docs/flows/;
tests/unit/test_flow_diagrams.py fails when one is out of date.

    python -m citizenplan.flows.diagram [folder]      (make diagrams) writes docs/flows/<flow_id>.md

How a flow is drawn:
- each step is a box named by its step id and showing its question (the first message that asks
  something, else the last message);
- an arrow labelled with an answer goes where that answer leads; the other answers (and "Spring over",
  which is always possible) follow the unlabelled arrow, or the one marked "ellers";
- a dashed arrow is the engine passing a step by, labelled with the condition, e.g. "ingen drømme";
- a box around steps asked once for each goal is titled "for hvert mål";
- an arrow from a step back to itself is the one kind follow-up asked when an answer is vague.
"""

import re
import sys
from pathlib import Path

from citizenplan.domain.chat import YES_NO
from citizenplan.domain.flow import Flow, InputKind, Step
from citizenplan.flows import FLOWS

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "docs" / "flows"
START, END = "START", "END"
SKIP_NOTE = '%% "Spring over" kan altid vælges og følger altid pilen uden tekst (eller "ellers").'

# The engine's conditions (skip_when, citizenplan.domain.chat.actions.CONDITIONS), in plain Danish.
CONDITIONS = {
    "no_dreams": "ingen drømme",
    "one_goal": "kun ét mål",
    "no_contact_name": "intet navn",
    "nothing_to_share": "ingen kriseplan eller kontaktperson",
}
# for_each: (the box's title, the way round again, the way out, when there is nothing to go round)
LOOPS = {
    "active_goals": ("for hvert mål", "næste mål", "ingen flere mål", "ingen mål"),
}
# How a placeholder in a question reads in the drawing.
PLACEHOLDERS = {"goal": "målets navn"}
MARKER = ("<!-- Lavet af `make diagrams` (python -m citizenplan.flows.diagram) ud fra citizenplan/flows/. "
          "Ret i flowet, ikke her. -->")
OTHERWISE = "ellers"
VAGUE = "uklart svar (én gang)"

# Mermaid's own words cannot be node ids (a lowercase "end" closes a subgraph).
RESERVED = frozenset({"end", "graph", "subgraph", "flowchart", "style", "class", "classdef", "click",
                      "linkstyle", "direction", "call", "href", "default", START.lower(), END.lower()})
NODE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Mermaid entity codes (#name; or #decimal;), so that no character in a text can end a label or a line.
ESCAPES = {'"': "#quot;", "#": "#35;", "[": "#91;", "]": "#93;", "(": "#40;", ")": "#41;", "{": "#123;",
           "}": "#125;", "<": "#lt;", ">": "#gt;", "|": "#124;", "`": "#96;", ";": "#59;"}


def escape(text: str) -> str:
    """A text as a quoted Mermaid label: one line, every character that means something escaped."""
    return '"' + "".join(ESCAPES.get(ch, ch) for ch in " ".join(text.split())) + '"'


def question_of(step: Step) -> str:
    """The message that asks: the first one with a question mark, else the last one."""
    asking = next((message for message in step.say if "?" in message), step.say[-1] if step.say else step.id)
    return re.sub(r"\{(\w+)\}", lambda m: "«" + PLACEHOLDERS.get(m.group(1), m.group(1)) + "»", asking)


def _answer_label(step: Step, value: str) -> str:
    labels = {choice.value: choice.label for choice in step.choices}
    if step.input is InputKind.YES_NO:
        labels = {**YES_NO, **labels}
    return labels.get(value, value)


def _node(step_id: str) -> str:
    return END if step_id == "" else step_id


def _check_ids(flow: Flow) -> None:
    for step in flow.steps:
        if not NODE_ID.fullmatch(step.id) or step.id.lower() in RESERVED:
            raise ValueError(f"{flow.id}: the step id {step.id!r} cannot name a box in the drawing; "
                             "use letters, digits and _, and not a Mermaid word such as 'end'")


def _loop_steps(flow: Flow, first: Step) -> list[Step]:
    """The steps asked once per round: those reachable from the for_each step, in the flow's order."""
    seen, todo = set(), [first.id]
    while todo:
        step_id = todo.pop()
        if step_id in seen or step_id == "":
            continue
        seen.add(step_id)
        step = flow.step(step_id)
        todo.extend([step.next.default, *step.next.cases.values()])
    return [step for step in flow.steps if step.id in seen]


def mermaid(flow: Flow) -> str:
    """The flow as a Mermaid `flowchart TD`, with node ids = step ids."""
    _check_ids(flow)
    loop_head = next((step for step in flow.steps if step.for_each), None)
    in_loop = {step.id for step in _loop_steps(flow, loop_head)} if loop_head else set()
    lines = ["flowchart TD", f"    %% Lavet af citizenplan/flows/diagram.py ud fra flowet {flow.id}. Ret i flowet.",
             f"    {SKIP_NOTE}", f'    {START}(["Start"])']

    for step in flow.steps:
        if step.id not in in_loop:
            lines.append(f"    {step.id}[{escape(question_of(step))}]")
    if loop_head:
        title = LOOPS.get(loop_head.for_each, (loop_head.for_each,))[0]
        lines.append(f"    subgraph loop_{loop_head.id}[{escape(title)}]")
        lines += [f"        {step.id}[{escape(question_of(step))}]" for step in flow.steps if step.id in in_loop]
        lines.append("    end")
    lines.append(f'    {END}(["Slut"])')

    lines.append(f"    {START} --> {flow.first}")
    if loop_head:
        _title, _again, _out, empty = LOOPS.get(loop_head.for_each, ("", "", "", loop_head.for_each))
        lines.append(f"    {START} -.->|{escape(empty)}| {END}")
    for step in flow.steps:
        lines += _edges(step, loop_head, in_loop)
    return "\n".join(lines) + "\n"


def _edges(step: Step, loop_head: Step | None, in_loop: set[str]) -> list[str]:
    edges: list[tuple[str, str | None, str]] = []  # (arrow, label, target)
    for value, target in step.next.cases.items():
        edges.append(("-->", _answer_label(step, value), _node(target)))
    if step.next.default == "" and step.id in in_loop:
        _title, again, out, _empty = LOOPS.get(loop_head.for_each, ("", loop_head.for_each, "", ""))
        edges += [("-.->", again, loop_head.id), ("-->", out, END)]
    else:
        edges.append(("-->", OTHERWISE if step.next.cases else None, _node(step.next.default)))
    if step.vague_hint:
        edges.append(("-->", VAGUE, step.id))
    if step.skip_when:
        edges.append(("-.->", CONDITIONS.get(step.skip_when, step.skip_when), _node(step.next.default)))
    # Mermaid draws only the last of several arrows from a box back to itself: one arrow, the labels joined.
    loops = [label for arrow, label, target in edges if target == step.id and arrow == "-->"]
    if len(loops) > 1:
        edges = [e for e in edges if not (e[2] == step.id and e[0] == "-->")] + [("-->", " · ".join(loops), step.id)]
    return [f"    {step.id} {arrow}{'|' + escape(label) + '|' if label else ''} {target}"
            for arrow, label, target in edges]


def page(flow: Flow) -> str:
    """docs/flows/<flow_id>.md: the flow's title, what it is for, and the drawing."""
    return (f"# {flow.title}\n\n{flow.intro}\n\n{MARKER}\n\n```mermaid\n{mermaid(flow)}```\n")


def write_all(folder: Path = DEFAULT_FOLDER) -> list[Path]:
    """Write one page per flow, and remove the pages this module made for flows that are gone."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for flow in FLOWS.values():
        path = folder / f"{flow.id}.md"
        path.write_text(page(flow), encoding="utf-8")
        written.append(path)
    for stale in sorted(set(folder.glob("*.md")) - set(written)):
        if MARKER in stale.read_text(encoding="utf-8"):
            stale.unlink()
    return written


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else DEFAULT_FOLDER
    for path in write_all(folder):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
