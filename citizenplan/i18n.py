"""Babel: catalogues from locales/, the per-locale UI catalogue sent to the browser, dates and durations."""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime, format_timedelta
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from citizenplan.clock import DANISH_TIME
from citizenplan.domain.errors import UserError
from citizenplan.domain.vocabulary import LOCALES

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
SOURCE_LOCALE = "da"


def supported(locale: str | None) -> str:
    return locale if locale in LOCALES else SOURCE_LOCALE


@lru_cache(maxsize=len(LOCALES))
def translations(locale: str) -> NullTranslations:
    if locale == SOURCE_LOCALE:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [locale], domain="messages")


@lru_cache(maxsize=1)
def message_ids() -> tuple[str, ...]:
    """Every msgid in the template, in file order."""
    with open(LOCALE_DIR / "messages.pot", "rb") as handle:
        return tuple(m.id for m in read_po(handle) if m.id and isinstance(m.id, str))


def gettext(locale: str, message: str) -> str:
    return translations(supported(locale)).gettext(message)


@lru_cache(maxsize=len(LOCALES))
def catalogue(locale: str) -> dict[str, str]:
    """{Danish msgid: text in `locale`} for every message: what the pages show, sent once per session."""
    return {msgid: gettext(locale, msgid) for msgid in message_ids()}


def _danish_time(value: datetime) -> datetime:
    """Stored in UTC; shown as it is in Denmark."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(DANISH_TIME)


def long_date(value: date | datetime, locale: str) -> str:
    """'23. november 2026' in Danish, 'November 23, 2026' in English."""
    if isinstance(value, datetime):
        value = _danish_time(value).date()
    return format_date(value, format="long", locale=Locale.parse(supported(locale)))


def date_time(value: datetime, locale: str) -> str:
    return format_datetime(_danish_time(value),
                           format="d. MMMM y HH:mm" if supported(locale) == "da" else "MMMM d, y HH:mm",
                           tzinfo=DANISH_TIME, locale=Locale.parse(supported(locale)))


def duration(value: timedelta, locale: str) -> str:
    return format_timedelta(value, threshold=1.0, locale=Locale.parse(supported(locale)))


def _format_param(value: Any, locale: str) -> Any:
    if isinstance(value, timedelta):
        return duration(value, locale)
    if isinstance(value, datetime | date):
        return long_date(value, locale)
    return value


def explain(error: UserError, locale: str) -> str:
    """A UserError as a sentence in the user's language."""
    params = {key: _format_param(value, locale) for key, value in error.params.items()}
    return gettext(locale, error.message).format(**params)


def translate(message: str, locale: str, **params: Any) -> str:
    return gettext(locale, message).format(**{k: _format_param(v, locale) for k, v in params.items()})


def ngettext(singular: str, plural: str, count: int, locale: str, **params: Any) -> str:
    """The singular or the plural text as the locale's plural rule asks for `count`, with {count} filled in:
    one message with its plural forms, not two hand-made messages. Babel extracts it as `ngettext:1,2`."""
    text = translations(supported(locale)).ngettext(singular, plural, count)
    return text.format(count=count, **{k: _format_param(v, locale) for k, v in params.items()})
