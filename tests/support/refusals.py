"""The refusal a call raises, asserted as the refusal a test means.

- `denied(call)`: an access refusal, `AccessDenied` (the policy said no; its audit record rides along).
- `plain_refusal(call)`: any other `UserError` (bad input, gone, a rule): what the person is told. An access
  refusal fails it, so a test of bad input cannot pass on a call that was refused for another reason, and a
  test of access must say so with `denied`.
"""

import pytest

from citizenplan.domain.errors import AccessDenied, UserError


def denied(call) -> AccessDenied:
    """The AccessDenied a call raises; any other error, or none, fails the test."""
    with pytest.raises(AccessDenied) as caught:
        call()
    return caught.value


def plain_refusal(call) -> UserError:
    """The UserError a call raises that is not an access refusal (for that, use `denied`)."""
    with pytest.raises(UserError) as caught:
        call()
    assert not isinstance(caught.value, AccessDenied), "an access refusal: assert it with denied()"
    return caught.value
