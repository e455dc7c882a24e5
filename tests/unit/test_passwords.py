"""A new password follows NIST SP 800-63B: length and a list of common ones, no composition rules."""

import pytest

from citizenplan.auth import passwords
from citizenplan.auth.passwords import check_new_password
from citizenplan.domain.errors import UserError

PASSPHRASE = "grøn cykel ved åen"


def _refusal(password: str, repeated: str | None = None, username: str = "") -> UserError:
    with pytest.raises(UserError) as caught:
        check_new_password(password, password if repeated is None else repeated, username)
    return caught.value


def _of_length(n: int) -> str:
    return ((PASSPHRASE + " ") * 10)[:n]


def test_a_password_shorter_than_eight_characters_is_refused():
    error = _refusal("ab3$x9Z")
    assert error.field == "password" and error.params == {"count": 8}
    assert "mindst" in error.message
    check_new_password("ab3$x9Zq", "ab3$x9Zq")


@pytest.mark.parametrize("length", [64, 128])
def test_long_passwords_up_to_128_characters_are_accepted(length):
    password = _of_length(length)
    assert len(password) == length
    check_new_password(password, password)


def test_a_password_longer_than_128_characters_is_refused():
    error = _refusal(_of_length(129))
    assert error.field == "password" and error.params == {"count": 128}
    assert "højst" in error.message


@pytest.mark.parametrize("common", ["password1", "kodeord123", "sommer2025", "hejmeddig", "Sommer2025", "PASSWORD1"])
def test_a_common_password_is_refused_whatever_its_case(common):
    error = _refusal(common)
    assert error.field == "password" and "let at gætte" in error.message


def test_a_password_that_contains_the_user_name_is_refused():
    error = _refusal("xx-mette.holm-2026", username="mette.holm")
    assert error.field == "password" and "let at gætte" in error.message
    assert _refusal("METTE.HOLM is here", username="mette.holm").field == "password"


def test_there_are_no_composition_rules_a_lowercase_passphrase_is_fine():
    check_new_password(PASSPHRASE, PASSPHRASE, "mette.holm")
    check_new_password("hestesko og kaffe", "hestesko og kaffe")


def test_the_repeated_password_must_match():
    error = _refusal(PASSPHRASE, repeated=PASSPHRASE + " ")
    assert error.field == "repeat" and "ikke ens" in error.message


def test_a_hash_verifies_the_right_password_only():
    stored = passwords.hash_password(PASSPHRASE)
    assert stored.startswith("$argon2") and PASSPHRASE not in stored
    assert passwords.verify_and_update(PASSPHRASE, stored)[0] is True
    assert passwords.verify_and_update(PASSPHRASE.upper(), stored)[0] is False
    assert passwords.verify_and_update(PASSPHRASE, None) == (False, None)
