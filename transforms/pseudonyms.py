"""Keyed pseudonyms for NIKs.

The NIK space is small enough to enumerate, so a plain hash would be reversible; only an
HMAC-SHA256 under a secret key (never in the repository) is a pseudonym. The same key gives
the same pseudonym across batches, which is what lets auditors find a person funded twice.
"""

from __future__ import annotations

import hmac

from core.errors import ConfigurationError
from core.settings import get_settings

MIN_KEY_BYTES = 16
PSEUDONYM_HEX_CHARS = 32


class Pseudonymiser:
    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ConfigurationError(f"the pseudonym key must be at least {MIN_KEY_BYTES} bytes")
        self._key = key

    def pseudonym(self, nik: str) -> str:
        # hmac.digest: the same HMAC-SHA256 in one call (a roster asks for a million of them)
        return hmac.digest(self._key, nik.encode("ascii"), "sha256").hex()[:PSEUDONYM_HEX_CHARS]

    def __repr__(self) -> str:  # never show the key
        return "Pseudonymiser(key=<hidden>)"

    @classmethod
    def from_settings(cls) -> Pseudonymiser:
        secret = get_settings().pseudonym_key
        if secret is None or not secret.get_secret_value():
            raise ConfigurationError(
                "PANTAU_PSEUDONYM_KEY is not set: rosters carry NIKs and are only read with a secret key "
                "for keyed pseudonyms (set it from your secret store; it is never defaulted)")
        return cls(secret.get_secret_value().encode("utf-8"))
