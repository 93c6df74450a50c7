"""Temporary files beside a target, renamed over it once complete: an output is whole or absent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# File names are limited to 255 bytes; mkstemp adds "." + 8 random characters + ".part" to the prefix.
_PREFIX_BYTES = 200


def temporary_beside(target: Path) -> Path:
    """A new empty file in ``target``'s folder named ``.NAME.XXXXXXXX.part`` (mode 0600).

    NAME is the target's name cut to fit, on a character boundary: a legal 250-byte output name
    would otherwise give an illegal temporary one.
    """
    name = target.name.encode("utf-8")[:_PREFIX_BYTES].decode("utf-8", "ignore")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(tmp_name)


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
