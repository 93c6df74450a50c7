"""Temporary files beside a target, renamed over it once complete: an output is whole or absent."""

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


def write_text_atomically(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file: whole or not at all."""
    from .errors import OutputError

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_beside(target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    try:
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
