"""The hand-written CSS meets WCAG AA contrast (4.5:1 for text) in light and dark mode; nothing from a CDN."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "static" / "css" / "site.css").read_text()


def palettes():
    light = CSS.split("@media (prefers-color-scheme: dark)")[0]
    dark = CSS.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0]
    for name, block in (("light", light), ("dark", dark)):
        yield name, dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


PAIRS = [("fg", "bg"), ("muted", "bg"), ("accent", "bg"), ("fg", "panel"), ("muted", "panel"), ("accent", "panel"),
         ("accent-fg", "accent"), ("warn-fg", "warn-bg")]  # fmt: skip


@pytest.mark.parametrize("scheme, colours", list(palettes()))
def test_text_contrast_meets_wcag_aa(scheme, colours):
    for text, background in PAIRS:
        ratio = contrast(colours[text], colours[background])
        assert ratio >= 4.5, f"{scheme}: {text} on {background} is {ratio:.2f}:1"


def test_no_outside_requests_in_templates_or_css():
    sources = [CSS, *(p.read_text() for p in (ROOT / "templates").rglob("*.html"))]
    for text in sources:
        assert not re.search(r"""(?:src|href)=["']https?://(?!www\.wikidata\.org)""", text)
        assert "@import url(http" not in text
