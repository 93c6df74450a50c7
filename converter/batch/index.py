"""``--index``: one static ``OUT_DIR/index.html`` that lists the archive, for people to browse.

Every converted article with its title, date, category and authors, a thumbnail of its first photo
and links to each of its outputs; then the pages that failed or held no article, with the reason.
The file stands alone (styles, script and thumbnails inline, no network), so the archive can be
browsed from a USB stick. Sorting and filtering run in the page; the filter state lives in the URL
fragment (``#category=…&from=2019-01-01&q=…&sort=date-desc``) so a filtered view can be bookmarked,
and without JavaScript the full table is still there.

An entry is computed by the worker that read the page (:func:`entry`) and kept in the manifest, so
a re-run that converts nothing still indexes every page.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model import Article, Block, Figure, ListBlock, Quote
from .report import Report, page_status

INDEX_NAME = "index.html"
THUMB_BOX = (160, 120)  # CSS pixels; drawn at this size, so small JPEGs keep the file light
_THUMB_MAX_PIXELS = 40_000_000  # a photo larger than this is not decoded just for a thumbnail


def _figures(blocks: Sequence[Block]) -> Iterator[Figure]:
    for block in blocks:
        if isinstance(block, Figure):
            yield block
        elif isinstance(block, Quote):
            yield from _figures(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _figures(item.blocks)


def thumbnail(data: bytes) -> str:
    """A small JPEG of a photo as a data: URI, or "" when the bytes are not a raster image we can read."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as img:
            if img.width * img.height > _THUMB_MAX_PIXELS:
                return ""
            img.draft("RGB", (THUMB_BOX[0] * 2, THUMB_BOX[1] * 2))  # JPEG: decode at a reduced scale
            small = img.convert("RGB")
            small.thumbnail((THUMB_BOX[0] * 2, THUMB_BOX[1] * 2))  # 2x for sharp thumbnails on HiDPI
            out = io.BytesIO()
            small.save(out, format="JPEG", quality=70)
    except Exception:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def entry(article: Article) -> dict[str, Any]:
    """What the index shows of one article (plain JSON values, stored in the manifest)."""
    meta = article.metadata
    when = meta.published or meta.modified or meta.created
    thumb = ""
    for fig in _figures(article.blocks):
        res = article.resource(fig.image.resource)
        if res is not None and res.media_type != "image/svg+xml":
            thumb = thumbnail(res.data)
            if thumb:
                break
    return {
        "title": meta.title,
        "date": when.value.isoformat() if when is not None and when.value is not None else "",
        "date_text": when.text if when is not None else "",
        "category": meta.category,
        "authors": list(meta.authors),
        "thumb": thumb,
    }


def _href(relative: str) -> str:
    # Output names keep non-UTF-8 bytes as surrogate escapes; a URL carries the bytes themselves.
    return quote(relative.encode("utf-8", "surrogateescape"), safe="/")


def _shown(text: str) -> str:
    return html.escape(text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def _day(entry: Mapping[str, Any]) -> str:
    return str(entry.get("date", ""))[:10]


def write(report: Report, formats: Sequence[str], names: Mapping[str, str],
          entries: Mapping[str, Mapping[str, Any]]) -> Path:
    """Write ``OUT_DIR/index.html`` for ``report`` (atomically); returns its path."""
    from ..atomic import write_text_atomically

    path = report.out_dir / INDEX_NAME
    write_text_atomically(path, render(report, formats, names, entries))
    return path


def render(report: Report, formats: Sequence[str], names: Mapping[str, str],
           entries: Mapping[str, Mapping[str, Any]]) -> str:
    """The index page as text: deterministic for the same report (timings are not shown)."""
    outputs: dict[str, dict[str, str]] = {}
    statuses: dict[str, list[str]] = {}
    reasons: dict[str, list[str]] = {}
    for row in report.rows:
        statuses.setdefault(row.source, []).append(row.status)
        if row.output and row.status in ("converted", "up-to-date"):
            outputs.setdefault(row.source, {})[row.format] = row.output
        if row.status in ("failed", "no-article") and row.error:
            seen = reasons.setdefault(row.source, [])
            if row.error not in seen:
                seen.append(row.error)
    articles, others = [], []
    for source, sts in statuses.items():
        status = page_status(sts)
        name = names.get(source, Path(source).stem)
        if outputs.get(source):
            articles.append((source, name, entries.get(source, {})))
        else:
            others.append((name, status, "; ".join(reasons.get(source, [])) or status))
    # Newest first, then by title and name: the same archive always gives the same file.
    articles.sort(key=lambda a: (_day(a[2]) == "", _invert(str(a[2].get("date", ""))),
                                 str(a[2].get("title", "")).casefold(), a[1]))
    others.sort(key=lambda o: (o[1] != "failed", o[0]))
    categories = sorted({str(e.get("category", "")) for _, _, e in articles} - {""}, key=str.casefold)
    rows = [_article_row(source, name, e, formats, outputs[source]) for source, name, e in articles]
    other_rows = [f'<tr class="{status}"><td>{_shown(name)}</td><td>{html.escape(status)}</td>'
                  f"<td>{_shown(reason)}</td></tr>" for name, status, reason in others]
    options = "".join(f'<option value="{html.escape(c)}">{html.escape(c)}</option>' for c in categories)
    summary = (f"{len(articles)} article{'s' * (len(articles) != 1)}"
               + (f", {len(others)} other page{'s' * (len(others) != 1)}" if others else ""))
    return _PAGE.format(
        summary=summary,
        options=options,
        rows="\n".join(rows) or '<tr><td colspan="6">No article was converted.</td></tr>',
        others=(_OTHERS.format(rows="\n".join(other_rows)) if other_rows else ""),
        style=_STYLE,
        script=_SCRIPT,
    )


def _invert(text: str) -> str:
    """A key that sorts ISO dates newest first (each character's code point reflected)."""
    return "".join(chr(0x10FFFF - ord(c)) if ord(c) < 0xD800 else c for c in text)


def _article_row(source: str, name: str, e: Mapping[str, Any], formats: Sequence[str],
                 outputs: Mapping[str, str]) -> str:
    title = str(e.get("title", "")) or name
    first = next(outputs[f] for f in formats if f in outputs)
    links = " ".join(f'<a href="{_href(outputs[f])}">{html.escape(f.upper())}</a>'
                     for f in formats if f in outputs)
    thumb = str(e.get("thumb", ""))
    img = f'<img src="{thumb}" alt="" width="{THUMB_BOX[0]}" loading="lazy">' if thumb else ""
    authors = ", ".join(str(a) for a in e.get("authors", []))
    day, text = _day(e), str(e.get("date_text", ""))
    shown_date = html.escape(text or day)
    return (f'<tr data-date="{html.escape(day)}" data-category="{html.escape(str(e.get("category", "")))}">'
            f'<td class="thumb">{img}</td>'
            f'<td class="title"><a href="{_href(first)}">{html.escape(title)}</a>'
            f'<div class="file">{_shown(name)}</div></td>'
            f'<td class="date"><time datetime="{html.escape(str(e.get("date", "")))}">{shown_date}</time></td>'
            f'<td>{html.escape(str(e.get("category", "")))}</td>'
            f"<td>{html.escape(authors)}</td>"
            f'<td class="links">{links}</td></tr>')


_OTHERS = """<h2>Pages without an output</h2>
<table class="others"><thead><tr><th>Page</th><th>Status</th><th>Why</th></tr></thead>
<tbody>
{rows}
</tbody></table>"""

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:1.5rem;color:#1d1d1f}
h1{font-size:1.5rem;margin:0 0 .2rem}
.summary{color:#555;margin:0 0 1rem}
form{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end;margin:0 0 1rem}
label{display:flex;flex-direction:column;font-size:.8rem;color:#555}
input,select{font:inherit;padding:.2rem .3rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #ddd}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer}
th button::after{content:" \\2195";color:#999}
td.thumb{width:160px}td.thumb img{width:160px;height:auto;max-height:120px;object-fit:cover;display:block}
td.title a{font-weight:600}.file{font-size:.8rem;color:#777;word-break:break-all}
td.date{white-space:nowrap}td.links a{margin-right:.4rem}
tr.failed td:nth-child(2){color:#a40000}
tr[hidden]{display:none}
#shown{font-size:.85rem;color:#555}
"""

# Filters and sorting; the state is kept in location.hash (shareable, and what the tests drive).
_SCRIPT = """
(function(){
  var body=document.querySelector('#articles tbody');
  var rows=Array.prototype.slice.call(body.querySelectorAll('tr[data-date]'));
  var f=document.getElementById('filters');
  var state={category:'',from:'',to:'',q:'',sort:'date-desc'};
  function read(){
    var p=new URLSearchParams(location.hash.replace(/^#/,''));
    Object.keys(state).forEach(function(k){ if(p.has(k)) state[k]=p.get(k); });
    f.category.value=state.category; f.from.value=state.from; f.to.value=state.to; f.q.value=state.q;
  }
  function key(row,col){
    if(col==='date') return row.getAttribute('data-date');
    var cell=row.querySelector(col==='title'?'td.title a':(col==='category'?'td:nth-child(4)':'td:nth-child(5)'));
    return cell?cell.textContent.toLowerCase():'';
  }
  function apply(){
    var q=state.q.toLowerCase(), n=0;
    rows.forEach(function(r){
      var d=r.getAttribute('data-date');
      var ok=(!state.category||r.getAttribute('data-category')===state.category)
        &&(!state.from||(d&&d>=state.from))&&(!state.to||(d&&d<=state.to))
        &&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
      r.hidden=!ok; if(ok) n++;
    });
    var s=state.sort.split('-'), col=s[0], dir=s[1]==='asc'?1:-1;
    rows.slice().sort(function(a,b){
      var x=key(a,col), y=key(b,col);
      if(x===y) return rows.indexOf(a)-rows.indexOf(b);
      if(!x) return 1; if(!y) return -1;
      return x<y?-dir:dir;
    }).forEach(function(r){ body.appendChild(r); });
    document.getElementById('shown').textContent=n+' of '+rows.length+' shown';
  }
  function save(){
    var p=new URLSearchParams();
    Object.keys(state).forEach(function(k){ if(state[k]&&!(k==='sort'&&state[k]==='date-desc')) p.set(k,state[k]); });
    var h=p.toString();
    history.replaceState(null,'',h?'#'+h:location.pathname+location.search);
  }
  f.addEventListener('input',function(){
    state.category=f.category.value; state.from=f.from.value; state.to=f.to.value; state.q=f.q.value;
    save(); apply();
  });
  f.addEventListener('submit',function(e){ e.preventDefault(); });
  Array.prototype.forEach.call(document.querySelectorAll('th button[data-sort]'),function(b){
    b.addEventListener('click',function(){
      var col=b.getAttribute('data-sort'), cur=state.sort.split('-');
      state.sort=col+'-'+(cur[0]===col&&cur[1]==='desc'?'asc':(cur[0]===col?'desc':(col==='date'?'desc':'asc')));
      save(); apply();
    });
  });
  window.addEventListener('hashchange',function(){ read(); apply(); });
  read(); apply();
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="portalconv">
<title>Archive index</title>
<style>{style}</style>
</head>
<body>
<h1>Archive index</h1>
<p class="summary">{summary}</p>
<form id="filters" role="search">
<label>Category<select name="category"><option value="">All</option>{options}</select></label>
<label>From<input type="date" name="from"></label>
<label>To<input type="date" name="to"></label>
<label>Search<input type="search" name="q" placeholder="title, author, file"></label>
<span id="shown" aria-live="polite"></span>
</form>
<table id="articles">
<thead><tr><th></th><th><button type="button" data-sort="title">Title</button></th>
<th><button type="button" data-sort="date">Date</button></th>
<th><button type="button" data-sort="category">Category</button></th>
<th><button type="button" data-sort="author">Author</button></th><th>Files</th></tr></thead>
<tbody>
{rows}
</tbody></table>
{others}
<script>{script}</script>
</body>
</html>
"""
