"""The codes and addresses the FHIR mapping uses, each with where it is published (docs/fhir/README.md).

KL's codes are used only where KL publishes them; nothing here claims to be KL's that KL did not publish.
What has no home in FHIR R4 or in KL's profiles is carried in Min Vej's own extensions (`EXT`), whose
addresses are plainly ours (`urn:minvej:...`), never dressed up as KL's or HL7's.
"""
from citizenplan.domain.follow_up import SpecialCondition
from citizenplan.domain.vocabulary import LifeArea, WhoDimension

# KL's care/social code system, as fixed in the published profiles of KLCore 1.2.0
# (http://fhir.kl.dk/core/1.2.0: StructureDefinition-KLCommonCareSocialFFBGoal) and FFB messaging 1.0.0
# (http://fhir.kl.dk/ffbmessaging/1.0.0: kl-messaging-ffb-citizenObjective).
KL_CODES = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes"
KL_CITIZEN_GOAL = ("416fe27d-3ccf-4390-8742-8b52a9d8dc78", "FFB borgers mål og ønsker")
KL_INTERVENTION_GOAL = ("0bb3daef-538d-45dc-b444-abdbcb63f6bc", "FFB indsatsmål")
KL_SUB_GOAL = ("6746d4af-145a-4bfd-a672-05c0cf11b53b", "FFB delmål")
KL_PURPOSE = ("424827b1-23aa-4848-962b-56ee47def560", "Indsatsformål")
KL_SOCIAL_CAREPLAN = ("4a297733-4d66-4726-a933-590d55cf91e0", "Social indsats")

# HL7 FHIR R4 core
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
GOAL_RELATIONSHIP = "http://hl7.org/fhir/StructureDefinition/goal-relationship"  # as KL uses it for delmål
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
MEASURE_POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population"
BASED_ON = "based-on"  # KL's text for goal-relationship type (KLCommonCareSocialGoal: delmålBaseretPå)

# Min Vej's own
PREFIX = "urn:minvej"
EXT = {name: f"{PREFIX}:ext:{name}" for name in (
    "scope", "duration", "duration-kind", "special", "close-follow-up", "suggestions", "offer",
    "responsible", "how-often", "life-area", "who-dimension", "horizon", "purpose-type", "note-kind",
    "citizen-degree", "obstacles", "supports")}
MEASURE_CODES = f"{PREFIX}:report"  # the management figures' own codes (table and column keys)
PLAN_CODES = f"{PREFIX}:plan"  # observation and activity codes where neither KL nor HL7 has one
HANDLEPLAN_IDENTIFIER = f"{PREFIX}:handleplan"  # a handleplan typed into Min Vej, not imported
MUNICIPAL_GOAL_KEY = f"{PREFIX}:municipal-goal"  # a handleplan goal's key in Min Vej (MunicipalGoal.key)

# lifecycleStatus of her goal (GOAL_STATUSES in domain.workbook) and back
LIFECYCLE = {"active": "active", "reached": "completed", "paused": "on-hold", "dropped": "cancelled"}
# achievementStatus from the follow-up's degree (domain.follow_up.Degree) and back
ACHIEVEMENT = {"met": "achieved", "partly_met": "in-progress", "not_met": "not-achieved"}
# the purpose judged at a follow-up (domain.follow_up.PurposeJudgement)
PURPOSE_ACHIEVEMENT = {"reached": "achieved", "on_the_way": "in-progress", "not_reached": "not-achieved"}
# a delmål's lifecycleStatus from her answer (domain.provider_plan.Answer; None: not answered yet)
SUB_GOAL_LIFECYCLE = {None: "proposed", "agrees": "accepted", "disagrees": "rejected"}

# Min Vej's own codes for a life area, a WHO dimension and a handleplan's særlige forhold, as its files have
# always carried them. The database holds the English keys (domain.vocabulary, domain.follow_up); a file keeps
# these codes, so what another system reads from Min Vej does not change with how Min Vej stores it.
LIFE_AREA_CODES = {
    LifeArea.HOUSING: "bolig", LifeArea.WORK_AND_EDUCATION: "arbejde_og_uddannelse", LifeArea.FAMILY: "familie",
    LifeArea.FRIENDS_AND_NETWORK: "venner_og_netvaerk", LifeArea.BODY_AND_HEALTH: "krop_og_helbred",
    LifeArea.WELLBEING_AND_MIND: "trivsel_og_psyke", LifeArea.LEISURE: "fritid", LifeArea.MONEY: "oekonomi",
    LifeArea.DAILY_LIFE: "hverdagen"}
WHO_DIMENSION_CODES = {WhoDimension.PHYSICAL: "fysisk", WhoDimension.PSYCHOLOGICAL: "psykisk",
                       WhoDimension.SOCIAL: "social", WhoDimension.ENVIRONMENT: "naermiljoe"}
SPECIAL_CONDITION_CODES = {
    SpecialCondition.HOUSING: "bolig", SpecialCondition.EMPLOYMENT: "beskaeftigelse",
    SpecialCondition.PERSONAL_HELP: "personlig_hjaelp", SpecialCondition.TREATMENT: "behandling",
    SpecialCondition.ASSISTIVE_DEVICES: "hjaelpemidler"}
SPECIAL_CONDITION_OF_CODE = {code: key.value for key, code in SPECIAL_CONDITION_CODES.items()}


def code_of(codes: dict, key: str) -> str:
    """The file's code for a stored key; a key with no code (not one of ours) is passed on as it is."""
    return codes.get(key, key)


def kl(code: tuple[str, str]) -> dict:
    return {"coding": [{"system": KL_CODES, "code": code[0], "display": code[1]}]}


def has_kl(concepts: list | None, code: tuple[str, str]) -> bool:
    """Whether any CodeableConcept (as dicts or models) carries KL's code."""
    for concept in concepts or []:
        concept = concept if isinstance(concept, dict) else concept.model_dump(exclude_none=True)
        if any(c.get("system") == KL_CODES and c.get("code") == code[0] for c in concept.get("coding") or []):
            return True
    return False
