"""Declared charsets mean what they mean to a browser (WHATWG Encoding Standard), not to Python.

A page saved from Word and declared iso-8859-1 carries its smart quotes and dashes as windows-1252
bytes 0x93, 0x94, 0x96; browsers read every latin1/ascii label as windows-1252, so must we.
"""

from __future__ import annotations

import codecs
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from converter.load.encoding import decode
from converter.load.mhtml import read_mhtml

BODY = b"<p>\x93Quoted\x94 \x96 caf\xe9 \x85 \x80 5</p>"
EXPECTED = "“Quoted” – café … € 5"


def page(decl: bytes) -> bytes:
    return b"<html><head>" + decl + b"<title>t</title></head><body>" + BODY + b"</body></html>"


@pytest.mark.parametrize("label", [b"iso-8859-1", b"ISO-8859-1", b"latin1", b"l1", b"ascii", b"us-ascii",
                                   b"windows-1252", b" cp1252"])
def test_latin1_and_ascii_labels_are_read_as_windows_1252(label: bytes) -> None:
    out, used, warnings = decode(page(b'<meta charset="' + label + b'">'))
    assert EXPECTED in out
    assert not any("\x80" <= c <= "\x9f" for c in out)  # no C1 control characters reach the model
    assert codecs.lookup(used).name == "cp1252"
    assert not warnings


def test_the_http_equiv_and_xml_forms_use_the_same_table() -> None:
    for decl in (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
                 b'<?xml version="1.0" encoding="iso-8859-1"?>'):
        out, used, _ = decode(decl + page(b""))
        assert EXPECTED in out and codecs.lookup(used).name == "cp1252"


def test_the_five_bytes_cp1252_leaves_undefined_decode_as_browsers_do() -> None:
    # WHATWG's windows-1252 index maps 0x81 0x8D 0x8F 0x90 0x9D to the C1 code points; Python raises.
    out, used, warnings = decode(page(b'<meta charset="iso-8859-1">').replace(b" 5<", b" \x81\x9d 5<"))
    assert "€ \x81\x9d 5" in out and codecs.lookup(used).name == "cp1252" and not warnings


def test_other_whatwg_labels_name_their_browser_encodings() -> None:
    # tis-620 is windows-874 to a browser; iso-8859-9 is windows-1254.
    out, used, _ = decode(page(b'<meta charset="tis-620">').replace(BODY, "<p>ภาษาไทย</p>".encode("cp874")))
    assert "ภาษาไทย" in out and codecs.lookup(used).name == "cp874"
    out, used, _ = decode(page(b'<meta charset="iso-8859-9">').replace(BODY, b"<p>\x93\xd0\xfe\x94</p>"))
    assert "“Ğş”" in out and codecs.lookup(used).name == "cp1254"


@pytest.mark.parametrize(("bom", "encoding"), [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                               (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_a_byte_order_mark_beats_a_latin1_declaration(bom: bytes, encoding: str) -> None:
    text = '<html><head><meta charset="iso-8859-1"></head><body><p>“Quoted” – café</p></body></html>'
    out, used, _ = decode(bom + text.encode(encoding))
    assert used == encoding and "“Quoted” – café" in out


def test_an_unknown_label_is_reported_and_the_text_detected() -> None:
    data = page(b'<meta charset="x-invented-8">').replace(BODY, "<p>“Quoted” – café</p>".encode())
    out, used, warnings = decode(data, "p.html")
    assert "“Quoted” – café" in out and used == "utf-8"
    assert [w.code for w in warnings] == ["wrong-charset"] and "x-invented-8" in warnings[0].message


def test_a_python_only_label_is_unknown_as_it_is_to_browsers() -> None:
    # "utf_8_sig" is a Python codec name, not a WHATWG label: the windows-1252 bytes are detected.
    out, _, warnings = decode(page(b'<meta charset="utf_8_sig">'))
    assert [w.code for w in warnings] == ["wrong-charset"]
    assert "\x93" not in out


def test_an_mhtml_part_charset_is_read_as_a_browser_reads_it() -> None:
    msg = EmailMessage()
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    html = EmailMessage()
    html.set_content(page(b""), maintype="text", subtype="html", cte="quoted-printable")
    html.set_param("charset", "iso-8859-1")
    html["Content-Location"] = "https://portal.example.org/Pages/a.aspx"
    msg.attach(html)
    text, _, _, warnings = read_mhtml(msg.as_bytes(policy=SMTP), "a.mht", False)
    assert EXPECTED in text and not any("\x80" <= c <= "\x9f" for c in text) and not warnings
