"""Every URL of the app, and the one place that says where each role lands after login."""

from urllib.parse import urlencode

from citizenplan.domain.vocabulary import Role

LOGIN = "/"
ACTIVATE = "/aktiver"
CITIZEN_HOME = "/borger"
CONTACT_PERSON_HOME = "/kontaktperson"
RELATIVE_HOME = "/paarorende"
MANAGER_HOME = "/leder"
MANAGER_REPORT = "/leder/rapport"
CHAT = "/samtale"
WORKBOOK = "/arbejdsbog"
WORKBOOK_ITEM = "/arbejdsbog/punkt"
ACCESS_LOG = "/hvem-har-set"
MY_RELATIVES = "/mine-paarorende"
MY_PLAN = "/min-plan"
CRISIS_PLAN = "/kriseplan"  # served by the server itself, not a Reflex page: it must open offline
OFFLINE_HOME = "/uden-net/forside"  # her home and workbook as the server writes them, kept for offline
OFFLINE_WORKBOOK = "/uden-net/arbejdsbog"
SHARED_PLAN = "/kontaktperson/borger"
FOLLOW_UP = "/kontaktperson/opfoelgning"
PRINT_PLAN = "/kontaktperson/udskriv"
PLAN_PDF = "/pdf/handleplan"
MY_DATA = "/mine-data"
MY_DATA_JSON = "/hent/mine-data.json"
MY_DATA_PDF = "/hent/mine-data.pdf"
# FHIR R4 (docs/fhir/README.md): the shared plan for her contact person (?id=N), her own plan, the manager's figures
FHIR_PLAN = "/hent/indsatsplan.fhir.json"
FHIR_MY_PLAN = "/hent/min-plan.fhir.json"
FHIR_REPORT = "/hent/rapport.fhir.json"
# Served by the server itself (Starlette, citizenplan.py), not pages: the login cookie and the readiness check.
AUTH_SESSION = "/auth/session"  # POST a login ticket; answers with the HttpOnly session cookie
AUTH_LOGOUT = "/auth/logout"  # POST; ends the cookie's session and clears the cookie
READY = "/_ready"  # may this backend take traffic (readiness.py)

# Who may open each page: the one table every page's load is gated by (state/session.py, SessionState._open).
# A page's role sees it; anyone else logged in is sent to their own home (and the attempt is logged), and
# nobody logged in to the login page. A page not in this table is in PUBLIC_PAGES, with the reason.
PAGE_ROLES = {
    CITIZEN_HOME: Role.CITIZEN,
    CHAT: Role.CITIZEN,
    WORKBOOK: Role.CITIZEN,
    WORKBOOK_ITEM: Role.CITIZEN,
    ACCESS_LOG: Role.CITIZEN,
    MY_RELATIVES: Role.CITIZEN,
    MY_PLAN: Role.CITIZEN,
    MY_DATA: Role.CITIZEN,
    CONTACT_PERSON_HOME: Role.CONTACT_PERSON,
    SHARED_PLAN: Role.CONTACT_PERSON,
    FOLLOW_UP: Role.CONTACT_PERSON,
    PRINT_PLAN: Role.CONTACT_PERSON,
    RELATIVE_HOME: Role.RELATIVE,
    MANAGER_HOME: Role.MANAGER,
    MANAGER_REPORT: Role.MANAGER,
}
PUBLIC_PAGES = {
    LOGIN: "where everyone begins; someone logged in is sent on to their own home",
    ACTIVATE: "a one-time code sets up an account, before anyone is logged in",
}

HOMES = {
    Role.CITIZEN: CITIZEN_HOME,
    Role.CONTACT_PERSON: CONTACT_PERSON_HOME,
    Role.RELATIVE: RELATIVE_HOME,
    Role.MANAGER: MANAGER_HOME,
}


def home_for(role: Role) -> str:
    return HOMES[role]


def activation_link(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}{ACTIVATE}?{urlencode({'kode': code})}"


def chat(flow_id: str) -> str:
    return f"{CHAT}?{urlencode({'flow': flow_id})}"


def workbook_item(item_id: int) -> str:
    return f"{WORKBOOK_ITEM}?{urlencode({'id': item_id})}"


def shared_plan(citizen_id: int) -> str:
    return f"{SHARED_PLAN}?{urlencode({'id': citizen_id})}"


def follow_up(citizen_id: int) -> str:
    return f"{FOLLOW_UP}?{urlencode({'id': citizen_id})}"


def print_plan(citizen_id: int) -> str:
    return f"{PRINT_PLAN}?{urlencode({'id': citizen_id})}"


def fhir_plan(citizen_id: int) -> str:
    return f"{FHIR_PLAN}?{urlencode({'id': citizen_id})}"


def fhir_report(start: str, end: str) -> str:
    return f"{FHIR_REPORT}?{urlencode({'start': start, 'end': end})}"


def plan_pdf(citizen_id: int) -> str:
    return f"{PLAN_PDF}?{urlencode({'id': citizen_id})}"
