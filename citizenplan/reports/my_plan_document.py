"""Min plan as text in her language: one list of blocks that her page, her print and her PDF all lay out.

Her words first within each part and marked as hers; a professional's words under "Skrevet af ..."; each
professional term explained in a short line the first time it appears (domain.my_plan.first_uses).
A delmål that waits for her answer links to where she answers it (a "link" block: text, label = the address),
on her page only: paper cannot be tapped, so her PDF says "Du har ikke svaret endnu." and no more.
"""

from datetime import date

from citizenplan import i18n, routes
from citizenplan.domain.errors import N_
from citizenplan.domain.my_plan import TERMS, Entry, MyPlan, first_uses
from citizenplan.reports.plan_document import Block

WRITTEN_BY = N_("Skrevet af {name} ({role})")


def my_plan_blocks(plan: MyPlan, locale: str, *, skip: tuple[str, ...] = (), links: bool = False) -> list[Block]:
    """skip: section keys the caller shows its own way (the page has a form for her remarks). links: the page
    shows the links to where she answers; the PDF leaves them out."""

    def _(message: str, **params) -> str:
        return i18n.translate(message, locale, **params)

    def value_of(entry: Entry) -> str:
        if isinstance(entry.value, date):
            return i18n.long_date(entry.value, locale)
        text = _(entry.value) if entry.msgid else entry.value
        text = " · ".join(x for x in (_(entry.prefix) if entry.prefix else "", text) if x)
        return f"{text} ({i18n.long_date(entry.at, locale)})" if entry.at else text

    explained = first_uses(plan.sections)
    blocks = [Block("h1", _(N_("Min plan")))]
    if plan.contact_names:
        blocks.append(Block("field", ", ".join(plan.contact_names), _(N_("Din kontaktperson"))))
    blocks.append(Block("field", i18n.date_time(plan.made_at, locale), _(N_("Hentet"))))
    for s_index, section in enumerate(plan.sections):
        if section.key in skip:
            continue
        blocks.append(Block("h2", _(section.title)))
        if section.term and (s_index, -1) in explained:
            word, meaning = TERMS[section.term]
            blocks.append(Block("explain", _(meaning), _(word)))
        if section.intro:
            blocks.append(Block("text", _(section.intro)))
        author = None
        for e_index, entry in enumerate(section.entries):
            if entry.author and entry.author != author and entry.kind != "heading":
                blocks.append(Block("by", _(WRITTEN_BY, name=entry.author, role=_(entry.role))))
            author = entry.author if entry.kind != "heading" else None
            label = _(entry.label) if entry.label else ""
            if entry.kind == "heading":
                text = value_of(entry)
                blocks.append(Block("h3", f"{label} {text}" if label else text, own=entry.own))
                if entry.author:
                    blocks.append(Block("by", _(WRITTEN_BY, name=entry.author, role=_(entry.role))))
                    author = entry.author
            elif entry.kind == "link":
                if links and entry.answer_on is not None:
                    blocks.append(Block("link", value_of(entry), answer_href(entry.answer_on)))
            elif entry.kind == "field":
                blocks.append(Block("field", value_of(entry), label, own=entry.own))
            else:
                blocks.append(Block("text", value_of(entry), own=entry.own))
            if entry.term and (s_index, e_index) in explained:
                word, meaning = TERMS[entry.term]
                blocks.append(Block("explain", _(meaning), _(word)))
    return blocks



def answer_href(goal_id: int) -> str:
    """Her goal's page, at "Hvem gør hvad", where she answers the delmål under it (pages/item.py)."""
    return routes.workbook_item(goal_id) + "#agreements"
