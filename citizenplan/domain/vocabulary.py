"""The fixed words of the domain: roles, service areas, audiences. English in code, Danish in the UI."""

from enum import StrEnum

from citizenplan.domain.errors import N_


class Role(StrEnum):
    CITIZEN = "citizen"
    CONTACT_PERSON = "contact_person"
    RELATIVE = "relative"
    MANAGER = "manager"


class ServiceArea(StrEnum):
    HANDICAP = "handicap"
    PSYCHIATRY = "psykiatri"
    HOMELESSNESS_AND_ADDICTION = "forsorg_og_misbrug"


class Audience(StrEnum):
    CONTACT_PERSON = "contact_person"
    RELATIVE = "relative"


ROLE_LABELS = {
    Role.CITIZEN: N_("borger"),
    Role.CONTACT_PERSON: N_("kontaktperson"),
    Role.RELATIVE: N_("pårørende"),
    Role.MANAGER: N_("leder"),
}

SERVICE_AREA_LABELS = {
    ServiceArea.HANDICAP: N_("Handicap"),
    ServiceArea.PSYCHIATRY: N_("Psykiatri"),
    ServiceArea.HOMELESSNESS_AND_ADDICTION: N_("Forsorg og misbrug"),
}

LOCALES = ("da", "en")
