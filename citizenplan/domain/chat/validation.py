"""An answer checked and put in its stored form, or refused with a plain message that loses nothing: the
text stays in the citizen's box."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from citizenplan.domain.chat.view import YES_NO
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.flow import InputKind, Step
from citizenplan.domain.text import clean_text

if TYPE_CHECKING:
    from citizenplan.domain.chat.actions import Choices

LONGEST_ANSWER = 2000
VAGUE_PHRASES = ("ved ikke", "aner det ikke", "det ved jeg ikke", "måske", "bedre", "godt", "ingen anelse")
DANISH_PHONE = re.compile(r"^(?:\+45|0045)?(\d{8})$")


def validate(step: Step, value: Any, now: datetime, choices: Choices) -> Any:
    """The answer in its stored form, None when empty; UserError with a plain message when it will not do."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        return None
    kind = step.input
    if kind is InputKind.TEXT:
        if len(str(value)) > LONGEST_ANSWER:
            raise UserError(N_("Dit svar er for langt. Det må højst have {count} tegn. Prøv at gøre det kortere."),
                            field="answer", count=LONGEST_ANSWER)
        return clean_text(str(value), longest=LONGEST_ANSWER, field="answer")
    if kind is InputKind.CHOICE:
        allowed = {c.value for c in choices.of(step)}
        if str(value) not in allowed:
            raise UserError(N_("Tryk på en knap."), field="answer")
        return str(value)
    if kind is InputKind.MULTI:
        chosen = [str(v) for v in (value if isinstance(value, list) else [value])]
        allowed = [c.value for c in choices.of(step)]
        if any(v not in allowed for v in chosen):
            raise UserError(N_("Tryk på en knap."), field="answer")
        return [v for v in allowed if v in chosen]
    if kind is InputKind.YES_NO:
        if value not in YES_NO:
            raise UserError(N_("Svar ja eller nej."), field="answer")
        return value
    if kind is InputKind.SCALE:
        if str(value) not in {"1", "2", "3", "4", "5"}:
            raise UserError(N_("Vælg et tal fra 1 til 5."), field="answer")
        return int(value)
    if kind is InputKind.DATE:
        try:
            chosen = date.fromisoformat(str(value))
        except ValueError:
            raise UserError(N_("Vælg en dato i kalenderen."), field="answer") from None
        if step.future_date and chosen < now.date():
            raise UserError(N_("Den dato er allerede gået. Vælg en dag, der kommer."), field="answer")
        return chosen.isoformat()
    if kind is InputKind.PHONE:
        digits = re.sub(r"[\s\-()]", "", str(value))
        match = DANISH_PHONE.match(digits)
        if not match:
            raise UserError(N_("Skriv et telefonnummer med 8 cifre, fx 12 34 56 78. Du kan også springe over."),
                            field="answer")
        number = match.group(1)
        return f"{number[:2]} {number[2:4]} {number[4:6]} {number[6:]}"
    raise ValueError(kind)


def is_vague(step: Step, value: Any) -> bool:
    """An answer too vague to plan by (seed 004's SMART help): the step's kind follow-up is asked, once."""
    if step.input is InputKind.CHOICE:
        return value == "unknown"
    text = str(value or "").casefold().strip(" .!")
    return len(text.split()) < 3 or any(text == p or text.startswith(p + " ") for p in VAGUE_PHRASES)
