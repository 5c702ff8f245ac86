"""Raw inputs are archived, content-addressed, before anything parses them.

An archived file is written once (temporary name, then an atomic rename) and made read-only;
its SHA-256 is the identity by which a re-delivered file is recognised.

Only regular files are read (:func:`open_regular`): a symbolic link (to ``/proc/self/environ``,
``/etc/passwd``), a FIFO, a device or a directory is refused before a byte of it is copied, so
nothing it points at reaches the archive or the quarantine.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from core.errors import InputRejected
from core.redact import mask_nik_in_name

CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchivedFile:
    original_name: str
    sha256: str
    size: int
    archive_path: Path


def describe_non_regular(mode: int) -> str | None:
    """What a file of this ``lstat`` mode is, when it is not a regular file (None: it is one)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    return "is not a regular file"


def refuse_non_regular(path: Path, shown: str | None = None) -> None:
    """Raise InputRejected unless ``path`` itself (not what a link points at) is a regular file."""
    shown = shown or mask_nik_in_name(str(path))
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        raise InputRejected(shown, "no such file") from None
    except OSError as exc:
        raise InputRejected(shown, f"cannot be read: {exc.strerror}") from None
    what = describe_non_regular(mode)
    if what is not None:
        raise InputRejected(shown, f"{what}: only regular files are read")


def open_regular(path: Path, shown: str | None = None) -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file, never through a link.

    ``O_NOFOLLOW`` refuses a link in the last component, ``O_NONBLOCK`` keeps a FIFO from
    blocking the open, and the open descriptor is checked again (``fstat``), so a file swapped
    for a link between the check and the open is refused too.
    """
    shown = shown or mask_nik_in_name(str(path))
    refuse_non_regular(path, shown)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if os.path.islink(path):
            raise InputRejected(shown, "is a symbolic link: only regular files are read") from None
        raise InputRejected(shown, f"cannot be read: {exc.strerror}") from None
    what = describe_non_regular(os.fstat(fd).st_mode)
    if what is not None:
        os.close(fd)
        raise InputRejected(shown, f"{what}: only regular files are read")
    return os.fdopen(fd, "rb")


def _place(archive_dir: Path, sha: str, name: str, write: Callable[[Path], object]) -> Path:
    """Write once under ``<sha[:2]>/<sha>/<name>``: a temporary name, read-only, then an atomic rename."""
    target_dir = archive_dir / sha[:2] / sha
    target = target_dir / name
    if not target.exists():
        target_dir.mkdir(parents=True, exist_ok=True)
        # Not derived from ``name``: a file name near the 255-byte limit must still fit.
        tmp = target_dir / f".part-{os.getpid()}"
        write(tmp)
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    return target


def archive_file(path: Path, archive_dir: Path) -> ArchivedFile:
    """Copy ``path`` into the archive under its checksum (idempotent), named as it was with any NIK in
    its name masked (``original_name`` too).

    A missing file, a link, a FIFO, a device or a directory is refused (InputRejected) before
    anything is copied; the bytes hashed are the bytes copied (one open descriptor).
    """
    path = Path(path)
    name = mask_nik_in_name(path.name)
    with open_regular(path) as handle:
        digest = hashlib.sha256()
        staging = archive_dir / ".incoming"
        staging.mkdir(parents=True, exist_ok=True)
        tmp = staging / f"{os.getpid()}-{id(handle)}.part"
        try:
            with tmp.open("wb") as out:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            size = tmp.stat().st_size
            target = _place(archive_dir, sha, name, lambda part: os.replace(tmp, part))
        finally:
            tmp.unlink(missing_ok=True)
    return ArchivedFile(original_name=name, sha256=sha, size=size, archive_path=target)


def archive_bytes(content: bytes, archive_dir: Path, name: str) -> ArchivedFile:
    """Archive fetched bytes (a news page, a response) under their checksum (idempotent)."""
    sha = hashlib.sha256(content).hexdigest()
    target = _place(archive_dir, sha, name, lambda tmp: tmp.write_bytes(content))
    return ArchivedFile(original_name=name, sha256=sha, size=len(content), archive_path=target)


def quarantine_file(path: Path, quarantine_dir: Path, batch_id: int, reason: str, name: str | None = None) -> Path:
    """Keep a rejected file beside a note saying why, for the data engineer to fix and resend.

    ``path`` is best the archived copy (what was parsed, still there when the delivered file has
    been moved away); ``name`` the name to keep it under (default: its own, NIKs masked)."""
    target_dir = quarantine_dir / f"batch-{batch_id}"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / mask_nik_in_name(name or Path(path).name)
    if not target.exists():
        with open_regular(Path(path)) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
    (target_dir / "REASON.txt").write_text(reason + "\n", encoding="utf-8")
    return target


REASON_FILE = "reason.json"


def set_aside(path: Path, rejected_dir: Path, batch_id: int, reason: str, *, move: bool,
              details: dict[str, object] | None = None) -> Path:
    """Put a rejected file in the rejected folder with its reason beside it; returns where it went.

    ``move`` takes it out of the drop folder (so the next run does not ingest it again); otherwise
    (a file named on the command line, kept where its owner put it) a copy goes there. Beside it:
    ``reason.json`` (file, batch, reason, time and ``details``) and ``REASON.txt`` (the reason alone).
    """

    path = Path(path)
    target_dir = rejected_dir / f"batch-{batch_id}"
    target_dir.mkdir(parents=True, exist_ok=True)
    name = mask_nik_in_name(path.name)
    target = target_dir / name
    if target.exists():  # the archived copy, kept at rejection (:func:`quarantine_file`): what was parsed
        if move:
            path.unlink(missing_ok=True)
    else:
        moved = False
        if move:
            try:
                os.replace(path, target)  # a link or FIFO moves as what it is, unopened
                moved = True
            except OSError:
                moved = False  # another file system: copied below, then removed
        if not moved and path.is_file():
            with open_regular(path) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
            if move:
                path.unlink(missing_ok=True)
    note = {"file": name, "batch_id": batch_id, "reason": reason, "original_path": str(path.parent / name),
            "moved": move, "rejected_at": datetime.now(UTC).isoformat(timespec="seconds"), **(details or {})}
    (target_dir / REASON_FILE).write_text(json.dumps(note, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (target_dir / "REASON.txt").write_text(reason + "\n", encoding="utf-8")
    return target


def rejected_files(rejected_dir: Path) -> list[dict[str, object]]:
    """What the rejected folder holds, oldest batch first: each file's note, with ``path`` added."""

    notes: list[dict[str, object]] = []
    if not rejected_dir.is_dir():
        return notes
    for note_path in rejected_dir.glob(f"batch-*/{REASON_FILE}"):
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        note["path"] = str(note_path.parent / str(note.get("file", "")))
        notes.append(note)
    return sorted(notes, key=lambda n: int(str(n.get("batch_id", 0))))
