"""The only door WeasyPrint has to the outside: the article's images and the shipped styles.

WeasyPrint's default fetcher follows any URL (http, ftp, file) it meets in HTML or CSS. Ours
serves three things and refuses the rest, so converting a page never touches the network and
never reads a file the user did not ship with portalconv:

* ``portalconv-resource:<key>``: bytes of ``Article.resources`` (see ``document.resource_url``);
* ``file:`` URLs that resolve to a file under ``styles/`` (print.css, its fonts);
* ``data:`` URLs, which carry their bytes inline and need no I/O (handy in user CSS).

This module imports WeasyPrint at the top; the writer imports it only after checking that
WeasyPrint and its system libraries load.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.request import DataHandler, Request, url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from ...model import Resource
from ...urls import split
from .document import RESOURCE_SCHEME


class RefusedURL(URLFetchingError):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """A URL outside the article's resources and the styles folder.

    It derives from WeasyPrint's ``URLFetchingError`` so that WeasyPrint treats it like any failed
    fetch (logs it, leaves the image out) instead of aborting the whole document.
    """


class ArticleFetcher(URLFetcher):  # type: ignore[misc]
    """URL fetcher for one article: its resources, the styles folder and ``data:`` URLs only."""

    def __init__(self, resources: Iterable[Resource], styles: Path) -> None:
        # No protocol is allowed to the inherited urllib opener: every request ends in fetch().
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self._resources = {res.key: res for res in resources}
        self._styles = styles.resolve()
        self.refused: list[str] = []  # in request order, for the writer's warnings

    def fetch(self, url: str, headers: Any = None) -> Any:
        """A ``URLFetcherResponse`` for an allowed URL; ``RefusedURL`` for anything else."""
        parts = split(url)
        scheme = parts.scheme.lower() if parts is not None else ""  # a malformed address is refused below
        if parts is not None and scheme == RESOURCE_SCHEME:
            res = self._resources.get(url2pathname(parts.path))
            if res is not None:
                return URLFetcherResponse(url, res.data, {"Content-Type": res.media_type})
        elif parts is not None and scheme == "file":
            path = self._styles_file(parts.netloc, parts.path)
            if path is not None:
                media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
        elif scheme == "data":
            with DataHandler().data_open(Request(url)) as response:
                return URLFetcherResponse(url, response.read(), dict(response.headers))
        if url not in self.refused:
            self.refused.append(url)
        raise RefusedURL(f"refused {url}: only the article's images and portalconv's styles are served")

    def _styles_file(self, netloc: str, url_path: str) -> Path | None:
        """The file a ``file:`` URL names if it lies under the styles folder (symlinks resolved)."""
        if netloc not in ("", "localhost"):  # a UNC share is another machine
            return None
        path = Path(url2pathname(url_path)).resolve()
        return path if path.is_relative_to(self._styles) and path.is_file() else None
