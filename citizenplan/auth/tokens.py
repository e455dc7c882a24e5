"""Random secrets and their stored form: only a SHA-256 of a secret is ever written down."""

import hashlib
import secrets

# No 0/O, 1/I/L: a code is read aloud over the phone or copied from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """Accept a code as people type it: any case, with spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isascii() and ch.isalnum())


def display_code(code: str) -> str:
    """Groups of three or four, easy to read aloud: 'ABCD-EFG-HJK'."""
    return f"{code[:4]}-{code[4:7]}-{code[7:]}"
