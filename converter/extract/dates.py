"""Dates as SharePoint pages print them → aware datetimes.

Vietnamese pages write day first ("Thứ 6, Ngày 08/10/2021, 19:00"); en-US SharePoint writes
month first ("3/14/2024 3:02 PM"); publishing layouts also write "12 March 2024". A page states no
time zone, so Vietnamese pages are taken as ICT (UTC+7) and others as UTC; the page's own text is
always kept beside the value.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

ICT = timezone(timedelta(hours=7), "ICT")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_NUMERIC = re.compile(
    r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:[\s,]+(?:lúc\s+)?(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?|SA|CH)?)?"
)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?")
_WORDS_DMY = re.compile(r"(?P<d>\d{1,2})(?:er)?\s+(?P<mon>[^\W\d_]{3,9})\.?,?\s+(?P<y>\d{4})")
_WORDS_MDY = re.compile(r"(?P<mon>[^\W\d_]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})")
# "ngày 14 tháng 3 năm 2024", "14 tháng 3, 2024"
_VI_WORDS = re.compile(r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:,|năm)?\s*(?P<y>\d{4})", re.IGNORECASE)
# French month names (corpus 13 and 15 are French SharePoint sites).
_FRENCH = {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
           "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12}


def _tz(language: str) -> timezone:
    return ICT if language.startswith("vi") else UTC


def _month(name: str) -> int | None:
    return _FRENCH.get(name.lower()) or _MONTHS.get(name[:3].lower())


def _hour(h: str | None, ampm: str | None) -> int:
    """24-hour clock; SharePoint's vi-VN culture writes SA (sáng, a.m.) and CH (chiều, p.m.)."""
    hour = int(h or 0)
    if ampm:
        pm = ampm.replace(".", "").lower() in ("pm", "ch")
        hour = hour % 12 + (12 if pm else 0)
    return hour


def parse_date(text: str, language: str = "") -> datetime | None:
    """The first date (and time) in ``text``, or None; day-first unless the page is English."""
    tz = _tz(language)
    try:
        if m := _ISO.search(text):
            return datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0),
                            int(m["S"] or 0), tzinfo=tz)
        if m := _NUMERIC.search(text):
            a, b = int(m["a"]), int(m["b"])
            day, month = (b, a) if language.startswith("en") and a <= 12 else (a, b)
            return datetime(int(m["y"]), month, day, _hour(m["H"], m["ampm"]), int(m["M"] or 0),
                            int(m["S"] or 0), tzinfo=tz)
        if m := _VI_WORDS.search(text):
            return datetime(int(m["y"]), int(m["m"]), int(m["d"]), tzinfo=tz)
        for pattern in (_WORDS_DMY, _WORDS_MDY):
            if (m := pattern.search(text)) and (named := _month(m["mon"])):
                return datetime(int(m["y"]), named, int(m["d"]), tzinfo=tz)
    except ValueError:  # 31/02/2021 and the like: the text is kept, the value is unknown
        return None
    return None
