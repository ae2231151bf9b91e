"""The pages the benchmark times, the explain report reads and the load test mixes, on the synthetic archive.

Paths name what `manage.py generate_meetings N --seed 1` creates: meetings `synthetic-meeting-<0…N-1>`, leaders
`synthetic-leader-<0…1999>`, summits `synthetic-summit-<0…299>`, topics `synthetic-topic-<0…19>`, every meeting
titled "Synthetic meeting <n>", held in "Synthetic City" between leaders of today's states, its summary "talks on"
two of the generator's twenty words (trade, energy, security…): a word is in about one meeting in ten.
"""

# Every public page type, as a visitor or a crawler reaches it. The sitemap's own pages are added at run time
# when /sitemap.xml turns out to be an index (see sitemap_page()).
PAGES = {
    "home": "/",
    "list": "/meetings/",
    "list, deep page": "/meetings/?page=500",
    # "trade" is in about a tenth of the summaries; "4242" in the titles of a few meetings.
    "list search": "/meetings/?q=trade",
    "list search, rare word": "/meetings/?q=4242",
    "list filtered": "/meetings/?country=us&country=gb&date_from=1990-01-01",
    "list filtered, one country and a kind": "/meetings/?country=fr&kind=call",
    "meeting": "/meetings/synthetic-meeting-4242/",
    "countries": "/countries/",
    "country": "/countries/us/",
    "country pair": "/countries/gb/us/",  # a pair's page is at its codes in alphabetical order (else a 301)
    "leaders": "/leaders/",
    "leader": "/leaders/synthetic-leader-7/",
    "leader type-ahead (JSON)": "/leaders/search.json?q=synthetic+leader+12",
    "summits": "/summits/",
    "summit": "/summits/synthetic-summit-7/",
    "topics": "/topics/",
    "topic": "/topics/synthetic-topic-3/",
    "feed": "/meetings/feed/",
    "sitemap": "/sitemap.xml",
    "data page": "/data/",
}

# The list pages compared with Datasette's table page: ours with its facets, counts and chart.
LIST = PAGES["list"]
FILTERED_LIST = PAGES["list filtered"]

# Full exports of every layout, and the same layouts for one year: peak memory must not grow with the rows.
EXPORTS = {
    "CSV meetings": "/meetings/export.csv",
    "CSV participants": "/meetings/export.csv?layout=participants",
    "CSV dyads": "/meetings/export.csv?layout=dyads",
    "JSON Lines": "/meetings/export.json?format=jsonl",
}
SUBSET = "year=1999"


def subset(path):
    return path + ("&" if "?" in path else "?") + SUBSET


# Today's states that every synthetic archive holds leaders of (generate_meetings picks among all of them).
COUNTRIES = ["us", "gb", "fr", "de", "jp", "in", "cn", "br", "ru", "za", "ca", "au", "it", "es", "mx", "ng", "kr"]
WORDS = ["trade", "energy", "security", "climate", "health", "investment", "defence", "education", "technology"]
KINDS = ["bilateral", "multilateral", "call", "state_visit", "official_visit", "working_visit", "private_visit"]


def load_mix(rng, meetings):
    """One request of the load test's mix: lists, filtered lists, searches, meeting, country and leader pages."""
    country, other = rng.sample(COUNTRIES, 2)
    choices = [
        (3, "/meetings/"),
        (1, f"/meetings/?page={rng.randint(2, 200)}"),
        (2, f"/meetings/?country={country}"),
        (1, f"/meetings/?country={country}&country={other}"),
        (1, f"/meetings/?kind={rng.choice(KINDS)}&year={rng.randint(1950, 2023)}"),
        (1, f"/meetings/?country={country}&date_from={rng.randint(1950, 2020)}-01-01"),
        (1, f"/meetings/?q={rng.choice(WORDS)}"),
        (1, f"/meetings/?q=meeting+{rng.randrange(meetings)}"),
        (4, f"/meetings/synthetic-meeting-{rng.randrange(meetings)}/"),
        (2, f"/countries/{country}/"),
        (1, "/countries/{}/{}/".format(*sorted((country, other)))),  # the pair's own address, not its 301
        (2, f"/leaders/synthetic-leader-{rng.randrange(2000)}/"),
    ]
    weights, paths = zip(*choices, strict=True)
    return rng.choices(paths, weights=weights)[0]


def kind_of(path):
    """The load mix's kind of a path (load_mix's choices), for the load test's table by kind of page."""
    if path.startswith("/meetings/synthetic-meeting-"):
        return "meeting"
    if path.startswith("/leaders/"):
        return "leader"
    if path.startswith("/countries/"):
        return "country pair" if path.count("/") == 4 else "country"
    query = path.partition("?")[2]
    if "q=meeting" in query:
        return "list search, a title's number"
    if "q=" in query:
        return "list search, a word"
    if "page=" in query:
        return "list, deeper page"
    if "kind=" in query:
        return "list, kind and year"
    if "date_from=" in query:
        return "list, country and date"
    if query.count("country=") == 2:
        return "list, two countries"
    if "country=" in query:
        return "list, one country"
    return "list"


def sitemap_page(body):
    """The path of the last page of the sitemap index in ``body`` (the deepest offset), or None for a sitemap."""
    text = body.decode("utf-8", "replace")
    if "<sitemapindex" not in text:
        return None
    locations = [part.split("</loc>")[0].strip() for part in text.split("<loc>")[1:]]
    meetings = [loc for loc in locations if "meeting" in loc] or locations
    if not meetings:
        return None
    url = meetings[-1].replace("&amp;", "&")
    # The index names the public host (SITE_URL or the request's): keep the path and query only.
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1]
