"""The shared plan as a PDF (fpdf2), from the same blocks as the print page. DejaVu Sans is bundled so
æ, ø, å and whatever else a citizen writes come out right on any server."""

from pathlib import Path

from fpdf import FPDF

from citizenplan.reports.plan_document import Block

FONTS = Path(__file__).resolve().parent.parent / "fonts"
SIZES = {"h1": 18, "h2": 14, "h3": 12, "field": 10.5, "text": 10.5, "explain": 9.5, "by": 9.5}
LARGE = 1.35  # the citizen's own copy (Min plan): larger text for her eyes


def plan_pdf(blocks: list[Block], title: str, scale: float = 1.0) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Min Vej")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    line = 5.5 * scale
    for block in blocks:
        size = SIZES[block.kind] * scale
        if block.kind in ("h1", "h2", "h3"):
            pdf.ln(4 if block.kind != "h1" else 0)
            pdf.set_font("DejaVu", "B", size)
            pdf.multi_cell(0, size * 0.55, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif block.kind in ("field", "explain"):
            pdf.set_font("DejaVu", "B", size)
            pdf.multi_cell(0, line, block.label, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", size)
            pdf.multi_cell(0, line, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            pdf.set_font("DejaVu", "", size)
            pdf.multi_cell(0, line, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())
