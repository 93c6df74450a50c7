"""Decoding saved pages: BOMs, declarations, UTF-16, windows-1258 and detection, always NFC."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from factories import cp1258

from converter.load.encoding import decode

VI = "Phó Trưởng Ban Dân vận Trung ương làm việc với tỉnh An Giang về phòng, chống dịch"


def encode(text: str, encoding: str) -> bytes:
    return cp1258(text) if encoding == "cp1258" else text.encode(encoding)


def html(charset_decl: str = "") -> str:
    return f"<html><head>{charset_decl}<title>t</title></head><body><p>{VI}</p></body></html>"


@pytest.mark.parametrize(
    ("decl", "encoding"),
    [
        ('<meta charset="utf-8">', "utf-8"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">', "cp1258"),
        ('<meta charset="windows-1252">', "cp1252"),
    ],
)
def test_the_declared_charset_is_used(decl: str, encoding: str) -> None:
    text = html(decl) if encoding != "cp1252" else html(decl).replace(VI, "Café Zürich – naïve")
    data = encode(text, encoding)
    out, used, warnings = decode(data)
    assert codecs.lookup(used).name == codecs.lookup(encoding).name
    assert (VI if encoding != "cp1252" else "Café Zürich – naïve") in out
    assert not warnings


def test_windows_1258_combining_marks_come_out_nfc() -> None:
    data = cp1258(html('<meta charset="windows-1258">'))
    assert b"\xcc" in data or b"\xec" in data or b"\xd2" in data or b"\xf2" in data  # combining marks used
    out, _, _ = decode(data)
    assert unicodedata.is_normalized("NFC", out)
    assert VI in out


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-8"])
def test_a_byte_order_mark_wins(encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-8": codecs.BOM_UTF8}
    data = bom[encoding] + html('<meta charset="iso-8859-1">').encode(encoding)
    out, used, _ = decode(data)
    assert used == encoding and VI in out


def test_utf16_without_bom_is_recognised() -> None:
    out, used, _ = decode(html().encode("utf-16-le"))
    assert used == "utf-16-le" and VI in out


def test_an_xml_declaration_names_the_encoding() -> None:
    data = cp1258('<?xml version="1.0" encoding="windows-1258"?>' + html())
    out, used, _ = decode(data)
    assert used == "cp1258" and VI in out


def test_a_wrong_declaration_is_noticed_and_the_text_still_decodes() -> None:
    data = html('<meta charset="us-ascii">').encode("utf-8")
    out, used, warnings = decode(data, "p.html")
    assert VI in out and used == "utf-8"
    assert [w.code for w in warnings] == ["wrong-charset"]


def test_undeclared_single_byte_text_is_detected() -> None:
    french = ("Le conseil municipal s'est réuni jeudi soir à la mairie. Les élus ont débattu du budget "
              "prévisionnel, des travaux de l'école élémentaire et de la rénovation énergétique des bâtiments "
              "communaux. « Nous devons être prudents », a déclaré le maire. Le budget a été adopté.")
    out, used, _ = decode(html().replace(VI, french).encode("cp1252"))
    assert french in out and used == "cp1252"
