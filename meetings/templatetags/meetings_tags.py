from django import template

from meetings.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ value|markdown }}: Markdown rendered and sanitised (see meetings/markdown.py)."""
    return render_markdown(text)


@register.inclusion_tag("includes/_year_chart.html")
def year_chart(years, title="Meetings per year"):
    """An accessible SVG bar chart of [(year, count)], drawn on the server: no script, no outside request."""
    counts = dict(years)
    if not counts:
        return {"bars": [], "title": title}
    first, last = min(counts), max(counts)
    span = list(range(first, last + 1))
    peak = max(counts.values())
    width, height, gap = 640, 170, 1
    bar = min(max(width / len(span) - gap, 1), 40)
    bars = []
    for index, year in enumerate(span):
        count = counts.get(year, 0)
        bar_height = round(count / peak * (height - 30), 1) if peak else 0
        bars.append(
            {
                "year": year,
                "count": count,
                "x": round(index * (bar + gap), 1),
                "y": round(height - 14 - bar_height, 1),
                "width": round(bar, 1),
                "height": bar_height,
            }
        )
    return {
        "bars": bars,
        "title": title,
        "width": width,
        "height": height,
        "first": first,
        "last": last,
        "peak": peak,
        "total": sum(counts.values()),
    }


@register.filter(name="web_url")
def web_url_filter(value):
    """{{ source.url|web_url }}: the address if it is an http or https one, else nothing (a javascript: or data:
    address written by any path, an import included, never becomes a live link)."""
    from meetings.models.base import is_web_url

    return value if is_web_url(value) else ""
