"""Folders that hold personal data are the app's alone: folders 0700, files 0600.

The SQLite database (data/) and Reflex's state store on disk (.states/, pickles of each tab's state tree:
the texts a page showed) both hold a citizen's words. Nobody else on the server may read them.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_UMASK = 0o077


def keep_private(folder: Path) -> None:
    """Make `folder` (if missing) and close it and everything already in it to other users."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        path.chmod(0o700 if path.is_dir() else 0o600)


def private_from_now_on() -> None:
    """Files this process creates from now on are its own (SQLite's journal, each state pickle)."""
    os.umask(PRIVATE_UMASK)


@contextmanager
def only_mine() -> Iterator[None]:
    """Files made inside are this process's alone; the umask is put back after (a test may call the CLI)."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)
