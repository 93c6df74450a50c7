"""MHTML archives: the page part, quoted-printable text, base64 images by location and by cid."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from factories import photo_bytes

from converter import read
from converter.walk import figures, plain_text

PAGE = """<html><body><table id="tableforprint"><tr><td><p class="Title">Bài lưu dạng MHTML</p></td></tr>
<tr><td><div class="ExternalClass1">
<p>Đoạn văn có dấu tiếng Việt: Phước, Nưng, Hồ Chí Minh.</p>
<p><img src="images/anh-1.jpg"></p><p><em>Ảnh theo địa chỉ</em></p>
<p><img src="cid:anh2@mhtml"></p><p><em>Ảnh theo cid</em></p>
</div></td></tr></table></body></html>"""


def make_mhtml(path: Path) -> None:
    msg = EmailMessage()
    msg["MIME-Version"] = "1.0"
    msg["Snapshot-Content-Location"] = "https://portal.example.vn/tin/Pages/bai.aspx"
    msg.make_related()
    html = EmailMessage()
    html.set_content(PAGE, subtype="html", charset="utf-8", cte="quoted-printable")
    html["Content-Location"] = "https://portal.example.vn/tin/Pages/bai.aspx"
    msg.attach(html)
    for name, cid in (("https://portal.example.vn/tin/Pages/images/anh-1.jpg", None), ("x.jpg", "<anh2@mhtml>")):
        img = EmailMessage()
        img.set_content(photo_bytes(64, 48), maintype="image", subtype="jpeg", cte="base64")
        img["Content-Location"] = name
        if cid:
            img["Content-ID"] = cid
        msg.attach(img)
    path.write_bytes(msg.as_bytes(policy=SMTP))


def test_an_mhtml_page_reads_with_its_images_and_captions(tmp_path: Path) -> None:
    path = tmp_path / "bai.mht"
    make_mhtml(path)
    result = read(path)
    art = result.article
    assert art.metadata.title == "Bài lưu dạng MHTML"
    assert "Phước, Nưng, Hồ Chí Minh" in plain_text(art.blocks[0].children)  # type: ignore[union-attr]
    figs = figures(art.blocks)
    assert [plain_text(f.caption) for f in figs] == ["Ảnh theo địa chỉ", "Ảnh theo cid"]
    assert all(art.resource(f.image.resource) is not None for f in figs)
    assert art.metadata.source_url == "https://portal.example.vn/tin/Pages/bai.aspx"
    assert not [w for w in result.warnings if w.code == "missing-image"]


def test_parts_saved_under_wayback_addresses_are_found_by_the_original_address(tmp_path: Path) -> None:
    from converter.load.page import load

    msg = EmailMessage()
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    html = EmailMessage()
    html.set_content(PAGE.replace("images/anh-1.jpg", "http://portal.example.vn/anh.jpg"), subtype="html",
                     charset="utf-8", cte="quoted-printable")
    html["Content-Location"] = "https://web.archive.org/web/20190726101010/http://portal.example.vn/bai.aspx"
    msg.attach(html)
    img = EmailMessage()
    img.set_content(photo_bytes(64, 48), maintype="image", subtype="jpeg", cte="base64")
    img["Content-Location"] = "https://web.archive.org/web/20190726101010im_/http://portal.example.vn/anh.jpg"
    msg.attach(img)
    path = tmp_path / "bai.mhtml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    page = load(path)
    assert page.saved_from == "http://portal.example.vn/bai.aspx"
    assert page.resolver.resolve("http://portal.example.vn/anh.jpg") is not None
    assert page.resolver.resolve("file:///C:/anh.jpg") is None  # not in the archive; the disk is never read


def test_an_archive_without_locations_takes_the_source_url_from_the_saved_from_comment(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    html = EmailMessage()
    page = "<!-- saved from url=(0044)https://portal.example.vn/tin/Pages/bai.aspx -->\n" + PAGE.replace(
        'src="images/anh-1.jpg"', 'src="cid:anh1@mhtml"')
    html.set_content(page, subtype="html", charset="utf-8", cte="quoted-printable")
    msg.attach(html)
    for cid in ("<anh1@mhtml>", "<anh2@mhtml>"):
        img = EmailMessage()
        img.set_content(photo_bytes(64, 48), maintype="image", subtype="jpeg", cte="base64")
        img["Content-ID"] = cid
        msg.attach(img)
    path = tmp_path / "bai.mhtml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    art = read(path).article
    assert art.metadata.source_url == "https://portal.example.vn/tin/Pages/bai.aspx"
    assert all(art.resource(f.image.resource) is not None for f in figures(art.blocks))
