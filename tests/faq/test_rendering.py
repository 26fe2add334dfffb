"""Answers are Markdown, shown as sanitised HTML: nothing in them can run or call the server."""

import pytest

from faq.rendering import excerpt, render_markdown


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<a href="https://example.com" hx-get="/admin/" hx-trigger="load">x</a>',
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)" style="color:red" class="x" id="y" data-x="1">hi</p>',
        '<iframe src="https://example.com"></iframe>',
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="vbscript:msgbox(1)">v</a>',
        "<form action='/x'><button>go</button></form>",
    ],
)
def test_dangerous_markup_is_removed(source):
    html = render_markdown(source)
    for bad in (
        "<script",
        "javascript:",
        "hx-",
        "onerror",
        "onclick",
        "style=",
        "<iframe",
        "data:",
        "vbscript:",
        "<img",
        "<form",
        "class=",
        "id=",
        "data-x",
    ):
        assert bad not in html.lower(), (bad, html)


def test_markdown_renders_and_safe_links_survive():
    html = render_markdown(
        "## Steps\n\n1. **Open** [help](https://example.com/help)\n2. Mail [us](mailto:a@b.c)\n"
        "3. [Form](/tickets/new/)\n\n| a | b |\n| --- | --- |\n| 1 | 2 |"
    )
    assert "<h2>Steps</h2>" in html
    assert "<strong>Open</strong>" in html
    assert 'href="https://example.com/help"' in html
    assert 'href="mailto:a@b.c"' in html
    assert 'href="/tickets/new/"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<td>1</td>" in html


def test_the_script_text_itself_is_dropped_not_shown():
    html = render_markdown("before <script>alert(1)</script> after")
    assert "alert" not in html
    assert "before" in html and "after" in html


def test_excerpt_is_plain_text_of_limited_length():
    text = excerpt("**굵게** 그리고 <b>x</b> " + "가" * 300, length=50)
    assert text.startswith("굵게 그리고 x")
    assert len(text) == 50 and text.endswith("…")
