from html import escape

from django import template
from django.http import QueryDict
from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe

from meetings import charts, facets, maps
from meetings.links import slug_url
from meetings.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ value|markdown }}: Markdown rendered and sanitised (see meetings/markdown.py)."""
    return render_markdown(text)


@register.inclusion_tag("includes/_year_chart.html", takes_context=True)
def year_chart(context, years, title="Meetings per year"):
    """{% year_chart years title %}: the bar chart of [(year, count)], each bar linking to the meeting list of the
    page's filters (``filter_query``, or on the list itself the visitor's) in that year (meetings/charts.py)."""
    filter_query = context.get("filter_query")
    if filter_query:
        params = QueryDict(filter_query.lstrip("?"))
    else:
        request = context.get("request")
        params = request.GET if request is not None else QueryDict()
    chart = charts.year_chart(years, params, title=title)
    return {"chart": chart, "bars": charts.bars_markup(chart) if chart else ""}


@register.simple_tag(takes_context=True)
def world_map(context):
    """{% world_map %} on a country page: its partners (counted by the view with its other figures, once per version
    of the archive) on the world map (meetings/maps.py), written by maps.world_map_markup."""
    return mark_safe(maps.world_map_markup(maps.world_map(context["object"], context["map_partners"])))  # noqa: S308


@register.inclusion_tag("includes/_timeline.html", takes_context=True)
def pair_timeline(context):
    """{% pair_timeline %} on a pair page: its meetings (already fetched for the page) and summits over time."""
    drawing = charts.pair_timeline(context["meetings"], context["summits"])
    names = f"{context['first'].name} and {context['second'].name}"
    return {**_timeline_parts(drawing), "id": "timeline-pair", "subject": f"Meetings between {names}"}


@register.inclusion_tag("includes/_timeline.html", takes_context=True)
def leader_timeline(context):
    """{% leader_timeline %} on a leader page: offices held as bands, published meetings as marks (the view's
    ``timeline_rows``: charts.leader_timeline_rows)."""
    leader = context["object"]
    return {
        **_timeline_parts(charts.leader_timeline(context["timeline_rows"])),
        "id": "timeline-leader",
        "heading": "Timeline",
        "subject": f"Offices and meetings of {leader.name}",
    }


def _timeline_parts(drawing):
    """What _timeline.html places: the drawing, and the markup of its meetings' and summits' marks."""
    if not drawing:
        return {"timeline": drawing}
    return {"timeline": drawing, "marks": charts.marks_markup(drawing), "summits": charts.summits_markup(drawing)}


@register.filter(name="web_url")
def web_url_filter(value):
    """{{ source.url|web_url }}: the address if it is an http or https one, else nothing (a javascript: or data:
    address written by any path, an import included, never becomes a live link)."""
    from meetings.models.base import is_web_url

    return value if is_web_url(value) else ""


def _row_date(day, months):
    """<time> of a day in a row: "2025-11-23" for machines, "23 Nov 2025" to read (the date filter's "j M Y")."""
    if day is None:
        return '<time datetime=""></time>'
    return f'<time datetime="{day.isoformat()}">{day.day} {months[day.month]} {day.year:04d}</time>'


@register.simple_tag
def topics_table(topics_by_year):
    """{% topics_table topics_by_year %}: the table of the most frequent topics of a country's or a pair's meetings
    ([(name, slug, [(year, count)])], views._topics_by_year), each with its meetings by year ("2019 (3), 2020 (1)"),
    written with f-strings and html.escape: as a template loop its 600 cells took about 20 ms of a country page
    built cold at 100,000 meetings. Nothing when there is no topic."""
    if not topics_by_year:
        return "\n"
    rows = "".join(
        f'\n    <tr><th scope="row"><a href="{escape(slug_url("topic_detail", slug))}">{escape(name)}</a></th>'
        f"<td>{', '.join(f'{year} ({n})' for year, n in years)}</td></tr>\n  "
        for name, slug, years in topics_by_year
    )
    return mark_safe(  # noqa: S308 — every value above is escaped or a number
        "\n<h2>Topics over time</h2>\n"
        '<table class="topics-table">\n'
        '  <caption class="visually-hidden">Meetings per topic and year</caption>\n'
        '  <thead><tr><th scope="col">Topic</th><th scope="col">Meetings by year</th></tr></thead>\n'
        f"  <tbody>\n  {rows}\n  </tbody>\n</table>\n\n"
    )


@register.simple_tag
def meeting_rows(rows):
    """{% meeting_rows rows %}: the <li> of each meeting of a list (title, dates, kind, place, summit and who took
    part, each linked), from MeetingRows (meetings/rows.py), written with f-strings and html.escape: the template
    engine took 0.6 ms a row, a quarter of a list page's time at 100,000 meetings."""
    months = {number: str(name).title() for number, name in MONTHS_3.items()}
    out = []
    for row in rows:
        when = _row_date(row.date, months)
        if row.end_date and row.end_date != row.date:
            when += "–" + _row_date(row.end_date, months)
        place = f"· {escape(row.place)}" if row.place else ""
        summit = row.summit
        summit = f'· <a href="{escape(summit.get_absolute_url())}">{escape(summit.name)}</a>' if summit else ""
        people = ", ".join(
            f'<a href="{escape(person.get_absolute_url())}">{escape(person.name)}</a> <abbr class="code"'
            f' title="{escape(person.country_label)}">{escape(person.country_code)}</abbr>'
            for person in row.people
        )
        out.append(
            f'<li class="meeting-row">\n  <a class="meeting-title" href="{escape(row.get_absolute_url())}">'
            f'{escape(row.title)}</a>\n  <div class="meta">\n    {when}\n'
            f"    · {escape(row.get_kind_display())}\n    {place}\n    {summit}\n"
            f'  </div>\n  <div class="participants">{people}</div>\n</li>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 — every text escaped


@register.simple_tag
def select_options(choices, selected):
    """{% select_options choices selected %}: the <option> of each (value, label) of ``choices`` with a value, those
    whose value is ``selected`` (a value, or a list of them) marked selected; written with f-strings and html.escape:
    as template loops the filter form's topics and summit series took 3–4 ms of every list page."""
    chosen = set(selected) if isinstance(selected, list | tuple) else {selected}
    options = []
    for value, label in choices:
        if value:
            mark = " selected" if value in chosen else ""
            options.append(f'<option value="{escape(str(value))}"{mark}>{escape(str(label))}</option>')
    return mark_safe("".join(options))  # noqa: S308 — every text escaped


@register.simple_tag
def facet_sections(found, decades):
    """{% facet_sections facets decades %}: the list's facets, each value linked, with its count (facets_markup)."""
    return mark_safe(facets.facets_markup(found, decades))  # noqa: S308 — every text escaped
