"""`portalconv verify`: complete outputs pass; damaged ones fail and name what is missing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from factories import rewrite_zip
from typer.testing import CliRunner

from converter import api, jsonio
from converter import model as m
from converter.cli import app
from converter.errors import InputError
from converter.schema import article_schema
from converter.verify import verify
from converter.writers import VERIFIABLE

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.html"))
runner = CliRunner()


@pytest.fixture(scope="module", params=SAMPLES, ids=[p.stem for p in SAMPLES])
def outputs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    page: Path = request.param
    out = tmp_path_factory.mktemp(page.stem)
    written, _ = api.convert(page, sorted(VERIFIABLE), out)
    return {"page": page, "article": api.read(page).article, **written}


@pytest.mark.parametrize("fmt", sorted(VERIFIABLE))
def test_every_sample_output_verifies_complete(outputs: dict[str, Any], fmt: str) -> None:
    report = verify(outputs["article"], outputs[fmt])
    assert report.complete, report.missing
    assert all(found == wanted for _, found, wanted in report.rows), report.rows


def test_the_verify_command_prints_a_table_and_exits_0(outputs: dict[str, Any]) -> None:
    result = runner.invoke(app, ["verify", str(outputs["page"]), str(outputs["docx"]), str(outputs["epub"])])
    assert result.exit_code == 0, result.output
    assert "complete" in result.output and "figure with caption" in result.output


def _first_caption(art: m.Article) -> str:
    from converter.walk import figures, plain_text

    return next(plain_text(f.caption) for f in figures(art.blocks) if f.caption)


PORTAL = next(p for p in SAMPLES if p.stem == "vn-portal-news")


def _figure_chapter(epub: Path) -> str:
    """The content document holding the figures (not the cover page or the nav)."""
    with zipfile.ZipFile(epub) as zf:
        return next(n for n in zf.namelist() if n.endswith(".xhtml") and b"<figure" in zf.read(n))


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("portal")
    written, _ = api.convert(PORTAL, ["docx", "epub"], out)
    return {"article": api.read(PORTAL).article, **written, "dir": out}


def test_a_docx_with_a_caption_removed_fails_naming_it(portal: dict[str, Any]) -> None:
    caption = _first_caption(portal["article"])

    def drop_caption(xml: bytes) -> bytes:
        text = xml.decode()
        paras = re.findall(r"<w:p[ >].*?</w:p>", text, flags=re.S)
        victim = next(p for p in paras if 'w:val="Caption"' in p and "SEQ" in p)
        return text.replace(victim, "", 1).encode()

    damaged = portal["dir"] / "no-caption.docx"
    rewrite_zip(portal["docx"], damaged, {"word/document.xml": drop_caption})
    report = verify(portal["article"], damaged)
    assert not report.complete
    assert any(caption[:40] in item for item in report.missing), report.missing


def test_a_docx_with_a_paragraph_removed_and_a_title_changed_fails(portal: dict[str, Any]) -> None:
    art: m.Article = portal["article"]
    para = next(b for b in art.blocks if isinstance(b, m.Paragraph))
    from converter.walk import plain_text

    words = plain_text(para.children)[:30]

    def drop_paragraph(xml: bytes) -> bytes:
        text = xml.decode()
        victim = next(p for p in re.findall(r"<w:p[ >].*?</w:p>", text, flags=re.S) if words in p)
        return text.replace(victim, "", 1).encode()

    def change_title(xml: bytes) -> bytes:
        return re.sub(rb"<dc:title>.*?</dc:title>", "<dc:title>Sai tiêu đề</dc:title>".encode(), xml)

    damaged = portal["dir"] / "damaged.docx"
    rewrite_zip(portal["docx"], damaged, {"word/document.xml": drop_paragraph, "docProps/core.xml": change_title})
    missing = verify(art, damaged).missing
    assert any(item.startswith("paragraph: " + words[:20]) for item in missing), missing
    assert any(item.startswith("metadata title") and "Sai tiêu đề" in item for item in missing), missing


def test_an_epub_with_an_image_dropped_fails(portal: dict[str, Any]) -> None:
    def drop_img(xml: bytes) -> bytes:
        return re.sub(rb"<img [^>]*/>", b"", xml, count=1)

    chapter = _figure_chapter(portal["epub"])
    damaged = portal["dir"] / "no-image.epub"
    rewrite_zip(portal["epub"], damaged, {chapter: drop_img})
    missing = verify(portal["article"], damaged).missing
    assert any(item.startswith("figure (photo)") for item in missing), missing
    assert any(item.startswith("images: 4 of 5") for item in missing), missing


def test_an_epub_with_a_caption_moved_out_of_its_figure_fails(portal: dict[str, Any]) -> None:
    def unwrap(xml: bytes) -> bytes:
        # <figure><img/><figcaption>X</figcaption></figure> → <figure><img/></figure><p>X</p>
        found = re.search(rb"<figcaption>(.*?)</figcaption>\s*</figure>", xml, flags=re.S)
        assert found is not None
        return xml[: found.start()] + b"</figure><p>" + found.group(1) + b"</p>" + xml[found.end():]

    chapter = _figure_chapter(portal["epub"])
    damaged = portal["dir"] / "loose-caption.epub"
    rewrite_zip(portal["epub"], damaged, {chapter: unwrap})
    missing = verify(portal["article"], damaged).missing
    assert any(item.startswith("figure (photo) with caption") for item in missing), missing


def test_an_output_that_cannot_be_read_back_is_incomplete_not_a_crash(portal: dict[str, Any]) -> None:
    docx, epub = portal["dir"] / "cut.docx", portal["dir"] / "no-opf.epub"
    data = portal["docx"].read_bytes()
    docx.write_bytes(data[: len(data) // 2])  # a truncated copy: no zip directory
    rewrite_zip(portal["epub"], epub, {n: lambda _: None for n in _opf_names(portal["epub"])})
    for damaged, why in ((docx, "BadZipFile"), (epub, "KeyError")):
        report = verify(portal["article"], damaged)
        assert not report.complete and len(report.missing) == 1, report.missing
        assert report.missing[0].startswith("everything: the file cannot be read back") and why in report.missing[0]
    result = runner.invoke(app, ["verify", str(PORTAL), str(docx)])
    assert result.exit_code == 9 and "cannot be read back" in result.output


def test_a_damaged_pdf_is_reported_once_without_the_pdf_library_s_own_log_lines(portal: dict[str, Any]) -> None:
    pdf = portal["dir"] / "cut.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")  # no cross-reference table, no %%EOF
    # The console script (not CliRunner), since logging is set up in converter.cli.main.
    proc = subprocess.run([sys.executable, "-c", "from converter.cli import main; main()", "verify", str(PORTAL),
                           str(pdf)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 9 and "cannot be read back" in proc.stdout
    assert proc.stderr == ""


def _opf_names(epub: Path) -> list[str]:
    with zipfile.ZipFile(epub) as zf:
        return [n for n in zf.namelist() if n.endswith(".opf")]


def test_a_pdf_missing_a_caption_or_a_photo_fails(tmp_path: Path) -> None:
    import pikepdf

    art = api.read(PORTAL).article
    caption = _first_caption(art)
    fig_index = next(i for i, b in enumerate(art.blocks) if isinstance(b, m.Figure))
    fig = art.blocks[fig_index]
    assert isinstance(fig, m.Figure)
    damaged_blocks = list(art.blocks)
    damaged_blocks[fig_index] = replace(fig, caption=(), image=replace(fig.image, resource=None))
    pdf = tmp_path / "damaged.pdf"
    api.write(replace(art, blocks=tuple(damaged_blocks)), pdf, "pdf")
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        doc.docinfo["/Title"] = "Tiêu đề khác"
        doc.save(pdf)
    result = runner.invoke(app, ["verify", str(PORTAL), str(pdf)])
    assert result.exit_code == 9
    assert caption[:40] in result.output
    assert "images: 4 of 5" in result.output
    assert "metadata title" in result.output


def test_convert_verify_checks_what_it_just_wrote(tmp_path: Path) -> None:
    result = runner.invoke(app, [str(PORTAL), "--to", "epub,json", "-o", str(tmp_path), "--verify"])
    assert result.exit_code == 0, result.output


def test_the_schema_command_prints_a_valid_schema_that_every_sample_json_satisfies() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema == article_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for page in SAMPLES:
        doc = json.loads(jsonio.dumps(api.read(page).article))
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    bad = json.loads(jsonio.dumps(api.read(PORTAL).article))
    bad["article"]["metadata"]["views"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


def test_an_output_that_is_missing_or_not_a_file_is_an_input_error(tmp_path: Path) -> None:
    article = api.read(PORTAL).article
    with pytest.raises(InputError, match="no such file"):
        verify(article, tmp_path / "khong-co.docx")
    (tmp_path / "thu-muc.epub").mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        verify(article, tmp_path / "thu-muc.epub")


@pytest.mark.parametrize("fmt", sorted(VERIFIABLE))
def test_a_relative_link_is_printed_with_its_target_and_verifies(tmp_path: Path, fmt: str) -> None:
    para = m.Paragraph((m.Text("Xem "), m.Link((m.Text("báo cáo"),), "/img/bao%20cao.pdf"),
                        m.Text(" trước cuộc họp chiều nay của sở.")))
    article = m.article("Liên kết tương đối", para, language="vi")
    target = tmp_path / f"bai.{fmt}"
    api.write(article, target, fmt)
    report = verify(article, target)
    assert report.complete, report.missing
    # Without the target in the document, the sentence as the model prints it would not be found.
    shown = "Xem báo cáo [/img/bao cao.pdf] trước cuộc họp"
    damaged = replace(article, blocks=(m.Paragraph((m.Text("Xem báo cáo trước cuộc họp chiều nay của sở."),)),))
    other = tmp_path / f"khong-dich.{fmt}"
    api.write(damaged, other, fmt)
    assert any(shown in item for item in verify(article, other).missing)


def test_a_docx_whose_photo_file_is_gone_fails_on_its_images(portal: dict[str, Any]) -> None:
    with zipfile.ZipFile(portal["docx"]) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    damaged = portal["dir"] / "no-photo.docx"
    rewrite_zip(portal["docx"], damaged, {media[0]: lambda _: None})
    report = verify(portal["article"], damaged)
    assert not report.complete and any(item.startswith("images: ") for item in report.missing), report.missing


@pytest.mark.parametrize("fmt", sorted(VERIFIABLE))
def test_a_photo_shown_twice_verifies_and_a_lost_one_is_still_missed(tmp_path: Path, fmt: str) -> None:
    from factories import photo_bytes, resource

    icon, photo = resource(photo_bytes(24, 24, fmt="PNG"), "image/png"), resource(photo_bytes())
    icon_fig = m.Figure(m.Image("pdf.png", resource=icon.key), link="http://example.org/a.pdf")
    blocks = (m.para("Hai tài liệu kèm theo bài viết này, mỗi tài liệu có một biểu tượng."), icon_fig,
              replace(icon_fig, link="http://example.org/b.pdf"), m.Figure(m.Image("anh.jpg", resource=photo.key)))
    article = m.Article(m.Metadata(title="Ảnh lặp lại", language="vi"), blocks, (icon, photo))
    target = tmp_path / f"bai.{fmt}"
    api.write(article, target, fmt)
    report = verify(article, target)
    assert report.complete, report.missing
    lost = replace(article, blocks=blocks[:3])
    api.write(lost, target, fmt)
    # Counted as pictures shown (DOCX, EPUB) or as image objects (PDF, where the icon is one).
    counted = "images: 1 of 2" if fmt == "pdf" else "images: 2 of 3"
    assert any(item.startswith(counted) for item in verify(article, target).missing)
