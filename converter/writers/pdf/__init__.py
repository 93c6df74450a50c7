"""PDF writer: the shared XHTML laid out by WeasyPrint with the shipped stylesheet and fonts.

WeasyPrint, and through it the Pango and cairo system libraries, is imported only inside
``write``: the registry imports this package lazily, and even then a machine without Pango gets a
``DependencyError`` with install instructions rather than a traceback.

Output is reproducible: dates come from the article, the PDF ``/ID`` from a digest of the model,
fonts from ``styles/fonts`` (never the system), so the same article gives the same bytes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from ...diagnostics import Warning
from ...errors import DependencyError, InputError, OutputError
from ...labels import label
from ...model import Article
from ...options import WriteOptions
from ...resources import style_path, styles_dir
from ...walk import figures
from .document import GENERATOR, page_css, pdf_identifier, source_date_epoch, xhtml

PANGO_MESSAGE = (
    "PDF output needs the Pango library (Debian/Ubuntu: apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0; macOS: brew install pango)"
)


def _import_weasyprint() -> ModuleType:
    """The weasyprint module, or a DependencyError that says what to install."""
    try:
        import weasyprint

        module: ModuleType = weasyprint
    except OSError as exc:
        # cffi raises OSError ("cannot load library 'libpango-1.0-0'") when the shared library
        # is missing; the Python package itself is installed.
        raise DependencyError(PANGO_MESSAGE, hint=str(exc)) from exc
    except ImportError as exc:
        raise DependencyError("PDF output needs the WeasyPrint package (pip install weasyprint)") from exc
    return module


# One render at a time per process: SOURCE_DATE_EPOCH and the "weasyprint" logger that the
# render borrows are process-wide, and WeasyPrint holds the GIL for nearly all its work anyway.
_RENDER_LOCK = threading.Lock()

# Messages about the machine, not the document: reporting them on every PDF would make --strict
# fail everywhere the system lacks HarfBuzz-Subset.
_ENVIRONMENT_MESSAGES = ("Using fontTools instead of HarfBuzz-Subset",)


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (reproducible-builds.org) while rendering, unless the user has.

    WeasyPrint's fallback font subsetter (fontTools, used when the HarfBuzz-Subset library is
    missing) stamps every embedded font with the current time unless this variable is set.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


class _Collector(logging.Handler):
    """Keeps WeasyPrint's warnings and errors (bad CSS, unloadable images) for the caller."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(_ENVIRONMENT_MESSAGES):
            return
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def _collect_renderer_messages() -> Iterator[_Collector]:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def _missing_image_warnings(article: Article) -> list[Warning]:
    lang = article.metadata.language or "en"
    return [
        Warning(
            "missing-image",
            f"image not found in the saved page; printed a '{label('missing_image', lang)}' placeholder",
            fig.image.src,
        )
        for fig in figures(article.blocks)
        if article.resource(fig.image.resource) is None
    ]


def _user_css(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read stylesheet {path}: {exc}") from exc


def _render(
    weasyprint: ModuleType, article: Article, generated_css: str, user_css: tuple[str, Path] | None
) -> tuple[bytes, list[str]]:
    """The PDF bytes and the URLs the fetcher refused; print.css, then generated, then user CSS."""
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import ArticleFetcher

    fetcher = ArticleFetcher(article.resources, styles_dir())
    # One FontConfiguration for every stylesheet of the document, as WeasyPrint requires.
    fonts = FontConfiguration()
    styles_url = styles_dir().resolve().as_uri() + "/"
    stylesheets = [
        weasyprint.CSS(filename=style_path("print.css"), url_fetcher=fetcher, font_config=fonts),
        weasyprint.CSS(string=generated_css, base_url=styles_url, url_fetcher=fetcher, font_config=fonts),
    ]
    if user_css is not None:
        text, path = user_css
        # Relative URLs of the user's file resolve beside it, where the fetcher refuses them.
        user_url = path.resolve().as_uri()
        stylesheets.append(
            weasyprint.CSS(string=text, base_url=user_url, url_fetcher=fetcher, font_config=fonts)
        )
    # No base URL: the document has only absolute URLs, and a relative one must not resolve
    # against the current directory.
    html = weasyprint.HTML(string=xhtml(article), encoding="utf-8", url_fetcher=fetcher)
    producer = f"{GENERATOR} (WeasyPrint {weasyprint.__version__})"

    def finish(document: Any, pdf: Any) -> None:
        # WeasyPrint writes its own name as producer; name portalconv and keep the renderer's.
        pdf.info["Producer"] = type(pdf.info["Producer"])(producer)

    data: bytes = html.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        finisher=finish,
        pdf_identifier=pdf_identifier(article),
        # A tagged PDF (structure tree) gives screen readers and reflow the headings, lists,
        # tables and image alt texts, for a few kilobytes.
        pdf_tags=True,
    )
    return data, fetcher.refused


def write(article: Article, target: Path, options: WriteOptions) -> list[Warning]:
    """Write ``article`` as a PDF at ``target``; warnings for missing images and renderer problems."""
    weasyprint = _import_weasyprint()
    warnings = _missing_image_warnings(article)
    generated_css, paper_warnings = page_css(article, options.paper)
    warnings += paper_warnings
    user_css = None if options.css is None else (_user_css(options.css), options.css)

    with (
        _RENDER_LOCK,
        _collect_renderer_messages() as collector,
        _source_date_epoch(source_date_epoch(article)),
    ):
        data, refused = _render(weasyprint, article, generated_css, user_css)

    warnings += [Warning("resource-refused", "not served to the PDF renderer", url) for url in refused]
    warnings += [
        Warning("pdf-renderer", message)
        for message in collector.messages
        # A refused URL was already reported above; WeasyPrint's own line about it adds nothing.
        if not any(url in message for url in refused)
    ]
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return warnings
