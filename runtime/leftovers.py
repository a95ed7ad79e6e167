"""Temporary files a killed render leaves, and how the next render finds them.

Every temporary name a render makes (its scratch folder, a partial output
beside the film, a cache temp file) carries `pid_tag()`: the machine's
name and the process id. SIGKILL gives a render no chance to clean up, so
the next render does it: `owner_is_gone` says whether a tagged name's
process has exited (on this machine; another machine's, sharing a folder,
cannot be asked), and `remove_dead` removes, among given names, those of
processes that are gone. Nothing here reads the environment beyond the
system's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

__all__ = ["RENDER_TEMP_PREFIX", "owner_is_gone", "partial_prefix", "pid_tag", "remove_dead",
           "remove_dead_beside", "remove_dead_render_temps"]

RENDER_TEMP_PREFIX = "scenec-render-"  # a render's scratch folder in the system's temporary folder


def pid_tag() -> str:
    """`<host>~<pid>~`: marks a temporary name as this process's."""
    host = "".join(c if c.isalnum() or c in "-_" else "_" for c in socket.gethostname())[:40] or "host"
    return f"{host}~{os.getpid()}~"


def partial_prefix(output: Path) -> str:
    """How the partial files of a film being written to `output` begin (before their pid tag)."""
    return f".{output.stem}.partial-"


def owner_is_gone(name: str, prefix: str) -> bool | None:
    """For a name `prefix + pid_tag() + …`: True when its process has exited on this machine, False
    when it still runs, None when that cannot be told (another machine's, or a name without a tag)."""
    if not name.startswith(prefix):
        return None
    host, sep, rest = name[len(prefix):].partition("~")
    pid_text, sep2, _ = rest.partition("~")
    if not (sep and sep2 and pid_text.isdigit()) or host != pid_tag().split("~")[0]:
        return None
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):  # alive and someone else's; or not a pid at all
        return False
    return False


def remove_dead(folder: Path, prefix: str) -> int:
    """Remove the entries of `folder` named `prefix + tag…` whose process is gone; returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if owner_is_gone(entry.name, prefix) is not True:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:  # removed meanwhile, or not ours to remove
            continue
        removed += 1
    return removed


def remove_dead_beside(output: Path) -> int:
    """Partial files of `output` left beside it by renders that were killed."""
    return remove_dead(output.parent, partial_prefix(output))


def remove_dead_render_temps() -> int:
    """Scratch folders killed renders left in the system's temporary folder."""
    return remove_dead(Path(tempfile.gettempdir()), RENDER_TEMP_PREFIX)
