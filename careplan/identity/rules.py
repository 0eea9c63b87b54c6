"""The rules of invitation links and codes: no I/O, no framework.

Only a secret's SHA-256 is stored, and a code given is compared with it in constant time. A
one-time code's first part is a handle from which its row's id is derived (uuid5), its
second a secret: the code alone finds its row, so wrong tries count against that code.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

MAX_ATTEMPTS = 5
# No 0/O, 1/I/L, U/V look-alikes: read aloud or copied from a note without mistakes.
HANDLE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
HANDLE_LENGTH = 5
CODE_NAMESPACE = uuid.UUID("6f0d7a4e-3c2b-4b8e-9a51-0c1d2e3f4a5b")


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def same(code: str, stored_sha256: str) -> bool:
    return hmac.compare_digest(sha256(code), stored_sha256)


def code_id(handle: str) -> uuid.UUID:
    """The id of the one-time code whose handle this is."""
    return uuid.uuid5(CODE_NAMESPACE, handle)
