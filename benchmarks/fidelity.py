"""Print how faithfully extraction keeps each page: body recall, chrome leaked, captions, metadata.

Run from the repository root:  .venv/bin/python benchmarks/fidelity.py

Expectations are the hand-written ones the tests use: ``samples/*.expect.toml`` for our samples and
``tests/corpus/*.toml`` (with ``batch-stc.toml``) and ``tests/corpus/wide/SITE/*.toml`` for the real
pages in ``../shared/corpus`` (skipped when that folder is absent). Per page: whether the article
verdict is right, the share of "with" texts found (body recall), the "without" texts that leaked
(chrome), captions attached to the right photo, and metadata fields equal to the expectation; then
totals, per metadata field, and separately for the pages marked ``held_back`` (expectations written
and kept aside while rules were written, scored only at the end). Exits 1 when any expectation is
missed.
"""

from __future__ import annotations

import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter import read  # noqa: E402
from converter.errors import NoArticleError  # noqa: E402
from converter.model import Article  # noqa: E402
from converter.walk import block_text, figures, iter_blocks, plain_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
META = ("title", "subtitle", "lead", "category", "language", "published_text", "published", "authors", "views",
        "content_type", "version", "created_by", "modified_by")


def squash(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


@dataclass
class Score:
    name: str
    verdict_ok: bool = True
    found: int = 0
    wanted: int = 0
    leaked: list[str] = field(default_factory=list)
    captions_ok: int = 0
    captions: int = 0
    meta_ok: int = 0
    meta: int = 0
    misses: list[str] = field(default_factory=list)
    held_back: bool = False
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # key → (right, asked)


def model_text(art: Article) -> str:
    md = art.metadata
    parts = [md.title, md.subtitle, md.lead, *(f"{f.label} {f.value}" for f in md.fields)]
    return squash(" ".join(parts + [block_text(b) for b in iter_blocks(art.blocks)]))


def actual(art: Article, key: str) -> object:
    md = art.metadata
    if key == "published_text":
        return md.published.text if md.published else ""
    if key == "published":
        return md.published.value.isoformat() if md.published and md.published.value else ""
    if key == "authors":
        return list(md.authors)
    if key == "views":
        return -1 if md.views is None else md.views
    return getattr(md, key)


def score(name: str, path: Path, exp: dict[str, Any]) -> Score:
    s = Score(name, held_back=bool(exp.get("held_back")))
    try:
        art: Article | None = read(path).article
    except NoArticleError:
        art = None
    if not exp.get("article", True):
        s.verdict_ok = art is None
        if art is not None:
            s.misses.append("converted a page that is not an article")
        return s
    if art is None:
        s.verdict_ok = False
        s.misses.append("no article found")
        return s
    text = model_text(art)
    wanted = [*exp.get("with", []), *exp.get("fields", [])]
    s.wanted, s.found = len(wanted), sum(1 for w in wanted if squash(w) in text)
    s.misses += [f"missing text: {w[:50]}" for w in wanted if squash(w) not in text]
    s.leaked = [c for c in exp.get("without", []) if squash(c) in text]
    s.misses += [f"chrome leaked: {c}" for c in s.leaked]
    got = [plain_text(f.caption) for f in figures(art.blocks)]
    want = exp.get("captions", [])
    s.captions = max(len(want), len(got))
    s.captions_ok = sum(1 for a, b in zip(got, want, strict=False) if squash(a) == squash(b))
    if s.captions_ok < s.captions:
        s.misses.append(f"captions: {s.captions_ok}/{s.captions} right")
    for key in META:
        if key in exp:
            s.meta += 1
            right = actual(art, key) == exp[key]
            s.fields[key] = (int(right), 1)
            if right:
                s.meta_ok += 1
            else:
                s.misses.append(f"{key}: {actual(art, key)!r} (expected {exp[key]!r})")
    return s


def pages() -> list[tuple[str, Path, dict[str, Any]]]:
    out = []
    for expect in sorted((ROOT / "samples").glob("*.expect.toml")):
        html = expect.with_name(expect.name.replace(".expect.toml", ".html"))
        out.append((f"samples/{html.name}", html, tomllib.loads(expect.read_text(encoding="utf-8"))))
    if CORPUS.is_dir():
        for expect in sorted((ROOT / "tests" / "corpus").glob("*.toml")):
            data = tomllib.loads(expect.read_text(encoding="utf-8"))
            if expect.stem == "batch-stc":
                out += [(f"batch-stc/{p['file']}", CORPUS / "batch-stc" / p["file"], p) for p in data["page"]]
            else:
                out.append((f"corpus/{expect.stem}", CORPUS / f"{expect.stem}.html", data))
        for expect in sorted((ROOT / "tests" / "corpus" / "wide").glob("*/*.toml")):
            data = tomllib.loads(expect.read_text(encoding="utf-8"))
            site = expect.parent.name
            out.append((f"wide/{site[:12]}/{expect.stem}", CORPUS / "wide" / site / f"{expect.stem}.html", data))
    return out


def totals(label: str, scores: list[Score]) -> None:
    total = {k: sum(getattr(s, k) for s in scores) for k in ("found", "wanted", "captions_ok", "captions",
                                                             "meta_ok", "meta")}
    print(f"\n{label}: {len(scores)} pages, verdicts right: {sum(s.verdict_ok for s in scores)}/{len(scores)}")
    print(f"body recall: {total['found']}/{total['wanted']}, chrome leaked: {sum(len(s.leaked) for s in scores)}, "
          f"captions attached: {total['captions_ok']}/{total['captions']}, "
          f"metadata fields correct: {total['meta_ok']}/{total['meta']}")
    per = {k: [sum(s.fields.get(k, (0, 0))[i] for s in scores) for i in (0, 1)] for k in META}
    print("per field: " + ", ".join(f"{k} {r}/{n}" for k, (r, n) in per.items() if n))


def main() -> int:
    scores = [score(name, path, exp) for name, path, exp in pages()]
    print(f"{'page':58} {'verdict':>7} {'recall':>7} {'chrome':>6} {'captions':>8} {'metadata':>8}")
    for s in scores:
        recall = f"{s.found}/{s.wanted}" if s.wanted else "-"
        caps = f"{s.captions_ok}/{s.captions}" if s.captions else "-"
        meta = f"{s.meta_ok}/{s.meta}" if s.meta else "-"
        print(f"{s.name[:58]:58} {'ok' if s.verdict_ok else 'WRONG':>7} {recall:>7} {len(s.leaked):>6} {caps:>8} "
              f"{meta:>8}")
    for label, group in (("all pages", scores), ("held back", [s for s in scores if s.held_back])):
        if group:
            totals(label, group)
    misses = [(s.name, m) for s in scores for m in s.misses]
    for name, miss in misses:
        print(f"  {name}: {miss}")
    print("every expectation met" if not misses else f"{len(misses)} expectation(s) missed")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
