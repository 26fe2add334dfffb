"""Korean particles follow how the word before them is read aloud."""

import pytest
from django.template import Context, Template

from helpdesk.particles import attach, final_sound, particle, resolve


@pytest.mark.parametrize(
    ("word", "kind", "expected"),
    [
        # Hangul: a final consonant or not, and ㄹ (which takes 로, not 으로)
        ("보통", "로", "으로"),
        ("높음", "으로", "으로"),
        ("배송", "이", "이"),
        ("스토어", "가", "가"),
        ("주문팀", "는", "은"),
        ("큐", "은", "는"),
        ("메일", "로", "로"),
        ("서울", "으로", "로"),
        ("메일", "을", "을"),
        ("고객센터", "과", "와"),
        ("상품", "와", "과"),
        # digits by their Korean reading: 일 이 삼 사 오 육 칠 팔 구, 영, 십 백 천
        ("HD-000011", "가", "이"),  # 일
        ("HD-000013", "가", "이"),  # 삼
        ("HD-000012", "이", "가"),  # 이
        ("HD-000014", "이", "가"),  # 사
        ("HD-000016", "가", "이"),  # 육
        ("HD-000017", "으로", "로"),  # 칠: ㄹ takes 로
        ("3", "으로", "으로"),  # 삼
        ("0", "가", "이"),  # 영
        ("10", "가", "이"),  # 십
        ("HD-000100", "를", "을"),  # 백
        ("2", "을", "를"),  # 이
        # Latin letters by their usual reading
        ("API", "가", "가"),  # 에이피아이
        ("SMS", "를", "를"),  # 에스엠에스
        ("URL", "로", "로"),  # 유알엘: ㄹ
        ("CRM", "이", "이"),  # 씨알엠
        ("email", "으로", "로"),  # 이메일
        ("admin", "가", "이"),  # 어드민
        ("server", "이", "가"),  # 서버
        # quotes and brackets between the word and its particle do not count
        ("“배송”", "이", "이"),
        ("(보통)", "으로", "으로"),
    ],
)
def test_the_particle_follows_the_final_sound_of_the_word(word, kind, expected):
    assert particle(word, kind) == expected


@pytest.mark.parametrize(
    ("word", "kind", "combined"),
    [
        ("help", "이", "이(가)"),
        ("check", "로", "(으)로"),
        ("", "를", "을(를)"),
        ("!!", "는", "은(는)"),
    ],
)
def test_an_unknown_reading_keeps_the_combined_form(word, kind, combined):
    assert final_sound(word) is None
    assert particle(word, kind) == combined


def test_attach_puts_the_particle_after_the_word():
    assert attach("HD-000013", "가") == "HD-000013이"
    assert attach("높음", "로") == "높음으로"


def test_resolve_settles_every_combined_particle_in_a_sentence():
    assert resolve("문의 HD-000013이(가) 접수되었습니다.") == "문의 HD-000013이 접수되었습니다."
    assert resolve("문의 HD-000012이(가) 접수되었습니다.") == "문의 HD-000012가 접수되었습니다."
    assert (
        resolve("배송 유형은 주문팀, 우선순위 높음(으)로 배정")
        == "배송 유형은 주문팀, 우선순위 높음으로 배정"
    )
    assert resolve("우선순위 보통(으)로, 메일(으)로") == "우선순위 보통으로, 메일로"
    assert resolve("help이(가) 있습니다") == "help이(가) 있습니다"  # unknown: left combined
    assert resolve("Category Delivery routes") == "Category Delivery routes"
    assert resolve(" (으)로 시작") == " (으)로 시작"  # nothing before it


def test_the_template_filters_resolve_and_attach_and_keep_escaping():
    rendered = Template(
        "{% load korean %}{% filter particles %}문의 {{ ref }}이(가) 접수{% endfilter %} "
        '{{ level|josa:"로" }} {{ evil|josa:"이" }}'
    ).render(Context({"ref": "HD-000012", "level": "높음", "evil": "<b>메일</b>"}))
    assert rendered == "문의 HD-000012가 접수 높음으로 &lt;b&gt;메일&lt;/b&gt;이"


def test_the_korean_catalog_writes_combined_particles_and_the_page_resolves_them(settings):
    from django.utils import translation

    with translation.override("ko"):
        sentence = translation.gettext("Thank you. Your inquiry %(reference)s is with us.") % {
            "reference": "HD-000012"
        }
    assert "이(가)" in sentence
    assert resolve(sentence) == "감사합니다. 문의 HD-000012가 접수되었습니다."


def test_no_korean_msgstr_fixes_a_particle_after_a_value():
    """A value followed by 이/가, 은/는, 을/를, (으)로 or 와/과 in a Korean msgstr takes the
    combined form, which the helper settles once the value is in."""
    import re
    from pathlib import Path

    catalog = Path(__file__).resolve().parents[2] / "locale" / "ko" / "LC_MESSAGES" / "django.po"
    entries = re.findall(r'^msgstr "(.*)"\n((?:".*"\n)*)', catalog.read_text(), re.MULTILINE)
    texts = [
        first + "".join(re.findall(r'^"(.*)"$', rest, re.MULTILINE)) for first, rest in entries
    ]
    value = r"(?:%\(\w+\)[sd]|\{\{[^}]*\}\})"
    fixed = re.compile(value + r"(이|가|은|는|을|를|으로|로|와|과)(?![가-힣(])")
    offending = [text for text in texts if fixed.search(text)]
    assert offending == []
    assert any("%(priority)s(으)로" in text for text in texts)
