"""Errors a person can act on. The message is a Danish gettext msgid; the UI translates it."""

from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


class UserError(Exception):
    """Something the user can fix; `message` is plain Danish, `params` fill its {placeholders}."""

    def __init__(self, message: str, field: str = "", **params: Any):
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params


class AccessDenied(UserError):
    """A refusal. The audit record rides along, for db.session_scope to keep after its rollback."""

    def __init__(self, audit: object | None = None) -> None:
        super().__init__(N_("Det har du ikke adgang til."))
        self.records_after_rollback = [audit] if audit is not None else []


class NotAuthenticated(UserError):
    def __init__(self) -> None:
        super().__init__(N_("Du er ikke logget ind. Log ind igen."))


class NotFound(UserError):
    """Something that is not there: gone, or never there (a malformed or forged id). Both are said the same
    way, so a forged id learns nothing a stale link would not."""

    def __init__(self) -> None:
        super().__init__(N_("Det findes ikke længere."))
