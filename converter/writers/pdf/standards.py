"""PDF/A-3u and PDF/UA-1: WeasyPrint options, associated files, and the finishing touches.

WeasyPrint produces both variants (``pdf_variant``): output intent, tagging, ``/MarkInfo``,
``/ViewerPreferences`` and the conformance claim. The writer adds what only it knows:

* PDF/A-3u gets the saved page and the article model (JSON) embedded as associated files
  (``/AF``, ISO 19005-3 §6.8) with the relationships ``Source`` and ``Data``, dated from the
  article (``moments.NO_DATE`` when it has no date) so that the bytes stay reproducible;
* every PDF gets an XMP packet that agrees with the information dictionary (see ``xmp``);
* the running header and footer become artifacts (see ``artifact_margin_boxes``), as ISO 14289-1
  §7.8 asks of page furniture; WeasyPrint marks them as content it never puts in the tree.

Nothing here imports WeasyPrint at module level: the CLI reads ``PDF_STANDARDS`` for validation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from ...errors import InputError, PortalconvError
from ...jsonio import dumps
from ...model import Article
from ...options import PDF_STANDARDS  # the closed set lives with the options that name it
from .. import moments
from .document import document_dates
from .xmp import XmpFields, packet


def check_standard(name: str | None) -> str | None:
    """The normalised standard name, or a PortalconvError naming the supported ones."""
    if name is None:
        return None
    key = name.strip().lower()
    if key not in PDF_STANDARDS:
        raise PortalconvError(f"unknown PDF standard {name!r}; choose {' or '.join(PDF_STANDARDS)}")
    return key


def _utc(value: datetime) -> datetime:
    # WeasyPrint writes attachment dates with strftime("...Z"): they must already be in UTC.
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return aware.astimezone(UTC).replace(tzinfo=None)


def attachments(weasyprint: ModuleType, article: Article, source: Path | None, fetcher: Any) -> list[Any]:
    """The associated files of a PDF/A-3 document: the saved page (if known) and the model JSON."""
    # WeasyPrint dates every embedded file (the clock when given none), and a PDF/A-3 validator
    # asks for the ModDate of each: the page's own dates, else moments.NO_DATE for an undated page.
    created, modified = document_dates(article)
    fixed = moments.required(article.metadata)
    created, modified = _utc(created or fixed), _utc(modified or fixed)
    stem = source.stem if source is not None else "article"
    files: list[Any] = []
    if source is not None:
        try:
            page = source.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {source} to attach it: {exc.strerror or exc}") from exc
        files.append(weasyprint.Attachment(
            string=page, name=source.name, url_fetcher=fetcher, created=created, modified=modified,
            description="The saved web page this document was converted from", relationship="Source",
        ))
    files.append(weasyprint.Attachment(
        string=dumps(article).encode("utf-8"), name=f"{stem}.json", url_fetcher=fetcher,
        created=created, modified=modified, relationship="Data",
        description="The article as portalconv read it (lossless JSON model: text, metadata, images)",
    ))
    return files


def xmp_fields(document: Any, producer: str, identifier: bytes, source_url: str,
               standard: str | None) -> XmpFields:
    """The XMP statement of what WeasyPrint wrote into the information dictionary."""
    md = document.metadata
    return XmpFields(
        title=md.title or "", author=", ".join(md.authors), description=md.description or "",
        keywords=tuple(md.keywords), creator_tool=md.generator or "", producer=producer,
        created=md.created or "", modified=md.modified or "", language=md.lang or "",
        identifier=identifier.decode("ascii"), source_url=source_url, standard=standard,
    )


def set_metadata(pdf: Any, fields: XmpFields) -> None:
    """Producer in ``/Info`` and the XMP packet in the catalogue, replacing WeasyPrint's."""
    import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF library has no hints

    pdf.info["Producer"] = pydyf.String(fields.producer)
    data = packet(fields)
    extra = {"Type": "/Metadata", "Subtype": "/XML"}
    if "Metadata" in pdf.catalog:
        stream = pdf.objects[_number(pdf.catalog["Metadata"])]
        stream.stream, stream.extra, stream.compress = [data], extra, False
    else:
        stream = pydyf.Stream([data], extra, compress=False)
        pdf.add_object(stream)
        pdf.catalog["Metadata"] = stream.reference


def _number(reference: bytes | str) -> int:
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    return int(text.split()[0])


def artifact_margin_boxes(pdf: Any) -> None:
    """Mark the running header and footer as pagination artifacts instead of orphan content.

    WeasyPrint (70 at least) gives margin-box text marked-content ids and structure elements that
    it leaves out of the structure tree. Readers then meet "Trang 2 / 4" as content belonging
    nowhere; ``/Artifact <</Type /Pagination>>`` (ISO 32000-1 §14.8.2.2) tells them to skip it.
    """
    import pydyf

    if "StructTreeRoot" not in pdf.catalog:
        return
    tree = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    reachable: set[int] = set()
    stack = [_number(kid) for kid in tree["K"]]
    while stack:
        number = stack.pop()
        if number not in reachable:
            reachable.add(number)
            kids = pdf.objects[number].get("K", ())
            stack += [_number(kid) for kid in kids if isinstance(kid, bytes) and kid.endswith(b" R")]
    nums = pdf.objects[_number(tree["ParentTree"])]["Nums"]
    for page_index, page_number in enumerate(pdf.pages["Kids"][::3]):
        mapping = _page_mapping(nums, page_index)
        orphans = {
            mcid for mcid, ref in enumerate(mapping or ())
            if isinstance(ref, bytes) and ref.endswith(b" R") and _number(ref) not in reachable
        }
        if not orphans:
            continue
        items = pdf.objects[_number(pdf.objects[page_number]["Contents"])].stream
        for i, item in enumerate(items):
            if isinstance(item, dict) and item.get("MCID") in orphans and items[i + 1] == b"BDC":
                items[i - 1], items[i] = "/Artifact", pydyf.Dictionary({"Type": "/Pagination"})
        for mcid in orphans:
            mapping[mcid] = b"null"  # the id no longer exists in the page


def _page_mapping(nums: Any, page_index: int) -> Any:
    for i in range(0, len(nums) - 1, 2):
        if nums[i] == page_index:
            return nums[i + 1]
    return None


# WeasyPrint lays pages out in CSS pixels, y down; PDF user space is points (0.75 px), y up.
_PT_PER_PX = 0.75


def figure_boxes_in_points(pdf: Any) -> None:
    """Give each ``/Figure`` layout ``/BBox`` in PDF user space, as ISO 32000-1 §14.8.5.4.3 says.

    WeasyPrint (70) writes the CSS-pixel box of the image, measured from the top of the page;
    assistive technology and reflow would place the picture in the wrong spot.
    """
    import pydyf

    for obj in pdf.objects:
        if not (isinstance(obj, dict) and obj.get("S") == "/Figure" and "BBox" in obj.get("A", {})):
            continue
        height = float(pdf.objects[_number(obj["Pg"])]["MediaBox"][3])
        x1, y1, x2, y2 = (float(v) for v in obj["A"]["BBox"])
        obj["A"]["BBox"] = pydyf.Array((
            x1 * _PT_PER_PX, height - y2 * _PT_PER_PX, x2 * _PT_PER_PX, height - y1 * _PT_PER_PX,
        ))


def _is_reference(value: Any) -> bool:
    return isinstance(value, bytes) and value.endswith(b" R")


def one_annotation_per_link(pdf: Any) -> None:
    """Keep one link annotation per link, owned by its ``/Link`` structure element.

    WeasyPrint (70) gives every box inside an ``<a>`` an annotation of its own (anchors.py passes
    the link down to descendants): a linked photo gets one for the ``<a>`` and one for the ``<img>``,
    the second owned by the ``/Figure``. PDF/UA-1 wants each link annotation inside a ``/Link``
    element (Matterhorn 28-011), and one link read out twice is noise. The ``<a>`` of a figure is an
    inline block (print.css), so its own annotation covers the picture; the inner ones go, from the
    page, the structure and the parent tree.
    """
    import pydyf

    if "StructTreeRoot" not in pdf.catalog:
        return
    objects = pdf.objects

    def inside_link(element: Any) -> bool:
        for _ in range(len(objects)):  # bounded: a malformed tree cannot loop forever
            if not _is_reference(element.get("P")):
                return False
            element = objects[_number(element["P"])]
            if element.get("S") == "/Link":
                return True
        return False

    dropped: dict[int, Any] = {}
    for element in objects:
        if not (isinstance(element, dict) and element.get("Type") == "/StructElem") or element.get("S") == "/Link":
            continue
        kids = element.get("K")
        if not isinstance(kids, list):
            continue
        for kid in list(kids):
            objr = objects[_number(kid)] if _is_reference(kid) else None
            if not (isinstance(objr, dict) and objr.get("Type") == "/OBJR"):
                continue
            annotation = objects[_number(objr["Obj"])]
            if annotation.get("Subtype") == "/Link" and inside_link(element):
                kids.remove(kid)
                dropped[_number(objr["Obj"])] = annotation
    if not dropped:
        return
    for page_number in pdf.pages["Kids"][::3]:
        page = objects[page_number]
        if "Annots" in page:
            page["Annots"] = pydyf.Array(a for a in page["Annots"] if _number(a) not in dropped)
    keys = {a.get("StructParent") for a in dropped.values()}
    nums = objects[_number(objects[_number(pdf.catalog["StructTreeRoot"])]["ParentTree"])]["Nums"]
    nums[:] = [x for i in range(0, len(nums) - 1, 2) if nums[i] not in keys for x in (nums[i], nums[i + 1])]


def unique_associated_files(pdf: Any) -> None:
    """List each associated file once in the catalogue ``/AF``; WeasyPrint (70) adds each twice."""
    import pydyf

    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))


def no_interpolation(pdf: Any) -> None:
    """Set ``/Interpolate false`` on every image, as PDF/A requires (ISO 19005-3 §6.2.8).

    WeasyPrint asks viewers to smooth images whenever CSS ``image-rendering`` is ``auto``, also
    in its PDF/A variants; archival viewers must show the pixels as they are.
    """
    for obj in pdf.objects:  # soft masks are image streams of their own: they are in the list
        if getattr(obj, "extra", None) is not None and obj.extra.get("Subtype") == "/Image":
            obj.extra["Interpolate"] = "false"
