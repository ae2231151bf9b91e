"""Server-drawn charts: the per-year bar chart and the timelines of a pair of countries and of a leader.

Each drawing function returns plain data (positions, labels, links) that a template of templates/includes/ places
in an inline SVG; nothing is loaded from elsewhere. Positions are in the drawing's own units: the SVG scales to the
width of the page. The elements a drawing repeats (a bar per year, a mark per meeting, a summit's mark) are written
here as markup, by ``bars_markup``, ``marks_markup`` and ``summits_markup`` at the end of the module, each value
escaped: drawn by the template engine, a leader's hundred marks cost most of a page's time.
"""

import datetime
import math
from collections import Counter
from html import escape
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from .links import slug_url
from .models import Country
from .models.reference import year_span

WIDTH = 800
AXIS_LEFT = 34  # room for the count scale left of the bars
LABEL_GAP = 40  # least distance between the centres of two year labels (a year is ~26 units wide at 11 units)
LABEL_HALF_WIDTH = 14
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)
# Parameters a year's link replaces (the year is given as a date range) or drops (a year's first page).
YEAR_LINK_DROPS = ("page", "date_from", "date_to", "year")


def label_step(slot):
    """How many years apart the year labels are when each year is ``slot`` units wide: every year when there is
    room, else every 2, 5 or 10 years, decades, or longer steps on very long spans."""
    return next((step for step in YEAR_STEPS if step * slot >= LABEL_GAP), YEAR_STEPS[-1])


def year_labels(first, last, centre, slot, width=WIDTH):
    """[{"year", "x"}]: the labels of a time axis from ``first`` to ``last`` whose years are ``slot`` units wide, each
    at ``centre(year)``, kept inside a drawing ``width`` wide, none closer than LABEL_GAP to the previous one."""
    step = label_step(slot)
    labels = []
    for year in range(first, last + 1):
        if year % step:
            continue
        x = min(max(centre(year), LABEL_HALF_WIDTH), width - LABEL_HALF_WIDTH)
        if labels and x - labels[-1]["x"] < LABEL_GAP:
            continue
        labels.append({"year": year, "x": round(x, 2)})
    return labels


def count_ticks(peak, most=4):
    """Round values for a count scale from 0 to at least ``peak``: 0, 1, 2, 3 or 0, 5, 10, or 0, 50, 100, 150…"""
    peak = max(peak, 1)
    magnitude = 10 ** max(int(math.log10(peak)) - 1, 0)
    step = next(
        step for step in (m * magnitude * 10**k for k in range(3) for m in (1, 2, 5)) if math.ceil(peak / step) <= most
    )
    return list(range(0, math.ceil(peak / step) * step + 1, step))


def year_query(params, year):
    """The query string (with its "?") of ``params`` (a QueryDict: the page's filters) narrowed to one year.

    The year is a date range (date_from, date_to) kept inside any range the filters already set, so that the
    link finds the meetings its bar counts."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    given_from, given_to = _date(params.get("date_from")), _date(params.get("date_to"))
    if given_from and given_from > first:
        first = given_from
    if given_to and given_to < last:
        last = given_to
    pairs = [
        (name, value) for name in params if name not in YEAR_LINK_DROPS for value in params.getlist(name) if value != ""
    ]
    pairs += [("date_from", first.isoformat()), ("date_to", last.isoformat())]
    return "?" + urlencode(pairs)


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def year_chart(years, params, *, title="Meetings per year", height=170):
    """A bar per year from the first year of ``years`` ([(year, count)]) to its last, filling the whole width
    whatever the span; each bar with a count links to the meeting list of ``params`` (a QueryDict) in that year.
    Returns {} when there is nothing to draw."""
    counts = {year: count for year, count in years if year is not None}
    if not counts:
        return {}
    first, last = min(counts), max(counts)
    span = last - first + 1
    top, bottom = 8, height - 22
    plot = WIDTH - AXIS_LEFT
    # Each year gets an equal share of the width: a gap between bars, none after the last, so that it ends at the
    # right edge.
    gap = min(plot / span * 0.2, 12) if span > 1 else 0
    bar = (plot - gap * (span - 1)) / span
    peak = max(counts.values())
    busiest = [year for year, count in counts.items() if count == peak]
    ticks = count_ticks(peak)
    scale = (bottom - top) / ticks[-1]
    list_url = reverse("meeting_list")
    bars = []
    for index, year in enumerate(range(first, last + 1)):
        count = counts.get(year, 0)
        bar_height = count * scale
        bars.append(
            {
                "year": year,
                "count": count,
                "x": round(AXIS_LEFT + index * (bar + gap), 2),
                "width": round(bar, 2),
                "y": round(bottom - bar_height, 2),
                "height": round(bar_height, 2),
                "slot_x": round(AXIS_LEFT + index * (bar + gap) - gap / 2, 2),
                "slot_width": round(bar + gap, 2),
                "href": list_url + year_query(params, year) if count else "",
            }
        )
    return {
        "id": f"year-chart-{first}-{last}",
        "title": title,
        "width": WIDTH,
        "height": height,
        "top": top,
        "bottom": bottom,
        "plot_height": bottom - top,
        "left": AXIS_LEFT,
        "bars": bars,
        "x_labels": year_labels(first, last, lambda year: bars[year - first]["x"] + bar / 2, bar + gap),
        "label_y": height - 6,
        "y_ticks": [
            {"value": value, "y": round(bottom - value * scale, 2), "label_y": round(bottom - value * scale + 4, 2)}
            for value in ticks
        ],
        "first": first,
        "last": last,
        "total": sum(counts.values()),
        "peak": peak,
        "peak_year": busiest[0] if len(busiest) == 1 else None,
    }


class Timeline:
    """A time axis from the first of January of ``first`` to the end of ``last``, ``width`` units wide with room at
    both ends for the marks of the first and last days."""

    def __init__(self, first, last, width=WIDTH, margin=8):
        self.first, self.last, self.width, self.margin = first, last, width, margin
        self.start = datetime.date(first, 1, 1).toordinal()
        self.days = datetime.date(last + 1, 1, 1).toordinal() - self.start

    def x(self, day):
        return round(self.margin + (day.toordinal() - self.start) / self.days * (self.width - 2 * self.margin), 2)

    def ticks(self):
        """[{"year", "x", "tick_x"}] of the labelled years: the label in the middle of its year, the tick where it
        begins."""
        return [
            {**label, "tick_x": self.x(datetime.date(label["year"], 1, 1))}
            for label in year_labels(
                self.first,
                self.last,
                lambda year: self.x(datetime.date(year, 7, 2)),
                (self.width - 2 * self.margin) / (self.last - self.first + 1),
                self.width,
            )
        ]


def _text_width(text, size=10):
    """About how wide ``text`` is drawn at ``size`` units (a system sans-serif runs about 0.58 em a letter)."""
    return len(text) * size * 0.58


def _lanes(spans, gap=4):
    """The lane of each (left, right) span of ``spans`` (sorted by left): the first lane where it starts after the
    previous span of that lane ends, a new lane when none has room."""
    ends = []
    lanes = []
    for left, right in spans:
        lane = next((lane for lane, end in enumerate(ends) if left >= end + gap), len(ends))
        if lane == len(ends):
            ends.append(right)
        else:
            ends[lane] = right
        lanes.append(lane)
    return lanes


SUMMIT_LABEL_ROWS = 3
SUMMIT_ROW_HEIGHT = 14


def _summit_marks(summits, axis, y):
    """Summits as marks on ``axis`` with their names in up to SUMMIT_LABEL_ROWS rows from ``y``: a name reads to
    the right of its mark, or to the left near the end of the axis; one that fits in no row is left to the mark's
    own accessible name and title. Returns (marks, height used)."""
    marks = []
    for summit in summits:
        if not summit["date"]:
            continue
        x = axis.x(summit["date"])
        width = _text_width(summit["name"]) + 8
        if x + width <= axis.width:
            marks.append({**summit, "x": x, "span": (x, x + width), "anchor": "start", "label_x": round(x + 5, 2)})
        else:
            marks.append({**summit, "x": x, "span": (x - width, x), "anchor": "end", "label_x": round(x - 5, 2)})
    marks.sort(key=lambda mark: mark["span"][0])
    lanes = _lanes([mark["span"] for mark in marks])
    for mark, lane in zip(marks, lanes, strict=True):
        shown = lane < SUMMIT_LABEL_ROWS and mark["span"][0] >= 0
        mark["label_y"] = y + 10 + lane * SUMMIT_ROW_HEIGHT if shown else None
        del mark["span"]
    rows = min(max(lanes, default=-1) + 1, SUMMIT_LABEL_ROWS)
    return marks, SUMMIT_ROW_HEIGHT * rows + (4 if rows else 0)


def _place_band_label(band, width):
    """Where a band's label goes: inside it when it fits, else just after it, else just before it, else nowhere
    (its title and the page's list of offices still name it). Sets the band's "span", label included."""
    text = _text_width(band["label"]) + 8
    left, right = band["x"], band["x"] + band["width"]
    if text <= band["width"]:
        band.update(text_x=round(left + 4, 2), anchor="start", span=(left, right))
    elif right + text <= width:
        band.update(text_x=round(right + 4, 2), anchor="start", span=(left, right + text))
    elif left - text >= 0:
        band.update(text_x=round(left - 4, 2), anchor="end", span=(left - text, right))
    else:
        band.update(text_x=None, anchor="start", span=(left, right))


def timeline(meetings, summits=(), bands=()):
    """The drawing of a timeline: ``meetings`` [{"date", "title", "url", "at_summit"}] as marks, ``summits``
    [{"date", "name", "url"}] as labelled marks above them, ``bands`` [{"label", "years", "start", "end", "how"}]
    (offices held; a missing start or end runs to the edge) as bars below, on one time axis. Returns {} when
    nothing has a date."""
    days = [m["date"] for m in meetings if m["date"]] + [s["date"] for s in summits if s["date"]]
    days += [day for band in bands for day in (band["start"], band["end"]) if day]
    if not days:
        return {}
    axis = Timeline(min(days).year, max(days).year)
    y = 4
    summit_marks, used = _summit_marks(summits, axis, y)
    y += used
    meeting_top, meeting_bottom = y, y + 22
    marks = [{**m, "x": round(axis.x(m["date"]) - 1, 2)} for m in meetings if m["date"]]
    for mark in summit_marks:
        mark["dot_y"] = mark["label_y"] - 4 if mark["label_y"] else meeting_top - 5
        mark["line_bottom"] = meeting_bottom
    y = meeting_bottom + 8
    band_rows = []
    if bands:
        lane_height = 20
        for band in bands:
            start = axis.x(band["start"]) if band["start"] else 0
            # A band runs to the end of its last day; one with no start or end runs off the edge.
            end = axis.x(band["end"] + datetime.timedelta(days=1)) if band["end"] else axis.width
            band_rows.append(
                {
                    **band,
                    "x": start,
                    "width": round(max(end - start, 2), 2),
                    "open_start": band["start"] is None,
                    "open_end": band["end"] is None,
                }
            )
        for band in band_rows:
            _place_band_label(band, axis.width)
        band_rows.sort(key=lambda band: band["span"][0])
        lanes = _lanes([band.pop("span") for band in band_rows], gap=2)
        for band, lane in zip(band_rows, lanes, strict=True):
            band["y"] = y + lane * lane_height
            band["height"] = lane_height - 4
            band["text_y"] = band["y"] + 12
        y += lane_height * (max(lanes) + 1)
    axis_y = y
    return {
        "width": axis.width,
        "height": axis_y + 20,
        "first": axis.first,
        "last": axis.last,
        "axis_y": axis_y,
        "label_y": axis_y + 15,
        "ticks": axis.ticks(),
        "meeting_top": meeting_top,
        "meeting_bottom": meeting_bottom,
        "marks": marks,
        "summits": summit_marks,
        "bands": band_rows,
        "meeting_count": len(marks),
        "summit_meeting_count": sum(1 for m in marks if m["at_summit"]),
    }


def pair_timeline(meetings, summits):
    """The timeline of a pair page: its published ``meetings`` (Meeting objects, already fetched for the page) and
    the ``summits`` where they met."""
    return timeline(
        [
            {"date": m.date, "title": m.title, "url": m.get_absolute_url(), "at_summit": m.summit_id is not None}
            for m in meetings
        ],
        [{"date": s.start_date, "name": s.name, "url": s.get_absolute_url()} for s in summits],
    )


def leader_timeline_rows(leader):
    """What a leader's page shows of its published meetings, as plain data to cache, from two queries: the
    timeline's {"meetings", "summits", "bands"}, and the "offices" (Leader.offices_held()), the "count" of the
    meetings and their "years" ([(year, count)]), which took seven more queries of their own.

    The bands are the offices with their dates: the terms a source states, then each other office (and country)
    that the leader's published meetings attest, from the first such meeting to the last."""
    terms = list(leader.terms.select_related("country"))
    stated = {(term.office.lower(), term.country_id) for term in terms}
    bands = [_term_band(term) for term in terms]
    rows = (
        leader.participations.filter(meeting__status="published")
        .values(
            "office",
            "country_id",
            "country__code",
            "country__name",
            "meeting__date",
            "meeting__title",
            "meeting__slug",
            "meeting__summit__name",
            "meeting__summit__slug",
            "meeting__summit__start_date",
        )
        .order_by("meeting__date", "meeting__id")
    )
    meetings, summits, by_office, years = [], {}, {}, Counter()
    count = 0
    for row in rows:
        count += 1
        day = row["meeting__date"]
        if day is None:  # counted, but on no timeline
            continue
        years[day.year] += 1
        meetings.append(
            {
                "date": day,
                "title": row["meeting__title"],
                "url": slug_url("meeting_detail", row["meeting__slug"]),
                "at_summit": row["meeting__summit__slug"] is not None,
            }
        )
        if row["meeting__summit__slug"]:
            summits.setdefault(
                row["meeting__summit__slug"],
                {
                    "date": row["meeting__summit__start_date"],
                    "name": row["meeting__summit__name"],
                    "url": slug_url("summit_detail", row["meeting__summit__slug"]),
                },
            )
        if not row["office"]:
            continue
        held = by_office.setdefault(
            (row["office"], row["country_id"]), [row["country__code"], row["country__name"], day, day]
        )
        held[3] = max(held[3], day)
    # Each office the meetings attest, from the first such meeting to the last, unless a term states it.
    for (office, country_id), (_code, name, first, last) in by_office.items():
        if (office.lower(), country_id) not in stated:
            label = ", ".join(part for part in (office, name) if part)
            bands.append(
                {"label": label, "start": first, "end": last, "years": year_span(first, last), "how": "attested"}
            )
    offices = leader.offices_from(
        terms,
        [
            (office, Country(pk=country_id, code=code, name=name), first, last)
            for (office, country_id), (code, name, first, last) in by_office.items()
        ],
    )
    return {
        "meetings": meetings,
        "summits": list(summits.values()),
        "bands": bands,
        "offices": offices,
        "count": count,
        "years": sorted(years.items()),
    }


def _term_band(term):
    """A stated term as a band: a year-precision start or end covers its whole year (as ``Term.covers`` reads it)."""
    start, end = term.start, term.end
    if start and term.start_precision == term.Precision.YEAR:
        start = start.replace(month=1, day=1)
    if end and term.end_precision == term.Precision.YEAR:
        end = end.replace(month=12, day=31)
    label = ", ".join(part for part in (term.office, term.country.name if term.country else "") if part)
    return {"label": label, "years": term.years, "start": start, "end": end, "how": "stated"}


def leader_timeline(rows):
    """The drawing of a leader's timeline from ``leader_timeline_rows``' data."""
    return timeline(rows["meetings"], rows["summits"], rows["bands"])


# --- The markup of the repeated elements (the templates place it; see the module's docstring) -----------------------
# Written with f-strings and html.escape (what django.utils.html.escape does, without its lazy-text wrapper):
# format_html and the date filter cost a leader page 11 ms for its 130 marks.


def _meetings_word(count):
    return "meeting" if count == 1 else "meetings"


def bars_markup(chart):
    """The year chart's bars with a count: each a link to that year's meetings, with a hit area the height of the
    plot."""
    top, plot_height = chart["top"], chart["plot_height"]
    return mark_safe(  # noqa: S308 — every text escaped; the rest are numbers
        "".join(
            f'<a href="{escape(bar["href"])}" aria-label="{label}"><title>{label}</title><rect class="hit"'
            f' x="{bar["slot_x"]}" y="{top}" width="{bar["slot_width"]}" height="{plot_height}"/><rect class="bar"'
            f' x="{bar["x"]}" y="{bar["y"]}" width="{bar["width"]}" height="{bar["height"]}"/></a>\n    '
            for bar in chart["bars"]
            if bar["count"]
            for label in [f"{bar['year']}: {bar['count']} {_meetings_word(bar['count'])}"]
        )
    )


def _day_format():
    """A function writing a date as the timelines' titles do (the date filter's "j F Y": 23 November 2025)."""
    months = {number: str(name) for number, name in MONTHS.items()}
    return lambda day: f"{day.day} {months[day.month]} {day.year:04d}" if day else ""


def marks_markup(drawing):
    """A timeline's meetings: a mark each, linking to the meeting, out of the tab order (the page lists them)."""
    day, top = _day_format(), drawing["meeting_top"]
    return mark_safe(  # noqa: S308 — every text escaped; the rest are numbers
        "".join(
            f'<a href="{escape(mark["url"])}" tabindex="-1"><title>{escape(day(mark["date"]))}: '
            f'{escape(mark["title"])}</title><rect class="mark{" at-summit" if mark["at_summit"] else ""}"'
            f' x="{mark["x"]}" y="{top}" width="2" height="22"/></a>'
            for mark in drawing["marks"]
        )
    )


def summits_markup(drawing):
    """A timeline's summits: a labelled dot above the meetings' marks, each a link to the summit."""
    day = _day_format()
    parts = []
    for summit in drawing["summits"]:
        name, x, dot_y = escape(summit["name"]), summit["x"], summit["dot_y"]
        named = f"{name}, {escape(day(summit['date']))}"
        label = (
            f'<text x="{summit["label_x"]}" y="{summit["label_y"]}" text-anchor="{escape(summit["anchor"])}">'
            f"{name}</text>"
            if summit["label_y"]
            else ""
        )
        parts.append(
            f'<a href="{escape(summit["url"])}" class="summit" aria-label="Summit: {named}"><title>{named}</title>'
            f'<line x1="{x}" x2="{x}" y1="{dot_y}" y2="{summit["line_bottom"]}"/><circle cx="{x}" cy="{dot_y}"'
            f' r="3.5"/>{label}</a>\n    '
        )
    return mark_safe("".join(parts))  # noqa: S308 — every text escaped; the rest are numbers
