"""The card a professional hands over: a one-time code, its link and QR code, and when it expires."""

import segno

from citizenplan import i18n, routes
from citizenplan.auth.invitations import Handover
from citizenplan.settings import get_settings
from citizenplan.state.tab_owner import TabOwnerState


class HandoverState(TabOwnerState):
    """Shown once to the person who made the code; cleared when they close it."""

    name: str = ""
    code: str = ""
    link: str = ""
    expires: str = ""
    qr: str = ""
    _person_id: int | None = None  # whom the code on the card is for (kept on the server)

    def _show(self, handover: Handover, locale: str) -> None:
        link = routes.activation_link(get_settings().public_url, handover.code)
        self.name = handover.display_name
        self.code = handover.spoken_code
        self.link = link
        self.expires = i18n.date_time(handover.expires_at, locale)  # a fresh start's code lives hours
        self.qr = segno.make(link, error="m").svg_data_uri(scale=5, border=2)
        self._person_id = handover.person_id

    def _withdrawn(self, person_id: int) -> None:
        """The person was removed: their code no longer works, so its card goes."""
        if self._person_id == person_id:
            self.close()

    def close(self):
        self.name = self.code = self.link = self.expires = self.qr = ""
        self._person_id = None
