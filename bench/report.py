"""The targets of issue 12 and the Markdown page of one benchmark run (bench/results/<date>-<database>.md)."""

import datasette_ref
import pages

# Targets: every figure of the page is marked ✓ or ✗ against one of these.
PAGE_P50 = 0.050
PAGE_P95 = 0.150
FIRST_BYTE = 1.0
WORKER_RSS_MIB = 200
# "Independent of row count": a whole export may raise a worker's memory at most this much more than one year does.
RSS_SLACK_MIB = 25
LIST_RATIO = 0.1
EXPORT_RATIO = 0.5
COPY_RATIO = 3
LOAD_P95 = 0.250


class Marks:
    """Counts the figures marked, to say at the top how many meet their targets."""

    def __init__(self):
        self.met = self.total = 0

    def __call__(self, ok):
        self.total += 1
        self.met += bool(ok)
        return "✓" if ok else "✗"


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms"


def secs(seconds):
    return f"{seconds:,.2f} s"


def mib(kib):
    return f"{kib / 1024:,.0f} MB"


def ratio(ours, theirs):
    return ours / theirs if theirs else float("inf")


def _pages(run, mark):
    lines = [
        "## Pages",
        "",
        f"{run.config['requests']} requests per page, one at a time, after one warm-up request (a page still being "
        f"timed after {run.config['page budget']:.0f} s stops there, once 3 requests are timed: see *n*). p50 and "
        'p95 are `statistics.quantiles(times, n=20, method="inclusive")` (cut points 10 and 19): with 20 requests '
        f"p95 lies between the slowest and the second slowest. Targets: p50 < {ms(PAGE_P50)}, p95 < "
        f"{ms(PAGE_P95)}. The cache starts empty ({run.config['cache']}): a page the application caches shows its "
        "cache hits at p50 and its misses at p95.",
        "",
        "| page | path | n | p50 | p95 | size | status |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, timing in run.pages.items():
        statuses = ", ".join(str(s) for s in sorted(set(timing.statuses), key=str))
        ok = timing.ok
        lines.append(
            f"| {name} | `{timing.path}` | {len(timing.times)} | {ms(timing.p50)} "
            f"{mark(ok and timing.p50 < PAGE_P50)} | {ms(timing.p95)} {mark(ok and timing.p95 < PAGE_P95)} | "
            f"{timing.size / 1024:,.0f} KiB | "
            f"{statuses}{'' if ok else ' ✗'} |"
        )
    return lines


def _exports(run, mark):
    lines = [
        "## Exports",
        "",
        "Each layout downloaded once for one year (`?year=1999`) and then whole. The RSS (VmRSS) of the gunicorn "
        "master and of each worker is read from /proc every 20 ms during a download: *peak* is the highest RSS "
        "of one worker, *growth* the largest rise of one worker over the download. Targets: first byte < "
        f"{secs(FIRST_BYTE)}, X-Row-Count equal to the rows received, peak < {WORKER_RSS_MIB} MB.",
        "",
        "| export | path | status | rows | size | first byte | total | rows/s | X-Row-Count | peak worker RSS "
        "| growth | master RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for export in run.exports:
        d = export.download
        ok = d.status == 200
        count = f"{d.row_count_header:,}" if d.row_count_header is not None else "missing"
        lines.append(
            f"| {export.name} | `{export.path}` | {d.status}{'' if ok else ' ✗'} | {export.rows:,} | "
            f"{d.size / 1e6:,.1f} MB | {ms(d.first_byte)} {mark(ok and d.first_byte < FIRST_BYTE)} | "
            f"{secs(d.total)} | {export.rows_per_second:,.0f} | {count} {mark(ok and export.matches)} | "
            f"{mib(export.peak_kib)} {mark(export.peak_kib < WORKER_RSS_MIB * 1024)} | +{mib(export.growth_kib)} | "
            f"{mib(export.master_kib)} |"
        )
    lines += [
        "",
        f"Memory independent of the number of rows: the whole export raises a worker's RSS at most {RSS_SLACK_MIB} MB "
        "more than one year does (RSS seldom falls back after a peak, so later downloads start higher: compare the "
        "growth, and the peaks).",
        "",
        "| layout | one year: rows, growth, peak | whole: rows, growth, peak | independent |",
        "|---|---|---|---|",
    ]
    by_name = {}
    for export in run.exports:
        by_name.setdefault(export.name, []).append(export)
    for name, (part, whole) in ((n, e) for n, e in by_name.items() if len(e) == 2):
        independent = whole.growth_kib - part.growth_kib <= RSS_SLACK_MIB * 1024
        lines.append(
            f"| {name} | {part.rows:,}, +{mib(part.growth_kib)}, {mib(part.peak_kib)} | {whole.rows:,}, "
            f"+{mib(whole.growth_kib)}, {mib(whole.peak_kib)} | {mark(independent)} |"
        )
    return lines


def _whole(run, name):
    return next((e for e in run.exports if e.name == name and pages.SUBSET not in e.path), None)


def _datasette(run, mark):
    ds = run.datasette
    if not ds:
        return ["## Against Datasette", "", "Not measured (BENCH_SKIP_DATASETTE=1, or no meetings CSV)."]
    table, filtered, stream = ds["table"], ds["filtered"], ds["csv"]
    ours_list, ours_filtered = run.pages["list"], run.pages["list filtered"]
    lines = [
        f"## Against Datasette {run.versions.get('Datasette', '')}",
        "",
        f"Datasette serves a flat SQLite copy of this run's own `/meetings/export.csv` ({ds['rows loaded']:,} rows, "
        "table `meetings`, `id` its primary key, no other index), with the facets kind, summit_series and city "
        "declared in bench/datasette-metadata.json; facet and SQL time limits raised so that every facet is "
        f"computed (facets computed: {', '.join(ds['facets']) or 'none'}; timed out: "
        f"{', '.join(ds['facets timed out']) or 'none'}). Its pages are the HTML table pages a visitor sees (100 "
        "rows, the count, the three facets and the suggested facets), timed as ours. Its CSV is "
        f"`{datasette_ref.CSV}`, the median of {run.config['datasette csv repeat']} downloads; ours are the whole "
        f"exports above, the median of {run.config['export repeat']} downloads, the first one's own time and ratio "
        "beside it (the first download makes and stores each meeting's lines, meetings/export_lines.py: every run "
        "starts with none, bench/run.py deleting those of earlier runs, but for the year exported just before; the "
        "later ones read them, and must be the same file: status 200, as many bytes).",
        "",
        f"The filtered pages hold the same meetings: Datasette {ds['filtered count']}, ours {ds['our filtered count']}"
        f" {mark(ds['filtered count'] == ds['our filtered count'])}.",
        "",
        "| ours | Datasette | ours | Datasette | ours/Datasette | target |",
        "|---|---|---|---|---|---|",
    ]
    for label, ours, theirs, their_label in (
        ("list p50", ours_list.p50, table.p50, "table page, 3 facets, p50"),
        ("list p95", ours_list.p95, table.p95, "table page, 3 facets, p95"),
        ("filtered list p50", ours_filtered.p50, filtered.p50, "filtered table page p50"),
        ("filtered list p95", ours_filtered.p95, filtered.p95, "filtered table page p95"),
    ):
        path = ours_list.path if label.startswith("list") else ours_filtered.path
        their_path = table.path if "table page," in their_label else filtered.path
        value = ratio(ours, theirs)
        lines.append(
            f"| {label} `{path}` | {their_label} `{their_path}` | {ms(ours)} | {ms(theirs)} | {value:.2f} | "
            f"≤ {LIST_RATIO} {mark(value <= LIST_RATIO)} |"
        )
    for name in pages.EXPORTS:
        export = _whole(run, name)
        if export is None:
            continue
        value = ratio(export.median_total, stream.total)
        first = ratio(export.download.total, stream.total)
        same = "" if export.again_same else "; a later download was not the same file ✗"
        lines.append(
            f"| {name} `{export.path}`, total (first download: {secs(export.download.total)}, {first:.2f}{same}) | "
            f"whole CSV stream, total | {secs(export.median_total)} | {secs(stream.total)} | {value:.2f} | "
            f"≤ {EXPORT_RATIO} {mark(value <= EXPORT_RATIO and export.again_same)} |"
        )
    lines += [
        "",
        f"Datasette's CSV: HTTP {stream.status}, {stream.rows:,} rows, {stream.size / 1e6:,.1f} MB, first byte "
        f"{ms(stream.first_byte)}, {stream.rows / stream.total if stream.total else 0:,.0f} rows/s.",
    ]
    return lines


def _copy(run, mark):
    if run.copy is None:
        return []
    copy = run.copy
    export = _whole(run, "CSV meetings")
    lines = [
        "## The physical limit: COPY",
        "",
        "bench/copy_meetings.sql (the meetings layout in one query: published meetings, participants, topics and "
        "sources aggregated, cells neutralised for spreadsheets) run as `COPY (…) TO STDOUT WITH (FORMAT csv, "
        f"HEADER)` through psycopg on loopback, read to the last byte. Target: ours/COPY ≤ {COPY_RATIO}.",
        "",
        "| reference | rows | size | first byte | total | rows/s | ours (CSV meetings) | ours/COPY |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if export is not None:
        value = ratio(export.download.total, copy.seconds)
        lines.append(
            f"| COPY | {copy.rows:,} | {copy.size / 1e6:,.1f} MB | {ms(copy.first_byte)} | {secs(copy.seconds)} | "
            f"{copy.rows / copy.seconds:,.0f} | {secs(export.download.total)} | {value:.2f} "
            f"{mark(value <= COPY_RATIO)} |"
        )
    differing, first = run.copy_difference
    if differing is not None:
        same = "identical to the export's" if differing == 0 else f"{differing:,} rows differ (first: {first})"
        lines += ["", f"COPY's rows, parsed as CSV, are {same} {mark(differing == 0)}."]
    return lines


def _load(run, mark):
    load = run.load
    if load is None:
        return []
    errors = ", ".join(f"{status}: {n}" for status, n in sorted(load.errors.items(), key=str)) or "none"
    failures = sorted(load.failures, key=lambda f: -f[0])[:5]
    lines = [
        "## Load",
        "",
        f"{load.clients} concurrent clients (threads, one request after another, a new connection each) for "
        f"{run.config['load seconds']:.0f} s on the mix of bench/pages.py: lists, deeper list pages, filtered lists "
        "(country, two countries, kind and year, country and date), searches, meeting, country, country-pair and "
        f"leader pages; no exports. Targets: p95 < {ms(LOAD_P95)}, no error.",
        "",
        "| clients | seconds | requests | requests/s | p50 | p95 | errors by status |",
        "|---|---|---|---|---|---|---|",
        f"| {load.clients} | {load.seconds:.1f} | {load.requests:,} | {load.requests / load.seconds:,.1f} | "
        f"{ms(load.p50)} | {ms(load.p95)} {mark(load.p95 < LOAD_P95)} | {errors} {mark(not load.errors)} |",
    ]
    if failures:
        lines += ["", "Failed requests (slowest first): " + "; ".join(f"{s} `{p}` {ms(t)}" for t, s, p in failures)]
    if load.samples:
        table, early, slowest = load.by_kind()
        lines += [
            "",
            f"By kind of page (bench/pages.py kind_of). Of the slowest 5 % ({slowest} requests, {ms(load.p95)} or "
            f"more), {early} were sent in the first 10 s, while the cache was being filled: most requests of the mix "
            "are the first of their address (a random meeting, leader or filter), built cold while the others wait "
            "for the processors.",
            "",
            "| kind | requests | p50 | p95 | of the slowest 5 % |",
            "|---|---|---|---|---|",
            *(f"| {kind} | {n:,} | {ms(p50)} | {ms(p95)} | {slow} |" for kind, (n, p50, p95, slow) in table.items()),
        ]
    return lines


def render(run, machine, config):
    run.config = config
    mark = Marks()
    uname, cores, model, memory = machine
    workers, threads, worker_class = run.workers
    body = [
        *_pages(run, mark),
        "",
        *_datasette(run, mark),
        "",
        *_exports(run, mark),
        "",
        *_copy(run, mark),
        "",
        *_load(run, mark),
        "",
        "## Article assistant",
        "",
        "| archive | index of names | reading a report |",
        "|---|---|---|",
        run.assistant,
        "",
        "## Query plans",
        "",
        (
            f"Every query of every page, with its plan and the full scans flagged: [{run.explain_file}]"
            f"({run.explain_file})."
            if run.explain_file
            else f"bench/explain.py {run.explain_error}"
        ),
        "",
        "## Commands",
        "",
        "```",
        *run.commands,
        "```",
        "",
    ]
    version_text = ", ".join(f"{name} {version}" for name, version in run.versions.items())
    head = [
        f"# Benchmark — {'PostgreSQL' if run.vendor == 'postgresql' else 'SQLite'}, {run.started:%Y-%m-%d %H:%M}",
        "",
        f"{config['meetings']:,} synthetic meetings (`manage.py generate_meetings {config['meetings']} --seed 1`), "
        f"served by gunicorn with gunicorn.conf.py ({worker_class}, {workers} workers × {threads} "
        f"thread{'s' if threads != 1 else ''}), "
        "DEBUG off, on 127.0.0.1. Written by `make bench` (bench/run.py). ✓/✗: the figure against its target "
        "(issue 12).",
        "",
        f"**{mark.met} of {mark.total} figures meet their targets.**",
        "",
        "## Machine",
        "",
        f"- `{uname}`",
        f"- {cores} cores ({model}), {memory:,.0f} GiB of memory; load average (1 min) just before the "
        f"measurements {run.load_average:.1f}"
        + (" (above 1: other work, or the steps before, still used the processors)" if run.load_average >= 1 else ""),
        f"- {version_text}",
        "",
    ]
    return "\n".join(head + body)
