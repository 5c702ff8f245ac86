"""What is masked before text is stored, logged or printed: the one home of these rules.

- **NIK and KK numbers** (both 16 digits) in every spelling people write them: a run of 16 digits,
  or 16 digits in groups separated by single spaces, dashes or dots ("1571 0203 0405 0006",
  "1571-0203-0405-0006"), not part of a longer number;
- **secrets in URLs**: a password in the authority part, a token or key in the query.
"""

from __future__ import annotations

import re

NIK_REDACTED = "<nik-redacted>"
_SEP = r"[ \-.]"
NIK_LIKE = re.compile(rf"(?<!\d)(?<!\d{_SEP})\d(?:{_SEP}?\d){{15}}(?!{_SEP}?\d)")
NIK_LIKE_BYTES = re.compile(NIK_LIKE.pattern.encode())
_URL_PASSWORD = re.compile(r"://([^:/@]+):[^@]*@")
_URL_SECRET_PARAM = re.compile(r"([?&](?:token|api_key|key|access_token|password)=)[^&#]+", re.IGNORECASE)


def mask_nik(text: str) -> str:
    """``text`` with every NIK- or KK-like number replaced by :data:`NIK_REDACTED`."""
    return NIK_LIKE.sub(NIK_REDACTED, text)


def mask_nik_bytes(data: bytes) -> bytes:
    return NIK_LIKE_BYTES.sub(NIK_REDACTED.encode(), data)


def has_nik(text: str) -> bool:
    return NIK_LIKE.search(text) is not None


def redact_url(url: str) -> str:
    """A URL fit to print: a password or a token in it replaced by ``***``."""
    return _URL_SECRET_PARAM.sub(r"\1***", _URL_PASSWORD.sub(r"://\1:***@", url))
