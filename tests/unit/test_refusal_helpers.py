"""The helpers that assert a refusal (tests/support/refusals.py) tell an access refusal from any other."""

import pytest

from citizenplan.domain.errors import AccessDenied, NotFound, UserError
from tests.support.refusals import denied, plain_refusal


def _raise(error: Exception):
    def call():
        raise error
    return call


def test_denied_takes_an_access_refusal_and_nothing_else():
    assert isinstance(denied(_raise(AccessDenied())), AccessDenied)
    for other in (UserError("Feltet må ikke være tomt."), NotFound()):
        with pytest.raises(type(other)):  # not caught: the test fails on it
            denied(_raise(other))
    with pytest.raises(pytest.fail.Exception):
        denied(lambda: None)


def test_a_plain_refusal_is_any_user_error_but_an_access_refusal():
    assert plain_refusal(_raise(UserError("Feltet må ikke være tomt."))).message == "Feltet må ikke være tomt."
    assert isinstance(plain_refusal(_raise(NotFound())), NotFound)
    with pytest.raises(AssertionError, match="denied"):
        plain_refusal(_raise(AccessDenied()))
    with pytest.raises(pytest.fail.Exception):
        plain_refusal(lambda: None)
