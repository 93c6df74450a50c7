"""The one way an output reaches the disk: a temporary file beside the target, renamed over it once
complete, so that an output is whole or absent.

Writers are pure (``render(article, options)`` gives bytes); the library, the bulletin and the
explain outputs all write through :func:`write_bytes_atomically`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

# File names are limited to 255 bytes; mkstemp adds "." + 8 random characters + ".part" to the prefix.
_PREFIX_BYTES = 200


def partial_prefix(name: str) -> str:
    """The start of the temporary names for an output called ``name``: ``.NAME.`` with NAME cut to fit.

    Cut on a character boundary, so that a legal 250-byte output name does not give an illegal
    temporary one. A name that is not UTF-8 (surrogate escapes) keeps its bytes as they are.
    """
    try:
        return "." + name.encode("utf-8")[:_PREFIX_BYTES].decode("utf-8", "ignore") + "."
    except UnicodeEncodeError:
        return "." + name.encode("utf-8", "surrogateescape")[:_PREFIX_BYTES].decode("utf-8", "surrogateescape") + "."


def temporary_beside(target: Path) -> Path:
    """A new empty file in ``target``'s folder named ``.NAME.XXXXXXXX.part`` (mode 0600; see partial_prefix)."""
    fd, tmp_name = tempfile.mkstemp(prefix=partial_prefix(target.name), suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(tmp_name)


def remove_partials(targets: Iterable[str | Path]) -> None:
    """Delete the temporary files a write to each of ``targets`` leaves when its process is killed."""
    for target in targets:
        path = Path(target)
        # The same (possibly cut) prefix temporary_beside gave them: a long name's leftovers are found too.
        prefix = glob.escape(partial_prefix(path.name))
        for leftover in glob.glob(os.path.join(glob.escape(str(path.parent)), f"{prefix}*.part")):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def fill(tmp: Path, data: bytes) -> None:
    """Put ``data`` in the temporary file (a seam: the batch's test faults act between this and the rename)."""
    tmp.write_bytes(data)


def write_bytes_atomically(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file: whole or not at all (OutputError).

    An interrupted or failed write leaves any earlier file at ``target`` untouched and no
    temporary file behind.
    """
    from .errors import OutputError

    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_beside(target)
    except OSError as exc:
        # "File exists" / "Not a directory" alone would not say which part of the path is in the way.
        blocker = next((p for p in (target.parent, *target.parent.parents) if p.exists() and not p.is_dir()), None)
        why = f"{blocker} is a file, not a folder" if blocker is not None else (exc.strerror or str(exc))
        raise OutputError(f"{target}: cannot write ({why})") from exc
    try:
        fill(tmp, data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are ordinary documents
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_text_atomically(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file: whole or not at all."""
    write_bytes_atomically(target, text.encode("utf-8"))
