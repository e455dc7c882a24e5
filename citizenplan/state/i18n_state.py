"""The UI catalogue for the tab's language: pages show `I18nState.t[msgid]`, never a frozen string."""

import reflex as rx

from citizenplan import i18n

SET_HTML_LANG = "document.documentElement.lang = {lang!r};"


class I18nState(rx.State):
    locale: str = i18n.SOURCE_LOCALE
    t: dict[str, str] = i18n.catalogue(i18n.SOURCE_LOCALE)

    def _use(self, locale: str, also: str = ""):
        """Switch this tab's texts; returns the script that keeps <html lang> true (and runs `also`, another
        of her choices for the page as a whole: state/session.py's easy-read)."""
        locale = i18n.supported(locale)
        if locale != self.locale:
            self.locale = locale
            self.t = i18n.catalogue(locale)
        return rx.call_script(SET_HTML_LANG.format(lang=locale) + also)

    @rx.event
    def choose(self, locale: str):
        """Before login: the language of this tab only."""
        return self._use(locale)
