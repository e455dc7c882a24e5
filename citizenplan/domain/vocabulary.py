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
    PSYCHIATRY = "psychiatry"
    HOMELESSNESS_AND_ADDICTION = "homelessness_and_addiction"


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


class LifeArea(StrEnum):
    HOUSING = "bolig"
    WORK_AND_EDUCATION = "arbejde_og_uddannelse"
    FAMILY = "familie"
    FRIENDS_AND_NETWORK = "venner_og_netvaerk"
    BODY_AND_HEALTH = "krop_og_helbred"
    WELLBEING_AND_MIND = "trivsel_og_psyke"
    LEISURE = "fritid"
    MONEY = "oekonomi"
    DAILY_LIFE = "hverdagen"


class WhoDimension(StrEnum):
    """The WHOQOL-BREF domains, as the seeds' management tables count goals."""

    PHYSICAL = "fysisk"
    PSYCHOLOGICAL = "psykisk"
    SOCIAL = "social"
    ENVIRONMENT = "naermiljoe"


LIFE_AREA_LABELS = {
    LifeArea.HOUSING: N_("Bolig"),
    LifeArea.WORK_AND_EDUCATION: N_("Arbejde og uddannelse"),
    LifeArea.FAMILY: N_("Familie"),
    LifeArea.FRIENDS_AND_NETWORK: N_("Venner og netværk"),
    LifeArea.BODY_AND_HEALTH: N_("Krop og helbred"),
    LifeArea.WELLBEING_AND_MIND: N_("Trivsel og psyke"),
    LifeArea.LEISURE: N_("Fritid"),
    LifeArea.MONEY: N_("Økonomi"),
    LifeArea.DAILY_LIFE: N_("Hverdagen"),
}

# WHOQOL-BREF: daily activities and work capacity are physical; relationships are social; housing,
# money, leisure and the chance to learn are the environment (nærmiljø).
WHO_DIMENSION_OF = {
    LifeArea.HOUSING: WhoDimension.ENVIRONMENT,
    LifeArea.WORK_AND_EDUCATION: WhoDimension.ENVIRONMENT,
    LifeArea.FAMILY: WhoDimension.SOCIAL,
    LifeArea.FRIENDS_AND_NETWORK: WhoDimension.SOCIAL,
    LifeArea.BODY_AND_HEALTH: WhoDimension.PHYSICAL,
    LifeArea.WELLBEING_AND_MIND: WhoDimension.PSYCHOLOGICAL,
    LifeArea.LEISURE: WhoDimension.ENVIRONMENT,
    LifeArea.MONEY: WhoDimension.ENVIRONMENT,
    LifeArea.DAILY_LIFE: WhoDimension.PHYSICAL,
}

WHO_DIMENSION_LABELS = {
    WhoDimension.PHYSICAL: N_("Fysisk"),
    WhoDimension.PSYCHOLOGICAL: N_("Psykisk"),
    WhoDimension.SOCIAL: N_("Socialt"),
    WhoDimension.ENVIRONMENT: N_("Nærmiljø"),
}
