"""The management figures (domain.report) as a FHIR R4 MeasureReport: counts only, no free text, no name.

Each figure's column is a group (code `table.column` in Min Vej's report code system), its count over all
areas the group's population, each service area a stratum. A cell that domain.disclosure hides ("< 5" or "–")
has no count: its population carries HL7's data-absent-reason "masked" instead, so the same small-cell rule
holds in the file as on the screen, and nothing hidden there can be worked out here.
"""

from datetime import datetime

from fhir.resources.R4B.measurereport import MeasureReport
from sqlmodel import Session

from citizenplan.domain import disclosure, report
from citizenplan.domain.actors import Actor
from citizenplan.domain.fhir import codes
from citizenplan.domain.fhir.export import iso

MEASURE = f"{codes.PREFIX}:measure:ledelsesinformation"  # canonical of the figures' definition (DESIGN § 6)
TABLES = ("plans_and_goals", "follow_up", "handleplans", "offers", "who", "purpose", "fulfilment", "quality")
MASKED = {"extension": [{"url": codes.DATA_ABSENT, "valueCode": "masked"}]}


def _population(cell: disclosure.Cell) -> dict:
    code = {"coding": [{"system": codes.MEASURE_POPULATION, "code": "initial-population"}]}
    return {"code": code, **MASKED} if cell.hidden else {"code": code, "count": cell.value}


def _concept(code: str) -> dict:
    return {"coding": [{"system": codes.MEASURE_CODES, "code": code}]}


def _column_code(table: str, column: str) -> str:
    """A column's code: its key, but a WHO dimension keeps the code the file has always had (codes.py)."""
    return codes.code_of(codes.WHO_DIMENSION_CODES, column) if table == "who" else column


def measure_report(result: report.Report) -> dict:
    """The report as a validated MeasureReport dict."""
    groups = []
    for name in TABLES:
        table: disclosure.ProtectedTable = getattr(result, name)
        for column in table.columns:
            groups.append({
                "code": _concept(f"{name}.{_column_code(name, column)}"),
                "population": [_population(table.cell(disclosure.TOTAL, column))],
                "stratifier": [{"code": [_concept("service_area")], "stratum": [
                    {"value": _concept(area), "population": [_population(table.cell(area, column))]}
                    for area in table.rows]}]})
    data = {"resourceType": "MeasureReport", "status": "complete", "type": "summary", "measure": MEASURE,
            "date": iso(result.computed_at),
            "period": {"start": result.period.start.isoformat(), "end": result.period.end.isoformat()},
            "group": groups}
    return validated_measure(data)


def validated_measure(data: dict) -> dict:
    return MeasureReport.model_validate(data).model_dump(mode="json", exclude_none=True)


def unit_measure_report(db: Session, actor: Actor, period: report.Period, now: datetime | None = None) -> dict:
    """The manager's figures for her units (report.unit_report asks the policy) as FHIR."""
    return measure_report(report.unit_report(db, actor, period, now))
