"""Dates as SharePoint pages print them → aware datetimes.

Vietnamese pages write day first ("Thứ 6, Ngày 08/10/2021, 19:00"); en-US SharePoint writes
month first ("3/14/2024 3:02 PM"); publishing layouts also write "12 March 2024". A page states no
time zone, so Vietnamese pages are taken as ICT (UTC+7), British and Irish ones in their country's
zone (with summer time) and others as UTC; the page's own text is always kept beside the value.
Which order and zone a page uses is decided once per page (``date_locale``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from ..patterns import compiled
from .vocabulary import DATE_LINE_WORDS

ICT = timezone(timedelta(hours=7), "ICT")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_NUMERIC = compiled(
    r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:[\s,]+(?:lúc\s+)?(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?|SA|CH)?)?"
)
# "thứ năm, 08 08 2019 08:51": a portal that prints its date with spaces for separators. Only with
# its time is a run of three numbers taken for a date.
_SPACED = compiled(r"(?<!\d)(?P<a>\d{1,2})\s(?P<b>\d{1,2})\s(?P<y>\d{4})[\s,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?!\d)")
_ISO = compiled(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
                r"(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?")
_WORDS_DMY = compiled(r"(?P<d>\d{1,2})(?:er)?\s+(?P<mon>[^\W\d_]{3,9})\.?,?\s+(?P<y>\d{4})")
_WORDS_MDY = compiled(r"(?P<mon>[^\W\d_]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})")
# "ngày 14 tháng 3 năm 2024", "14 tháng 3, 2024"
_VI_WORDS = compiled(r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:,|năm)?\s*(?P<y>\d{4})", re.IGNORECASE)
# French month names (corpus/13-lilianeschrauwen-spo-home.html and
# corpus/15-lilianeschrauwen-spo-blog-post-csr-json.html are French SharePoint sites).
_FRENCH = {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
           "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12}


# Regions whose local time pages are read in (a page states no zone): the zone of the country.
_REGION_ZONES = {"gb": "Europe/London", "ie": "Europe/Dublin"}
# English pages write the month first only in these regions ("" = a bare "en", SharePoint's en-US).
_MONTH_FIRST = frozenset({"", "us"})


def _split(locale: str) -> tuple[str, str]:
    primary, _, region = locale.lower().replace("_", "-").partition("-")
    return primary, region


def _tz(language: str) -> tzinfo:
    primary, region = _split(language)
    if primary == "vi":
        return ICT
    if region in _REGION_ZONES:
        # Imported here: zoneinfo loads sysconfig to find the zone database, and only British and
        # Irish pages (summer time) need it.
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(_REGION_ZONES[region])
        except ZoneInfoNotFoundError:  # no zone database: UTC keeps the date, loses only the offset
            return UTC
    return UTC


def _month_first(language: str) -> bool:
    primary, region = _split(language)
    return primary == "en" and region in _MONTH_FIRST


# Country-code domains that are used as generic names, so they say nothing of the site's country.
_GENERIC_CC = frozenset({"io", "co", "tv", "me", "ai", "fm", "ly", "to", "cc", "ws", "us"})


def date_locale(language: str, declared: str, hosts: list[str], text: str) -> str:
    """The locale dates of this page are read in: its language, with the region that decides the
    order of day and month and the time zone.

    Decided per page, from the strongest evidence: the page's own numeric dates (a "19/02/2019"
    anywhere shows the page writes day first), then the country of the site's domain (most
    ``.uk`` addresses: British), then the declared ``lang`` (SharePoint says ``en-us`` on sites of
    every country, so it comes last).
    """
    primary = language.split("-")[0].lower()
    if primary != "en":
        return primary
    day_first = month_first = False
    for m in _NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        day_first |= 12 < a <= 31 and b <= 12
        month_first |= 12 < b <= 31 and a <= 12
    countries = [h.rsplit(".", 1)[-1] for h in hosts if "." in h]
    countries = [c for c in countries if len(c) == 2 and c.isalpha() and c not in _GENERIC_CC]
    country = max(sorted(set(countries)), key=countries.count) if countries else ""
    country = {"uk": "gb"}.get(country, country)
    _, declared_region = _split(declared)
    if month_first and not day_first:
        return "en-us"
    region = country or declared_region
    if day_first and not month_first and region in _MONTH_FIRST:
        return "en-001"  # day first, region unknown: world English, read in UTC
    return f"en-{region}" if region else "en"


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
    """The first date (and time) in ``text``, or None; day first unless ``language`` is American
    English (see ``date_locale``), in that locale's time zone."""
    tz = _tz(language)
    try:
        if m := _ISO.search(text):
            # An ISO date that states its offset ("…T10:00:00Z", article:published_time) keeps it.
            zone = tz if not m["tz"] else UTC if m["tz"] == "Z" else \
                datetime.strptime(m["tz"].replace(":", ""), "%z").tzinfo
            return datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0),
                            int(m["S"] or 0), tzinfo=zone)
        if m := _NUMERIC.search(text):
            a, b = int(m["a"]), int(m["b"])
            day, month = (b, a) if _month_first(language) and a <= 12 else (a, b)
            return datetime(int(m["y"]), month, day, _hour(m["H"], m["ampm"]), int(m["M"] or 0),
                            int(m["S"] or 0), tzinfo=tz)
        if m := _SPACED.search(text):
            a, b = int(m["a"]), int(m["b"])
            day, month = (b, a) if _month_first(language) and a <= 12 else (a, b)
            return datetime(int(m["y"]), month, day, int(m["H"]), int(m["M"]), tzinfo=tz)
        if m := _VI_WORDS.search(text):
            return datetime(int(m["y"]), int(m["m"]), int(m["d"]), tzinfo=tz)
        for pattern in (_WORDS_DMY, _WORDS_MDY):
            if (m := pattern.search(text)) and (named := _month(m["mon"])):
                return datetime(int(m["y"]), named, int(m["d"]), tzinfo=tz)
    except ValueError:  # 31/02/2021 and the like: the text is kept, the value is unknown
        return None
    return None


_DATE_PARTS = (_ISO, _NUMERIC, _SPACED, _VI_WORDS, _WORDS_DMY, _WORDS_MDY)
_TIME = compiled(r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\b|[+-]\d{1,2}(?::?\d{2})?\b")


def date_line_remainder(text: str) -> str:
    """The letters of ``text`` that are neither its date, a time, a weekday nor a date label: ""
    for a line that only dates something ("Thứ 3, Ngày 14/03/2023, 16:30", "(26.07.2019 14:14)")."""
    rest = text
    for pattern in _DATE_PARTS:
        m = pattern.search(rest)
        if m:
            named = m.groupdict().get("mon")
            if named and not _month(named):
                continue
            rest = rest[:m.start()] + " " + rest[m.end():]
            break
    else:
        return text
    rest = DATE_LINE_WORDS.sub(" ", _TIME.sub(" ", rest))
    return "".join(ch for ch in rest if ch.isalnum())
