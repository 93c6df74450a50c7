"""Inputs and helpers shared by the ``test_bulletin_*`` modules.

The bulletins under test are made from every sample and every corpus page that
``converter.read`` returns an article for (the corpus is skipped when absent), with the front
matter of ``FRONT``; expected values come from the articles as read, never from the writers.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from converter.bulletin.assemble import Item, read_articles
from converter.bulletin.config import front_from
from converter.bulletin.model import FrontMatter

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"

FRONT = {
    "title": "Bản tin Công Thương",
    "subtitle": "Tin hoạt động trong tuần",
    "issue": "12/2024",
    "date": "2024-03-15",
    "publisher": "Sở Công Thương tỉnh Lâm Giang",
    "note": "Kính gửi quý bạn đọc.\n\nBản tin tuần này tổng hợp các hoạt động nổi bật.",
    "language": "vi",
}


def front() -> FrontMatter:
    logo = SAMPLES / "vn-portal-news_files" / "logo.png"
    return front_from({**FRONT, **({"logo": str(logo)} if logo.is_file() else {})})


def sample_items() -> list[Item]:
    """Every sample that holds an article (``read_articles`` leaves the others out)."""
    return read_articles(sorted(SAMPLES.glob("*.html")))[0]


def corpus_items() -> list[Item]:
    """Every top-level corpus page that ``converter.read`` returns an article for; none without the corpus."""
    return read_articles(sorted(CORPUS.glob("*.html")))[0] if CORPUS.is_dir() else []


def squash(text: str) -> str:
    """NFC, one space for any run of white space (pdftotext breaks lines where layout did)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def words(text: str) -> str:
    """Letters and digits only, lower case: survives hyphenation, bidi marks and line breaks."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", text).casefold())
