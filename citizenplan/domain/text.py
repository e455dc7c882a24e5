"""What any typed text must be before it is stored: stored as plain text, never as HTML."""

import unicodedata

from citizenplan.domain.errors import N_, UserError

LONGEST_TEXT = 10_000
# Bidirectional overrides make a name display backwards or hide part of it.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str, *, longest: int = LONGEST_TEXT, required: bool = True, field: str = "") -> str:
    """Trim, refuse control characters and over-long text; keep <, > and & as the letters they are."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if required and not text:
        raise UserError(N_("Feltet må ikke være tomt."), field=field)
    if len(text) > longest:
        raise UserError(N_("Teksten er for lang. Den må højst have {count} tegn."), field=field, count=longest)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise UserError(N_("Teksten har usynlige tegn, som ikke kan gemmes. Skriv den igen."), field=field)
    return text


def clean_name(value: str, field: str = "name") -> str:
    name = clean_text(value, longest=200, field=field)
    if "\n" in name or "\t" in name:
        raise UserError(N_("Et navn skal stå på én linje."), field=field)
    if any(ch in BIDI_CONTROLS for ch in name):
        raise UserError(N_("Teksten har usynlige tegn, som ikke kan gemmes. Skriv den igen."), field=field)
    return name
