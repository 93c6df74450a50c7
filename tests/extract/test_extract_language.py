"""The article's language: the page's declaration, unless the text clearly says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import read
from converter.extract.language import FUNCTION_WORDS, MIN_WORDS
from converter.extract.metadata import language_of

FRENCH = ("La mairie a présenté mardi le nouveau plan de circulation du centre-ville. Les travaux commencent "
          "au mois de mai et dureront tout l'été. Pour les habitants, des places de stationnement sont "
          "prévues dans les rues voisines, mais la circulation sera plus difficile le matin. Le maire "
          "explique que ce projet est attendu depuis longtemps par les commerçants du quartier.")
RUSSIAN = ("Во вторник мэрия представила новый план движения в центре города. Работы начнутся в мае и "
           "продлятся всё лето. Для жителей предусмотрены парковочные места на соседних улицах, но утром "
           "движение будет затруднено. Мэр объясняет, что этого проекта давно ждали торговцы квартала.")
UKRAINIAN = ("У вівторок мерія представила новий план руху в центрі міста. Роботи розпочнуться у травні й "
             "триватимуть усе літо. Для мешканців передбачено місця для паркування на сусідніх вулицях, але "
             "вранці рух буде ускладнено. Мер пояснює, що на цей проєкт давно чекали торговці кварталу.")
SPANISH = ("El ayuntamiento presentó el martes el nuevo plan de tráfico del centro de la ciudad. Las obras "
           "comienzan en mayo y durarán todo el verano. Para los vecinos hay plazas de aparcamiento en las "
           "calles cercanas, pero el tráfico será más difícil por la mañana. El alcalde explica que este "
           "proyecto fue muy esperado por los comerciantes del barrio.")
GERMAN = ("Die Stadtverwaltung hat am Dienstag den neuen Verkehrsplan für die Innenstadt vorgestellt. Die "
          "Arbeiten beginnen im Mai und dauern den ganzen Sommer. Für die Anwohner sind Parkplätze in den "
          "Nachbarstraßen vorgesehen, aber der Verkehr wird morgens schwieriger sein. Der Bürgermeister "
          "erklärt, dass die Händler des Viertels auf dieses Projekt schon lange gewartet haben.")
ENGLISH = ("The council presented the new traffic plan for the town centre on Tuesday. The works begin in "
           "May and will last all summer. For residents, parking spaces have been set aside in the nearby "
           "streets, but traffic will be slower in the morning. The mayor explains that this project has "
           "been awaited by the shopkeepers of the area for a long time.")
VIETNAMESE = ("Chiều ngày 14/3, Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch phát triển kinh tế "
              "năm 2024. Tham dự hội nghị có lãnh đạo các phòng, ban và đại diện các xã trên địa bàn.")
ITALIAN = ("Il comune ha presentato martedì il nuovo piano del traffico per il centro della città. I lavori "
           "iniziano a maggio e dureranno tutta l'estate. Per i residenti sono previsti parcheggi nelle vie "
           "vicine, ma il traffico sarà più difficile al mattino. Il sindaco spiega che il progetto era "
           "atteso da tempo dai commercianti del quartiere.")
PERSIAN = "شهرداری روز سه‌شنبه طرح جدید ترافیک مرکز شهر را معرفی کرد. کارها از ماه مه آغاز می‌شود."


@pytest.mark.parametrize(("text", "expected"), [
    (FRENCH, "fr"), (RUSSIAN, "ru"), (UKRAINIAN, "uk"), (SPANISH, "es"), (GERMAN, "de"), (VIETNAMESE, "vi"),
    (PERSIAN, "fa"),
])
def test_a_page_declared_english_over_text_in_another_language_is_in_that_language(text: str, expected: str) -> None:
    assert language_of(text, "en-us") == expected


@pytest.mark.parametrize(("text", "declared"), [
    (FRENCH, "fr-FR"), (ENGLISH, "en-us"), (RUSSIAN, "ru"), (SPANISH, "es-ES"), (GERMAN, "de-DE"),
    # A language declared in the text's own script stays: Ukrainian text declared Russian is the page's call.
    (UKRAINIAN, "ru-RU"),
])
def test_when_the_declaration_agrees_with_the_text_it_is_kept(text: str, declared: str) -> None:
    assert language_of(text, declared) == declared.split("-")[0].lower()


def test_short_text_keeps_the_declaration() -> None:
    short = "Le plan de circulation du centre-ville est présenté mardi."
    assert len(short.split()) < MIN_WORDS
    assert language_of(short, "en-us") == "en"


def test_text_that_mixes_two_languages_keeps_the_declaration() -> None:
    assert language_of(f"{ENGLISH} {FRENCH}", "en-us") == "en"
    assert language_of(f"{ENGLISH} {FRENCH}", "fr") == "fr"


def test_a_declared_language_the_text_cannot_be_measured_against_is_kept() -> None:
    assert language_of(ITALIAN, "it-IT") == "it"


def test_without_a_declaration_the_text_decides_and_english_is_the_last_resort() -> None:
    assert language_of(GERMAN, "") == "de"
    assert language_of("Kurz.", "") == "en"
    assert language_of(SPANISH, "", "en-US") == "es"  # the site's culture is a declaration like lang


def test_no_function_word_is_listed_for_two_languages() -> None:
    for lang, words in FUNCTION_WORDS.items():
        for other, other_words in FUNCTION_WORDS.items():
            assert lang == other or not words & other_words, (lang, other, words & other_words)


def test_a_french_article_on_a_site_declared_english_is_french(tmp_path: Path) -> None:
    html = (f'<html lang="en-us"><head><title>Plan de circulation</title></head><body>'
            f'<table id="tableforprint"><tr><td><p class="Title">Plan de circulation</p></td></tr>'
            f'<tr><td><div class="ExternalClass1"><p>{FRENCH}</p></div></td></tr></table></body></html>')
    path = tmp_path / "article.html"
    path.write_text(html, encoding="utf-8")
    assert read(path).article.metadata.language == "fr"


def test_script_counting_by_ranges_equals_counting_with_character_classes() -> None:
    # script_counts counts letters per script with a binary search over code point ranges; a
    # character class per script (what it used before, compiled here) must count the same.
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from converter.extract import language

    classes = {code: re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in spans) + "]")
               for code, (spans, _) in language._SCRIPTS.items()}
    edges = sorted({chr(p) for spans, _ in language._SCRIPTS.values() for lo, hi in spans
                    for p in (lo - 1, lo, hi, hi + 1)})
    letters = st.one_of(st.sampled_from(edges), st.sampled_from("aếĐ ыїپ的한かאกα"), st.characters())

    @settings(max_examples=300, deadline=None)
    @given(st.lists(letters, max_size=60).map("".join))  # st.text drops sampled edges from an alphabet
    def same(text: str) -> None:
        assert language.script_counts(text) == {code: len(p.findall(text)) for code, p in classes.items()}

    same()
