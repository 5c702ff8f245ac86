"""Raw inputs are archived, content-addressed, before anything parses them.

An archived file is written once (temporary name, then an atomic rename) and made read-only;
its SHA-256 is the identity by which a re-delivered file is recognised.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchivedFile:
    original_name: str
    sha256: str
    size: int
    archive_path: Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_file(path: Path, archive_dir: Path) -> ArchivedFile:
    """Copy ``path`` into the archive under its checksum (idempotent)."""
    path = Path(path)
    sha = sha256_of(path)
    target_dir = archive_dir / sha[:2] / sha
    target = target_dir / path.name
    if not target.exists():
        target_dir.mkdir(parents=True, exist_ok=True)
        tmp = target_dir / f".{path.name}.{os.getpid()}.part"
        shutil.copyfile(path, tmp)
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    return ArchivedFile(original_name=path.name, sha256=sha, size=path.stat().st_size, archive_path=target)


def quarantine_file(path: Path, quarantine_dir: Path, batch_id: int, reason: str) -> Path:
    """Keep a rejected file beside a note saying why, for the data engineer to fix and resend."""
    target_dir = quarantine_dir / f"batch-{batch_id}"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / Path(path).name
    if not target.exists():
        shutil.copyfile(path, target)
    (target_dir / "REASON.txt").write_text(reason + "\n", encoding="utf-8")
    return target
