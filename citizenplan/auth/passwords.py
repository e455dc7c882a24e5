"""Password hashing (argon2 through passlib) and the NIST SP 800-63B rules for a new password.

Every argon2 call runs in the ARGON2 lane (citizenplan/offload.py): never more at once than there are
cores, at a lower CPU priority than the pages people are waiting for, and within a CPU budget."""

from functools import lru_cache
from pathlib import Path

from passlib.context import CryptContext

from citizenplan import offload
from citizenplan.domain.errors import N_, UserError
from citizenplan.settings import get_settings

MIN_LENGTH = 8
MAX_LENGTH = 128


@lru_cache(maxsize=4)
def _context(memory_kib: int, time_cost: int) -> CryptContext:
    return CryptContext(
        schemes=["argon2"],
        argon2__memory_cost=memory_kib,
        argon2__time_cost=time_cost,
        argon2__parallelism=offload.ARGON2_PARALLELISM,
    )


def context() -> CryptContext:
    settings = get_settings()
    return _context(settings.argon2_memory_kib, settings.argon2_time_cost)


def hash_password(password: str) -> str:
    return offload.ARGON2.call(_hash, context(), password)


def verify_and_update(password: str, stored_hash: str | None) -> tuple[bool, str | None]:
    """(matches, new hash when the cost settings changed since it was made)."""
    return offload.ARGON2.call(_verify_and_update, context(), password, stored_hash)


def _hash(crypt: CryptContext, password: str) -> str:
    return crypt.hash(password)


def _verify_and_update(crypt: CryptContext, password: str, stored_hash: str | None) -> tuple[bool, str | None]:
    if not stored_hash:
        crypt.dummy_verify()  # the same work as a real check, so timing tells nothing
        return False, None
    return crypt.verify_and_update(password, stored_hash)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """zxcvbn's list of the 30,000 most used passwords plus our own Danish ones."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    danish = Path(__file__).with_name("common_passwords_da.txt").read_text(encoding="utf-8").split()
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(word.casefold() for word in danish)


def check_new_password(password: str, repeated: str, username: str = "") -> None:
    """Raise UserError with a plain message when a chosen password will not do."""
    if len(password) < MIN_LENGTH:
        raise UserError(N_("Adgangskoden skal have mindst {count} tegn."), field="password", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise UserError(N_("Adgangskoden må højst have {count} tegn."), field="password", count=MAX_LENGTH)
    lowered = password.casefold()
    if lowered in common_passwords() or (username and username.casefold() in lowered):
        raise UserError(
            N_("Den adgangskode er for let at gætte. Prøv fx tre ord, du kan huske."), field="password"
        )
    if password != repeated:
        raise UserError(N_("De to adgangskoder er ikke ens. Skriv den samme to gange."), field="repeat")
