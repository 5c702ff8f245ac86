"""Raw inputs are archived, content-addressed, before anything parses them.

An archived file is written once (temporary name, then an atomic rename) and made read-only;
its SHA-256 is the identity by which a re-delivered file is recognised.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputRejected

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


def _place(archive_dir: Path, sha: str, name: str, write: Callable[[Path], object]) -> Path:
    """Write once under ``<sha[:2]>/<sha>/<name>``: a temporary name, read-only, then an atomic rename."""
    target_dir = archive_dir / sha[:2] / sha
    target = target_dir / name
    if not target.exists():
        target_dir.mkdir(parents=True, exist_ok=True)
        tmp = target_dir / f".{name}.{os.getpid()}.part"
        write(tmp)
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    return target


def archive_file(path: Path, archive_dir: Path) -> ArchivedFile:
    """Copy ``path`` into the archive under its checksum (idempotent); a missing file is refused."""
    path = Path(path)
    if not path.is_file():
        raise InputRejected(str(path), "no such file")
    sha = sha256_of(path)
    target = _place(archive_dir, sha, path.name, lambda tmp: shutil.copyfile(path, tmp))
    return ArchivedFile(original_name=path.name, sha256=sha, size=path.stat().st_size, archive_path=target)


def archive_bytes(content: bytes, archive_dir: Path, name: str) -> ArchivedFile:
    """Archive fetched bytes (a news page, a response) under their checksum (idempotent)."""
    sha = hashlib.sha256(content).hexdigest()
    target = _place(archive_dir, sha, name, lambda tmp: tmp.write_bytes(content))
    return ArchivedFile(original_name=name, sha256=sha, size=len(content), archive_path=target)


def quarantine_file(path: Path, quarantine_dir: Path, batch_id: int, reason: str) -> Path:
    """Keep a rejected file beside a note saying why, for the data engineer to fix and resend."""
    target_dir = quarantine_dir / f"batch-{batch_id}"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / Path(path).name
    if not target.exists():
        shutil.copyfile(path, target)
    (target_dir / "REASON.txt").write_text(reason + "\n", encoding="utf-8")
    return target
