"""The API's own parameters (pages, sizes, limits) and the check that every parameter given is one it knows.

Meeting filters are parsed by ``MeetingFilter`` (meetings/filters.py) alone; this module only bounds whole numbers
and refuses unknown names, so that a mistyped filter (``contry=jp``) is a 400 rather than every meeting.
"""

from .errors import BadParameters

# Every endpoint also takes `format=json` (DRF's format override; JSON is the only format).
ALWAYS = ("format",)


def whole_number(request, name, default, low, high):
    """The parameter as a whole number from ``low`` to ``high``; ``default`` when absent or empty; else a 400."""
    raw = request.query_params.get(name, "").strip()
    if raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameters({name: [f"“{raw[:20]}” is not a whole number from {low} to {high}."]})
    return int(raw)


def check_known(request, known):
    """A 400 naming every parameter that the endpoint does not take."""
    allowed = {*known, *ALWAYS}
    unknown = sorted(name for name in request.query_params if name not in allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) if allowed else "no parameters"
        raise BadParameters({name[:40]: [f"Unknown parameter: this address takes {takes}."] for name in unknown})
