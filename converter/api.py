"""The library's public operations: read a saved page, write an article, convert in one call."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import field, replace
from pathlib import Path
from typing import Any, BinaryIO

from .atomic import write_bytes_atomically
from .diagnostics import Diagnostic
from .errors import OutputError, PortalconvError, UsageError
from .extract.article import extract
from .load.page import load
from .model import Article
from .normalise import normalise
from .options import ReadOptions, WriteOptions
from .page_names import page_stem
from .records import dataclass
from .user_files import read_stylesheet
from .writers import REGISTRY, Rendered


@dataclass(frozen=True, slots=True)
class Result:
    """A value with the warnings met while making it."""

    article: Article
    warnings: list[Diagnostic] = field(default_factory=list)


Source = str | os.PathLike[str] | bytes | BinaryIO
"""A saved page: its path, or its bytes, or a binary file object open on it (``open(p, "rb")``, stdin)."""


def read(source: Source, options: ReadOptions | None = None, *, fetch_remote: bool = False,
         whole_page: bool = False, root: str | os.PathLike[str] | None = None,
         base: str | os.PathLike[str] | None = None, name: str | None = None) -> Result:
    """Load, extract and normalise one saved page; remote images are fetched only when asked.

    A page file's resources are read from its own folder, or from ``root`` (which must hold the
    page), the top of a site mirror whose pages reference ``../../images/…``. A page given as bytes
    or a binary file object (HTML or MHTML, sniffed) has its resources inside the folder ``base``
    (``options.root`` when no ``base`` is given); a ``base`` that is an http(s) address makes them
    remote, fetched only with ``fetch_remote``; with neither, none is read from disk. ``name`` is
    what such a page is called in warnings and errors (default: the stream's own name, as
    ``"<stdin>"``, else ``"<bytes>"``). The reading options come as ``options`` or, the older
    spelling, as keywords (used only when ``options`` is not given).
    """
    if options is None:
        options = ReadOptions(whole_page=whole_page, fetch_remote=fetch_remote,
                              root=Path(root) if root is not None else None)
    remote = None
    if options.fetch_remote:
        from .load.remote import RemoteFetcher

        remote = RemoteFetcher()
    if isinstance(source, str | os.PathLike):
        page = load(Path(source), root=Path(options.root) if options.root is not None else None, remote=remote)
    else:
        from .load.page import load_bytes, read_stream

        where = name or _stream_name(source)
        data = bytes(source) if isinstance(source, bytes | bytearray | memoryview) else read_stream(source, where)
        if base is None:
            base = options.root
        page = load_bytes(data, where, base=os.fspath(base) if base is not None else None, remote=remote)
    article, warnings = extract(page, whole=options.whole_page)
    return Result(normalise(article), warnings)


def _stream_name(source: object) -> str:
    """What a page given as bytes is called in messages: a stream's own name ("<stdin>") or "<bytes>"."""
    name = getattr(source, "name", None)
    return name if isinstance(name, str) and name else "<bytes>" if isinstance(source, bytes | bytearray
                                                                              | memoryview) else "<stream>"


def read_as(path: str | os.PathLike[str], options: ReadOptions | None = None) -> Result:
    """:func:`read` with reading options (fetching, whole page, root) given as one value."""
    return read(path, options or ReadOptions())


def write(article: Article, target: str | os.PathLike[str], fmt: str,
          options: WriteOptions | None = None) -> list[Diagnostic]:
    """Write ``article`` as ``fmt`` to ``target`` atomically: a temp file renamed over the target.

    The writer renders bytes (it touches no file); :func:`converter.atomic.write_bytes_atomically`
    puts them on disk. An interrupted or failed write leaves any earlier file at ``target`` untouched.
    """
    if fmt not in REGISTRY:
        raise PortalconvError(f"unknown format {fmt!r} (choose from {', '.join(REGISTRY)})")
    target = Path(target)
    render = REGISTRY[fmt].load()
    try:
        rendered = render(article, options or WriteOptions())
    except OSError as exc:  # a renderer's I/O failure is this output's failure: name the output
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    write_bytes_atomically(target, rendered.data)
    return list(rendered.warnings)


def names_folder(output: str | os.PathLike[str]) -> bool:
    """Whether ``output`` is written as a folder: "out/" (pathlib would drop the slash)."""
    text = os.fspath(output)
    return text.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep))


def output_paths(source: Path, formats: list[str], output: str | os.PathLike[str] | None) -> dict[str, Path]:
    """Where each format goes: beside the page, into a folder, or to one named file.

    One format and a name with a suffix is that file; "out/" (a trailing slash), an existing folder
    or a name without a suffix is a folder.
    """
    exts = {fmt: REGISTRY[fmt].extension for fmt in formats}
    stem = page_stem(source.name)  # as a batch names it: "x.y.aspx" is x.y, a bare ".html" is index
    if output is None:
        return {fmt: source.with_name(stem + ext) for fmt, ext in exts.items()}
    path = Path(output)
    if len(formats) == 1 and not names_folder(output) and not path.is_dir() and path.suffix:
        return {formats[0]: path}
    return {fmt: path / (stem + ext) for fmt, ext in exts.items()}


def check_options(options: WriteOptions, formats: list[str]) -> None:
    """Refuse a bad --css or --reference-docx before anything is written (InputError).

    Otherwise the formats before the one that reads it would be written, and a batch would fail
    every page one by one.
    """
    if options.css is not None and {"pdf", "epub"} & set(formats):
        read_stylesheet(options.css)
    if options.reference_docx is not None and "docx" in formats:
        from .writers.docx.template import open_template  # python-docx: only when DOCX is asked for

        open_template(options.reference_docx)


@dataclass(frozen=True, slots=True)
class Converted:
    """What :func:`convert` did: the article read, the file written for each format, every warning.

    It also unpacks as the ``(paths, warnings)`` pair that ``convert`` used to return.
    """

    article: Article
    paths: dict[str, Path]
    warnings: list[Diagnostic] = field(default_factory=list)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.paths, self.warnings))


def to_bytes(article: Article, fmt: str, options: WriteOptions | None = None) -> Rendered:
    """The bytes of ``article`` as ``fmt`` and the warnings met, writing no file (``portalconv -o -``)."""
    if fmt not in REGISTRY:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(REGISTRY)})")
    return REGISTRY[fmt].load()(article, options or WriteOptions())


def convert(source: Source, formats: list[str], output: str | os.PathLike[str] | None = None,
            options: WriteOptions | None = None, reading: ReadOptions | None = None, *,
            base: str | os.PathLike[str] | None = None, name: str | None = None) -> Converted:
    """Read ``source`` once (``reading``; ``base`` and ``name`` as for :func:`read`) and write every
    format (``options``) where :func:`output_paths` says.

    A page given as bytes or a file object has no folder to write beside: ``output`` is required;
    in a folder, its files are named after ``name`` ("<stdin>" gives stdin.json, "bai.aspx" bai.json;
    "page.json" when it has none).
    """
    from_file = isinstance(source, str | os.PathLike)
    if not from_file and output is None:  # said before the page is read
        raise UsageError("a page given as bytes or a stream has no folder to write beside; name an output")
    result = read(source, reading or ReadOptions(), base=base, name=name)
    warnings = list(result.warnings)
    if isinstance(source, str | os.PathLike):
        src = Path(source)
        targets = output_paths(src, formats, output)
        for target in targets.values():  # checked before anything is written
            if target.exists() and os.path.samefile(target, src):
                raise OutputError(f"{target}: is the input page; refusing to write over it")
    else:
        called = (name or _stream_name(source)).strip("<>")
        src = None
        targets = output_paths(Path(Path(called).name if called not in {"bytes", "stream"} else "page"),
                               formats, output)
    options = options or WriteOptions()
    check_options(options, formats)
    # Writers see only the article; the page it came from is named here so that a writer that
    # archives it (PDF/A-3 attaches it) can read it. A page from a stream has no file to attach.
    if options.source is None and src is not None:
        options = replace(options, source=src)
    for fmt, target in targets.items():
        # The reader has already warned once per missing image; writers say it again for callers
        # that write an article loaded from JSON, so their repeats are dropped here.
        warnings.extend(w for w in write(result.article, target, fmt, options) if w.code != "missing-image")
    return Converted(result.article, targets, warnings)
