import pytest
from django.template import Context, Template

from meetings.markdown import render_markdown


def test_renders_markdown():
    html = render_markdown("**Modi** met *Takaichi*.\n\n- AI\n- chips")
    assert "<strong>Modi</strong>" in html
    assert "<em>Takaichi</em>" in html
    assert "<li>AI</li>" in html


@pytest.mark.parametrize(
    "dangerous, forbidden",
    [
        ("<script>alert(1)</script>", ["<script", "alert(1)"]),
        ('<img src="x" onerror="alert(1)">', ["onerror", "<img"]),
        ("[click](javascript:alert(1))", ["javascript:"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:"]),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", ["data:"]),
        ('<iframe src="https://example.org"></iframe>', ["<iframe"]),
        ('<p onclick="alert(1)">hi</p>', ["onclick"]),
        ("<style>body{display:none}</style>", ["<style", "display:none"]),
    ],
)
def test_sanitises_dangerous_html(dangerous, forbidden):
    html = render_markdown(f"Before {dangerous} after")
    for fragment in forbidden:
        assert fragment not in html
    assert "Before" in html and "after" in html


def test_links_get_rel_nofollow_noopener():
    html = render_markdown("[Source](https://example.org/report)")
    assert 'href="https://example.org/report"' in html
    assert 'rel="nofollow noopener"' in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_template_filter_uses_the_same_helper():
    rendered = Template("{% load meetings_tags %}{{ text|markdown }}").render(
        Context({"text": "**bold** <script>x()</script>"})
    )
    assert "<strong>bold</strong>" in rendered
    assert "<script" not in rendered
