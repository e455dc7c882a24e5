"""LIX, the Danish readability index: words per sentence + percentage of words over six letters.

A chat message must stay at 25 or below, a citizen's page at 30 (DESIGN section 9).
"""

import re

WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜü0-9]+(?:[-'][A-Za-zÆØÅæøåÉéÜü0-9]+)*")
SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
JARGON = ("§", "indsatsmål", "foranstaltning", "delmål", "handleplan", "serviceloven", "bevilling", "visitation")


def lix(text: str) -> float:
    words = WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(SENTENCE_END.findall(text.strip())) or 1)
    long_words = sum(1 for word in words if len(word) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def jargon_in(text: str) -> list[str]:
    lowered = text.casefold()
    return [word for word in JARGON if word in lowered]
