"""Bulletin assembly, options and the shared XHTML: order, grouping, figure numbers, shared images, TOML."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from bulletin_support import SAMPLES, sample_items
from factories import photo_bytes, resource
from lxml import etree
from typer.testing import CliRunner

from converter import model as m
from converter.bulletin.assemble import assemble, order_items, share_resources
from converter.bulletin.config import BulletinOptions, load_config, options_from, parse_bleed, parse_marks
from converter.bulletin.html import renumber
from converter.bulletin.model import FrontMatter
from converter.cli import app
from converter.errors import InputError
from converter.render.html import article_element


def dated(title: str, day: int | None, category: str = "", figures: int = 0, lang: str = "vi") -> m.Article:
    published = m.DateValue(f"{day}/03/2024", datetime(2024, 3, day, tzinfo=UTC)) if day else None
    blocks = tuple(m.figure(f"p{i}.jpg", f"Ảnh {i}") for i in range(figures))
    return m.article(title, *blocks, published=published, category=category, language=lang)


ITEMS = [("a", dated("A", 14, "Kinh tế", 2)), ("b", dated("B", None, "", 1)), ("c", dated("C", 12, "Xã hội")),
         ("d", dated("D", 13, "Kinh tế", 3))]


def titles(bulletin: object) -> list[str]:
    return [e.article.metadata.title for e in bulletin.entries()]  # type: ignore[attr-defined]


def test_given_order_keeps_the_inputs_order() -> None:
    assert titles(assemble(ITEMS, FrontMatter(), BulletinOptions())) == ["A", "B", "C", "D"]


def test_date_order_is_oldest_first_with_undated_articles_last() -> None:
    assert [i[1].metadata.title for i in order_items(ITEMS, "date")] == ["C", "D", "A", "B"]


def test_category_order_is_alphabetical_with_uncategorised_last_and_stable() -> None:
    assert [i[1].metadata.title for i in order_items(ITEMS, "category")] == ["A", "D", "C", "B"]


def test_grouping_makes_a_section_per_category_in_order_of_first_article_and_other_news_last() -> None:
    bulletin = assemble(ITEMS, FrontMatter(), BulletinOptions(group_by="category"))
    assert [(s.heading, [e.article.metadata.title for e in s.entries]) for s in bulletin.sections] == [
        ("Kinh tế", ["A", "D"]), ("Xã hội", ["C"]), ("Tin khác", ["B"])]
    assert [e.number for e in bulletin.entries()] == [1, 2, 3, 4]


def test_figures_are_numbered_through_the_bulletin_in_reading_order() -> None:
    bulletin = assemble(ITEMS, FrontMatter(), BulletinOptions(group_by="category"))
    assert [(e.article.metadata.title, e.first_figure) for e in bulletin.entries()] == [
        ("A", 1), ("D", 3), ("C", 6), ("B", 6)]


def test_the_same_photo_in_two_articles_becomes_one_shared_resource() -> None:
    photo = resource(photo_bytes())
    one = replace(m.article("1", m.figure("x.jpg", resource=photo.key)), resources=(photo,))
    two = replace(m.article("2", m.figure("y.jpg", resource=photo.key)), resources=(replace(photo, origin="y"),))
    articles, pool = share_resources([one, two])
    assert len(pool) == 1
    assert articles[0].resources[0] is articles[1].resources[0]


def test_different_bytes_under_one_key_get_a_new_key_and_the_figure_follows() -> None:
    a, b = resource(photo_bytes()), resource(photo_bytes(color=(200, 10, 10)))
    clash = replace(b, key=a.key)
    one = replace(m.article("1", m.figure("x.jpg", resource=a.key)), resources=(a,))
    quoted = m.Quote((m.figure("y.jpg", resource=a.key),))
    two = replace(m.article("2", quoted), resources=(clash,))
    articles, pool = share_resources([one, two])
    assert len(pool) == 2
    figure = articles[1].blocks[0].blocks[0]  # type: ignore[union-attr]
    assert articles[1].resource(figure.image.resource).data == b.data  # type: ignore[union-attr]


def test_bulletin_timestamp_is_its_date_else_the_newest_article_else_none() -> None:
    assert assemble(ITEMS, FrontMatter(date=date(2024, 3, 20)), BulletinOptions()).moment() == datetime(
        2024, 3, 20, tzinfo=UTC)
    assert assemble(ITEMS, FrontMatter(), BulletinOptions()).moment() == datetime(2024, 3, 14, tzinfo=UTC)
    assert assemble([ITEMS[1]], FrontMatter(), BulletinOptions()).moment() is None


def test_language_defaults_to_the_most_common_article_language() -> None:
    items = [("x", dated("X", 1, lang="en")), ("y", dated("Y", 2)), ("z", dated("Z", 3))]
    assert assemble(items, FrontMatter(), BulletinOptions()).language == "vi"
    assert assemble(items, FrontMatter(language="en"), BulletinOptions()).language == "en"


def test_renumber_continues_figure_labels_and_prefixes_other_ids() -> None:
    bulletin = assemble(ITEMS, FrontMatter(), BulletinOptions())
    entry = list(bulletin.entries())[3]  # D: figures 4, 5, 6
    el = article_element(entry.article, lambda res: res.key)
    renumber(el, entry, "article-4-")
    labels = [s.text for s in el.iter("{*}span") if s.get("class") == "figure-label"]
    assert labels == ["Hình 4. ", "Hình 5. ", "Hình 6. "]
    ids = [x.get("id") for x in el.iter() if x.get("id")]
    assert ids == ["fig-4", "fig-5", "fig-6"]
    assert etree.tostring(el)  # still serialisable


def test_samples_assemble_with_their_photos_held_once() -> None:
    items = sample_items()
    doubled = items + items[:1]
    bulletin = assemble(doubled, FrontMatter(), BulletinOptions())
    keys = [r.key for r in bulletin.resources]
    assert len(keys) == len(set(keys))
    assert len(bulletin.resources) == len({r.key for _, a in items for r in a.resources})


# --------------------------------------------------------------------------- options and TOML


def test_a_toml_file_gives_front_matter_and_options(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(photo_bytes(40, 20, fmt="PNG"))
    config = tmp_path / "bulletin.toml"
    config.write_text('title = "Bản tin"\nissue = 12\ndate = 2024-03-15\nlogo = "logo.png"\nnote = """A\n\nB"""\n'
                      'order = "date"\ngroup_by = "category"\nstart_on = "right"\npaper = "a5"\nbleed = "3 mm"\n'
                      'marks = ["cross", "crop"]\n', encoding="utf-8")
    front, options = load_config(config)
    assert (front.title, front.issue, front.date, front.note) == ("Bản tin", "12", date(2024, 3, 15), "A\n\nB")
    assert front.logo is not None and front.logo.media_type == "image/png"
    assert options == BulletinOptions(order="date", group_by="category", start_on="right", paper="A5",
                                      bleed="3mm", marks=("crop", "cross"))
    assert options.mirrored


@pytest.mark.parametrize("text", ['colour = "red"\n', 'order = "random"\n', 'date = "15/03/2024"\n',
                                  'bleed = "3em"\n', "image_dpi = 10\n", "title = \n",
                                  'language = "tiếng Việt"\n'])
def test_a_bad_toml_file_is_an_input_error_naming_it(tmp_path: Path, text: str) -> None:
    config = tmp_path / "bulletin.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"bulletin\.toml"):
        load_config(config)


def test_command_line_values_override_and_are_checked() -> None:
    assert options_from({"order": "Category", "marks": "crop,cross", "duplex": None}).order == "category"
    assert parse_bleed("0.125in") == "0.125in"
    assert parse_marks("none") == ()
    with pytest.raises(InputError):
        options_from({"paper": "Letter"})


# --------------------------------------------------------------------------- command line


def test_bulletin_is_a_subcommand_with_its_options() -> None:
    result = CliRunner().invoke(app, ["bulletin", "--help"])
    assert result.exit_code == 0
    for option in ("--config", "--order", "--group-by", "--start-on", "--paper", "--bleed", "--marks",
                   "--pdf-standard"):
        assert option in result.output


def test_an_output_that_is_no_bulletin_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bulletin", str(SAMPLES), "-o", str(tmp_path / "b.json")])
    assert result.exit_code == 2
    result = CliRunner().invoke(app, ["bulletin", str(SAMPLES), "-o", str(tmp_path / "b.pdf"), "--order", "x"])
    assert result.exit_code == 2


def test_inputs_without_any_article_exit_4(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><div id='s4-ribbonrow'>menu</div></body></html>")
    result = CliRunner().invoke(app, ["bulletin", str(tmp_path), "-o", str(tmp_path / "b.epub")])
    assert result.exit_code == 4, result.output
    assert not (tmp_path / "b.epub").exists()


def test_the_command_writes_a_bulletin_from_a_folder_and_a_config(tmp_path: Path) -> None:
    config = tmp_path / "b.toml"
    config.write_text('title = "Weekly"\ngroup_by = "category"\n', encoding="utf-8")
    out = tmp_path / "weekly.epub"
    result = CliRunner().invoke(app, ["bulletin", str(SAMPLES), "--config", str(config), "--order", "date",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and str(out) in result.output


def test_the_running_head_is_the_section_else_the_category_else_the_articles_title() -> None:
    from converter.bulletin.html import running_head

    grouped = assemble(ITEMS, FrontMatter(title="Bản tin"), BulletinOptions(group_by="category"))
    plain = assemble(ITEMS, FrontMatter(title="Bản tin"), BulletinOptions())
    for bulletin in (grouped, plain):
        for section in bulletin.sections:
            for entry in section.entries:
                md = entry.article.metadata
                assert running_head(section, entry) == (section.heading or md.category or md.title)
                assert running_head(section, entry) != "Bản tin"  # already at the other end of the head
