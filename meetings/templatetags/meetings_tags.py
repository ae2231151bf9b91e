from django import template

from meetings.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ value|markdown }}: Markdown rendered and sanitised (see meetings/markdown.py)."""
    return render_markdown(text)
