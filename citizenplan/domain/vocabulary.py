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
    """A goal's, a dream's or an unmet need's part of life. Stored in English (item content, unmet_need);
    the Danish is only in LIFE_AREA_LABELS."""

    HOUSING = "housing"
    WORK_AND_EDUCATION = "work_and_education"
    FAMILY = "family"
    FRIENDS_AND_NETWORK = "friends_and_network"
    BODY_AND_HEALTH = "body_and_health"
    WELLBEING_AND_MIND = "wellbeing_and_mind"
    LEISURE = "leisure"
    MONEY = "money"
    DAILY_LIFE = "daily_life"


class WhoDimension(StrEnum):
    """The WHOQOL-BREF domains, as the seeds' management tables count goals. Stored in English (item content,
    goal_assessment, report facts); the Danish is only in WHO_DIMENSION_LABELS."""

    PHYSICAL = "physical"
    PSYCHOLOGICAL = "psychological"
    SOCIAL = "social"
    ENVIRONMENT = "environment"


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
