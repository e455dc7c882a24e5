"""The life areas as chips."""

from citizenplan.domain.flow import Choice
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS

LIFE_AREA_CHOICES = tuple(Choice(area.value, label) for area, label in LIFE_AREA_LABELS.items())
