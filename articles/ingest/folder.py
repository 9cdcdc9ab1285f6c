"""A watched folder: which files are ready, and moving each one atomically as it is dealt with.

A file is claimed by renaming it into ``processing/`` (one ``os.replace``, atomic
on one file system, so two pollers never take the same file), imported in one
transaction, then renamed into ``done/`` or ``failed/``. A poll killed mid-file
leaves it in ``processing/`` with nothing committed; the next poll takes it
again first. Killed after the commit but before the move, the retry finds every
story already imported and creates nothing. Hidden files and names ending in
``.part`` or ``.tmp`` are never taken, nor a file changed in the last
``INGEST_SETTLE_SECONDS`` (it may still be being copied in).
"""

import os
import time
from pathlib import Path

from django.conf import settings

PROCESSING, DONE, FAILED = "processing", "done", "failed"
UNFINISHED_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload")


class FolderMissing(Exception):
    pass


def ready_files(folder):
    """Files to import, oldest claim first: those a killed poll left in ``processing/``, then new ones."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FolderMissing(f"{folder} is not a folder on this server")
    for name in (PROCESSING, DONE, FAILED):
        (folder / name).mkdir(exist_ok=True)
    settled_before = time.time() - settings.INGEST_SETTLE_SECONDS
    left_over = sorted(p for p in (folder / PROCESSING).iterdir() if p.is_file())
    new = sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(UNFINISHED_SUFFIXES)
        and p.stat().st_mtime <= settled_before
    )
    return [*left_over, *new]


def claim(path):
    """Move ``path`` into ``processing/`` (if it is not there yet); return where it is now."""
    if path.parent.name == PROCESSING:
        return path
    target = path.parent / PROCESSING / path.name
    os.replace(path, target)
    return target


def file_away(path, *, failed):
    """Move a claimed file into ``done/`` or ``failed/`` next to ``processing/``, never over another file."""
    folder = path.parent.parent / (FAILED if failed else DONE)
    target = folder / path.name
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}.{n}{path.suffix}"
    os.replace(path, target)
    return target
