"""The XMP metadata packet of the PDF: the document information restated for archives.

PDF/A (ISO 19005-3 §6.6.2.3) requires every document information entry to have an equivalent
XMP property, and PDF/UA-1 (ISO 14289-1 §7.1) requires ``dc:title`` and the ``pdfuaid:part``
claim. WeasyPrint writes a packet only for those variants and names itself as producer there
while the information dictionary names portalconv, a mismatch validators reject; so the writer
replaces it with this one, built from the very strings WeasyPrint put in the information
dictionary. Every PDF gets it: catalogues and DAM systems read XMP rather than ``/Info``.

No clock and no random number: the dates are the article's (absent when it has none), the IDs
derive from the PDF ``/ID``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from lxml import etree

from ...records import dataclass

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The packet wrapper of XMP Part 1 §7.3; "\ufeff" is the byte order mark the header asks for.
_HEADER = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'.encode()
_TRAILER = b'\n<?xpacket end="r"?>'


@dataclass(frozen=True, slots=True)
class XmpFields:
    """What the packet states; strings exactly as in the PDF information dictionary."""

    title: str
    author: str  # the /Author string (several authors joined with ", ")
    description: str
    keywords: Sequence[str]
    creator_tool: str
    producer: str
    created: str  # W3C date-time, as in the <meta name=dcterms.created>; "" when the page has no date
    modified: str
    language: str
    identifier: str  # hex digest: the first /ID of the PDF
    source_url: str = ""
    standard: str | None = None  # "pdf/a-3u", "pdf/ua-1" or None


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, _q(name))
    if text is not None:
        el.text = text
    return el


def _container(parent: etree._Element, name: str, kind: str, items: Sequence[str],
               default_lang: bool = False) -> None:
    """``name`` holding an rdf:Alt (language alternatives), rdf:Seq or rdf:Bag of ``items``."""
    box = _add(_add(parent, name), f"rdf:{kind}")
    for item in items:
        li = _add(box, "rdf:li", item)
        if default_lang:
            li.set(XML_LANG, "x-default")


def packet(fields: XmpFields) -> bytes:
    """The complete XMP packet (UTF-8, uncompressed as PDF/A-1 requires and later parts allow)."""
    root = etree.Element(_q("x:xmpmeta"), nsmap={"x": NS["x"]})
    rdf = etree.SubElement(root, _q("rdf:RDF"), nsmap={"rdf": NS["rdf"]})
    used = ["dc", "xmp", "xmpMM", "pdf"]
    if fields.standard and fields.standard.startswith("pdf/a"):
        used.append("pdfaid")
    if fields.standard and fields.standard.startswith("pdf/ua"):
        used.append("pdfuaid")
    desc = etree.SubElement(rdf, _q("rdf:Description"), nsmap={p: NS[p] for p in used})
    desc.set(_q("rdf:about"), "")

    _add(desc, "dc:format", "application/pdf")
    if fields.title:
        _container(desc, "dc:title", "Alt", [fields.title], default_lang=True)
    if fields.author:
        # One entry equal to /Author: PDF/A validators compare the two as a whole.
        _container(desc, "dc:creator", "Seq", [fields.author])
    if fields.description:
        _container(desc, "dc:description", "Alt", [fields.description], default_lang=True)
    if fields.keywords:
        _container(desc, "dc:subject", "Bag", list(fields.keywords))
    if fields.language:
        _container(desc, "dc:language", "Bag", [fields.language])
    if fields.source_url:
        _add(desc, "dc:source", fields.source_url)

    _add(desc, "xmp:CreatorTool", fields.creator_tool)
    # Dates only where /Info has them: an undated page gives neither (PDF/A asks for agreement, not
    # for dates). The metadata describes the document as of its last change.
    if fields.created:
        _add(desc, "xmp:CreateDate", fields.created)
    if fields.modified:
        _add(desc, "xmp:ModifyDate", fields.modified)
        _add(desc, "xmp:MetadataDate", fields.modified)
    _add(desc, "pdf:Producer", fields.producer)
    if fields.keywords:
        _add(desc, "pdf:Keywords", ", ".join(fields.keywords))
    # Stable identifiers from the content digest (XMP Media Management): equal articles, equal IDs.
    document_id = uuid.UUID(hex=fields.identifier[:32].ljust(32, "0"))
    _add(desc, "xmpMM:DocumentID", f"uuid:{document_id}")
    _add(desc, "xmpMM:InstanceID", f"uuid:{document_id}")

    if fields.standard == "pdf/a-3u":
        _add(desc, "pdfaid:part", "3")
        _add(desc, "pdfaid:conformance", "U")
    elif fields.standard == "pdf/ua-1":
        _add(desc, "pdfuaid:part", "1")
    return _HEADER + etree.tostring(root, encoding="utf-8") + _TRAILER
