"""Writing outputs: atomically, and byte-for-byte the same for the same input.

A .docx is a zip whose entries carry the time they were written; rewriting
it with one fixed timestamp and the original entry order makes two builds
identical. The bytes go to a temporary file beside the target, then
``os.replace`` swaps it in, so a killed build never leaves a truncated file:
a reader sees the previous output or the new one, whole. A build killed
before the swap may leave its hidden temporary file (``.name.docx.*.tmp``)
behind; it is never mistaken for an output, and ``make clean`` removes it.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from kehoach.base.system import WRITE, SystemFault

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps, attributes and compression."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; the directory is created if needed.

    Any refusal of the system (disk full, no permission, a folder where the
    file should go…) is raised as :class:`~kehoach.base.system.SystemFault`
    naming ``path``, after the temporary file is removed: the target is left
    as it was.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, data)
    except OSError as error:
        raise SystemFault(WRITE, path, error) from error
    _sync_directory(path.parent)


def _replace(path: Path, data: bytes) -> None:
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable: after a power cut the new name must point at the data.

    Best effort: some systems (Windows, some network filesystems) cannot
    open or sync a directory, and the rename is already atomic without it.
    """
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
