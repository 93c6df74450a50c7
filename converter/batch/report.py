"""What a batch did: one row per page and format, a summary, the end-of-run table and report files.

Statuses: ``converted`` (made in this run), ``up-to-date`` (skipped: the manifest shows nothing
changed), ``no-article`` (the page is a listing, home page or empty form: recorded and skipped, not
a failure) and ``failed`` (the reason is in ``error``). Under ``--verify`` each DOCX/EPUB/PDF row
also says whether the written file holds the whole article (``verified``) and what it lacks
(``missing``); an incomplete output makes its page fail. In the report files a page that made no
output, for one reason in every format, is one row rather than one per format.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import asdict, field, replace
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError
from ..records import dataclass

STATUSES = ("converted", "up-to-date", "no-article", "failed")


@dataclass(frozen=True, slots=True)
class Row:
    source: str
    format: str
    output: str  # relative to OUT_DIR; empty when nothing was written
    status: str
    error: str = ""
    warnings: list[dict[str, str]] = field(default_factory=list)
    duration: float = 0.0
    verified: bool | None = None  # None: not checked (no --verify, JSON, or nothing written)
    missing: list[str] = field(default_factory=list)  # what verification did not find in the output


def page_status(statuses: list[str]) -> str:
    """One status for a page from its formats' statuses: the most important one wins."""
    for status in ("failed", "converted", "no-article"):
        if status in statuses:
            return status
    return "up-to-date"


@dataclass(slots=True)
class Report:
    out_dir: Path
    rows: list[Row]
    seconds: float
    workers: int
    tool_version: str
    executor: str = "local"

    def pages(self) -> dict[str, str]:
        """Each page's overall status, sorted by source path."""
        by_page: dict[str, list[str]] = {}
        for row in self.rows:
            by_page.setdefault(row.source, []).append(row.status)
        return {src: page_status(st) for src, st in sorted(by_page.items())}

    def warnings(self) -> dict[str, list[dict[str, str]]]:
        """Distinct warnings per page (the reader's warnings repeat in every format's row)."""
        out: dict[str, list[dict[str, str]]] = {}
        for row in self.rows:
            seen = out.setdefault(row.source, [])
            seen.extend(w for w in row.warnings if w not in seen)
        return {src: ws for src, ws in out.items() if ws}

    def failures(self) -> dict[str, str]:
        """Each failed page with its reason(s), one line per distinct reason."""
        out: dict[str, list[str]] = {}
        for row in self.rows:
            if row.status == "failed":
                reasons = out.setdefault(row.source, [])
                if row.error not in reasons:
                    reasons.append(row.error)
        return {src: "; ".join(reasons) for src, reasons in sorted(out.items())}

    def incomplete(self, shown: int = 3) -> dict[str, str]:
        """Each page with an output that failed ``--verify``: per format, what the file lacks."""
        out: dict[str, list[str]] = {}
        for row in self.rows:
            if row.verified is False:
                more = len(row.missing) - shown
                items = "; ".join(row.missing[:shown]) + (f"; and {more} more" if more > 0 else "")
                out.setdefault(row.source, []).append(f"{row.format}: {items}")
        return {src: " | ".join(parts) for src, parts in sorted(out.items())}

    def summary(self) -> dict[str, Any]:
        counts = Counter(self.pages().values())
        return {
            "pages": sum(counts.values()),
            **{status.replace("-", "_"): counts.get(status, 0) for status in STATUSES},
            "warnings": sum(len(ws) for ws in self.warnings().values()),
            "verified": sum(row.verified is True for row in self.rows),
            "verification_failed": sum(row.verified is False for row in self.rows),
            "seconds": round(self.seconds, 3),
        }

    @property
    def failed(self) -> bool:
        return any(row.status == "failed" for row in self.rows)

    def file_rows(self) -> list[Row]:
        """The rows of the report files: a page that made no output, for the same reason in every
        format (no article, unreadable), is one row whose ``format`` lists them ("json,epub")."""
        by_page: dict[str, list[Row]] = {}
        for row in self.rows:
            by_page.setdefault(row.source, []).append(row)
        out: list[Row] = []
        for rows in by_page.values():
            first = rows[0]
            same = all((r.status, r.error, r.warnings, r.verified, r.missing)
                       == (first.status, first.error, first.warnings, first.verified, first.missing) for r in rows)
            if len(rows) > 1 and same and not any(r.output for r in rows):
                out.append(replace(first, format=",".join(r.format for r in rows),
                                   duration=max(r.duration for r in rows)))
            else:
                out.extend(rows)
        return out

    def to_data(self) -> dict[str, Any]:
        return {"tool_version": self.tool_version, "out_dir": str(self.out_dir), "executor": self.executor,
                "workers": self.workers, "summary": self.summary(),
                "outputs": [asdict(row) for row in self.file_rows()]}

    def write(self, path: Path) -> None:
        """Save as JSON or CSV, chosen by the file's extension; atomically, like every output."""
        suffix = path.suffix.lower()
        if suffix not in {".json", ".csv"}:
            raise OutputError(f"{path}: a report is .json or .csv")
        tmp = path.with_name(f".{path.name}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # backslashreplace: a name that is not UTF-8 is written escaped (\udce9), the file stays UTF-8.
            with tmp.open("w", encoding="utf-8", errors="backslashreplace", newline="") as f:
                if suffix == ".json":
                    json.dump(self.to_data(), f, ensure_ascii=False, indent=2)
                    f.write("\n")
                else:
                    self._csv(f)
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise OutputError(f"{path}: cannot write the report ({exc.strerror or exc})") from exc

    def _csv(self, f: IO[str]) -> None:
        writer = csv.writer(f)
        writer.writerow(["source", "format", "output", "status", "error", "warnings", "duration", "verified",
                         "missing"])
        for row in self.file_rows():
            warnings = " | ".join(f"{w['message']} [{w['code']}]" for w in row.warnings)
            verified = "" if row.verified is None else "yes" if row.verified else "no"
            writer.writerow([row.source, row.format, row.output, row.status, row.error, warnings,
                             f"{row.duration:.3f}", verified, " | ".join(row.missing)])

    def warnings_by_code(self) -> dict[str, tuple[int, list[str]]]:
        """Per warning code: how many warnings, and the pages that have them (most frequent code first)."""
        counts: Counter[str] = Counter()
        pages: dict[str, list[str]] = {}
        for src, ws in sorted(self.warnings().items()):
            for w in ws:
                counts[w["code"]] += 1
                if src not in pages.setdefault(w["code"], []):
                    pages[w["code"]].append(src)
        return {code: (n, pages[code]) for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}

    def slowest(self, count: int = 3) -> list[tuple[str, float]]:
        """The pages that took longest in this run, with their seconds (a page's slowest format)."""
        took: dict[str, float] = {}
        for row in self.rows:
            if row.duration > 0:
                took[row.source] = max(took.get(row.source, 0.0), row.duration)
        return sorted(took.items(), key=lambda kv: (-kv[1], kv[0]))[:count]

    def render(self, console: Any, report_path: Path | None = None, shown: int = 5) -> None:
        """The end-of-run summary (a ``rich`` Console): counts per status, failures with reasons,
        warnings by code with up to ``shown`` pages each, then the slowest pages. ``report_path``:
        where the full list of warnings is."""
        from rich import box
        from rich.table import Table

        s = self.summary()
        table = Table(box=box.SIMPLE, title=f"portalconv batch → {self.out_dir}", title_justify="left")
        checked = any(row.verified is not None for row in self.rows)
        names = ["pages", "converted", "up to date", "no article", "failed", "warnings"]
        cells = [s["pages"], s["converted"], s["up_to_date"], s["no_article"], s["failed"], s["warnings"]]
        if checked:  # only under --verify: outputs verified complete / incomplete
            names += ["verified", "incomplete"]
            cells += [s["verified"], s["verification_failed"]]
        for name in [*names, "time"]:
            table.add_column(name, justify="right")
        table.add_row(*map(str, cells), _duration(self.seconds))
        console.print(table)
        failures = self.failures()
        if failures:
            console.print(f"Failed pages ({len(failures)}):", markup=False, highlight=False)
            for src, reason in failures.items():
                console.print(f"  {_short(src)}: {reason}", markup=False, highlight=False)
        by_code = self.warnings_by_code()
        if by_code:
            where = (f"the full list is in {_short(str(report_path))}" if report_path is not None
                     else "--report FILE.json or FILE.csv saves the full list")
            console.print(f"Warnings by code ({where}):", markup=False, highlight=False)
            for code, (n, pages) in by_code.items():
                more = len(pages) - shown
                listed = ", ".join(_short(p) for p in pages[:shown]) + (f" and {more} more" if more > 0 else "")
                count = f"{n} in {len(pages)} page{'s' if len(pages) > 1 else ''}"
                console.print(f"  {code}: {count}: {listed}", markup=False, highlight=False)
        slowest = self.slowest()
        if len(slowest) > 1:  # one page: the time column says it
            console.print("Slowest pages: " + ", ".join(f"{_short(src)} ({_duration(t)})" for src, t in slowest),
                          markup=False, highlight=False)


def _short(path: str) -> str:
    """A path relative to the working directory when it is inside it (shorter lines)."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    except ValueError:  # another drive on Windows
        return path


def _duration(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:04.1f}" if minutes else f"{secs:.1f} s"
