"""The public search: what a meeting is found by, kept in one place, and how each database searches it.

**The searched text** (``Meeting.search_text``) is a meeting's document: its title, summary and report, its place
(city, and the place's other names — Peking for Beijing — from meetings/data/names_in_scripts.csv; country as named
then and today), its summit, every participant's name, other names (aliases), office and country, its statements,
its topics with their parents, and the other names (aliases) of the countries concerned.
``refresh_search_text(ids)`` writes it for any number of meetings in a few queries per batch; every write path
calls it: a save in the admin or elsewhere (signals, also for ``loaddata``'s raw saves), and the imports and
generators that write in bulk (they call it themselves).

**SQLite** keeps an FTS5 index of that text (``meetings_meeting_fts``, an external-content table over
``meetings_meeting.search_text`` kept in step by triggers, with the Porter stemmer and accents removed), queried
with ``MATCH`` and ranked with ``bm25``: words are matched whole and stemmed, as PostgreSQL's English
configuration matches them. **PostgreSQL** keeps a generated ``tsvector`` of the same text with a GIN index
(migration 0006) and ranks with ``ts_rank``. Both read the visitor's text the same way (websearch syntax: words
all required, "quoted phrases", ``or``, ``-word`` to exclude); the visitor's words are always parameters or
quoted FTS strings, never SQL or FTS syntax of their own.

**Names in every script.** Accents and case never matter, on either database: the searched text ends with a line
of *variants* — each word with accents (of Latin, Greek, Cyrillic, Arabic or Hebrew letters) or non-ASCII capitals
as ``fold()`` writes it (Горбачёв → горбачев, Enlái → enlai) — and the visitor's words are folded the same way
(PostgreSQL's English configuration keeps accents; SQLite's ``remove_diacritics`` leaves Cyrillic ё as it is).
Chinese, Japanese and Korean are written without spaces, so a tokenizer reads 高市早苗 as one word: the variants
also give every run of CJK characters as overlapping pairs (高市 市早 早苗, as Lucene's CJK analyzer does), and a
visitor's CJK word of three characters or more is looked for as the phrase of its pairs. 高市 and 毛泽东 find
高市早苗 and 毛泽东 (a single character finds nothing: it would match too much).
"""

import functools
import re
import unicodedata
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection
from django.db.models import BooleanField, Expression, FloatField

MAX_TERMS = 12
BATCH = 500

# Words too common to search for; PostgreSQL's English configuration ignores the same ones, so a search for
# "the" finds nothing on either database instead of everything on SQLite.
_STOP_WORDS_TEXT = (
    "a about above after again against all am an and any are as at be because been before being below between "
    "both but by can did do does doing down during each few for from further had has have having he her here "
    "hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now "
    "of off on once only or other our ours ourselves out over own s same she should so some such t than that the "
    "their theirs them themselves then there these they this those through to too under until up us very was we "
    "were what when where which while who whom why will with you your yours yourself yourselves"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

FTS_TABLE = "meetings_meeting_fts"
# The FTS5 index and the triggers that keep it in step with meetings_meeting.search_text (SQLite only). Created
# by migration 0021 and checked again after every migrate (apps.py): a migration that rebuilds the meetings table
# on SQLite drops its triggers, and ensure_sqlite_index() puts them back and rebuilds the index.
SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS meetings_meeting_fts USING fts5(search_text, content='meetings_meeting', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS meetings_meeting_fts_insert AFTER INSERT ON meetings_meeting BEGIN "
    "INSERT INTO meetings_meeting_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS meetings_meeting_fts_delete AFTER DELETE ON meetings_meeting BEGIN "
    "INSERT INTO meetings_meeting_fts(meetings_meeting_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS meetings_meeting_fts_update AFTER UPDATE OF search_text ON meetings_meeting BEGIN "
    "INSERT INTO meetings_meeting_fts(meetings_meeting_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO meetings_meeting_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO meetings_meeting_fts(meetings_meeting_fts) VALUES ('rebuild')",
]
SQLITE_TRIGGERS = {"meetings_meeting_fts_insert", "meetings_meeting_fts_delete", "meetings_meeting_fts_update"}


def ensure_sqlite_index(using_connection=None):
    """Create the FTS5 index and its triggers where missing, and then rebuild the index. True when it did."""
    conn = using_connection or connection
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if "meetings_meeting" not in present or {FTS_TABLE, *SQLITE_TRIGGERS} <= present:
            return False
        for statement in SQLITE_INDEX:
            cursor.execute(statement)
    return True


@contextmanager
def indexed_in_bulk():
    """For an import that inserts thousands of meetings in one transaction: yields ``index(ids)``, which adds the
    meetings just inserted to SQLite's full-text index in one statement per thousand, while the insert trigger,
    which indexes each row on its own, is set aside (it cost 7 of the 8 seconds it took to insert 50,000 meetings).
    Everything happens inside the caller's transaction: other connections never see the trigger missing, and a
    failure rolls its removal back with the rest. On PostgreSQL the generated tsvector needs nothing of this."""
    if connection.vendor != "sqlite":
        yield lambda ids: None
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS meetings_meeting_fts_insert")

    def index(ids):
        ids = list(ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 1000):
                chunk = ids[start : start + 1000]
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, search_text) SELECT id, search_text FROM meetings_meeting "  # noqa: S608
                    f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )

    yield index
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_INDEX[1])


# --- What a meeting is found by ---------------------------------------------------------------------------------


# A meeting's own fields in its searched text, in this order (then its participants, statements and topics).
OWN_FIELDS = ("title", "summary", "report", "city", "country_name", "country__name", "summit__name")
CITY = OWN_FIELDS.index("city")


def compose(own, people=(), statements=(), topics=(), countries=()):
    """A meeting's searched text from its parts: ``own`` its OWN_FIELDS' values; ``people`` (name, aliases, office,
    country, country as named then) of each participant in order; ``statements`` texts in order; ``topics`` (name,
    parent's name) in order; ``countries`` the aliases (one per line) of the place's country, then of each
    participant's country. The one recipe: documents() reads the parts back from the database, and an import
    that has them at hand (the CSV import) gives them directly, so that its meetings are written once.

    The place's other names (names_in_scripts.csv) follow the meeting's own fields; the countries' aliases, once
    each, follow the topics; the variants of the whole text (see the module's docstring) come last."""
    parts = [field for field in own if field]
    if len(own) > CITY and own[CITY]:
        others = place_others(own[CITY])
        if others:
            parts.append(others)
    for name, aliases, office, country, at_time in people:
        parts.append(" ".join(x for x in (name, " ".join((aliases or "").split("\n")), office, country, at_time) if x))
    parts.extend(text for text in statements if text)
    parts.extend(f"{parent} {name}" if parent else name for name, parent in topics)
    names = dict.fromkeys(name.strip() for aliases in countries for name in (aliases or "").split("\n"))
    names.pop("", None)
    if names:
        parts.append(" ".join(names))
    text = "\n".join(parts)
    extra = variants(text)
    return f"{text}\n{' '.join(extra)}" if extra else text


@functools.lru_cache(maxsize=10_000)
def place_others(city):
    """The other names of a place (names_in_scripts.csv), as one line; worked out once per city (an import composes
    the text of 150,000 meetings held in a few thousand places)."""
    from .data.names_in_scripts import place_names

    return " ".join(name for name in place_names().get(fold(city), ()) if name != city)


# The scripts whose marks are optional accents (é, ё, ά, Arabic and Hebrew vowel points): fold() drops them. Marks
# of other scripts are parts of letters (Devanagari's vowel signs, the voicing marks of Japanese kana) and stay.
ACCENTED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARABIC", "HEBREW")
# Latin letters with a stroke, which Unicode does not decompose into a letter and an accent.
STROKED = str.maketrans("øØłŁđĐħĦı", "oOlLdDhHi")
# Han ideographs, Japanese kana and Korean hangul: scripts written without spaces between words.
CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
CJK_RUN = re.compile(f"[{CJK}]{{2,}}")


def fold(text):
    """Text as the search compares it: case folded, without the accents of ACCENTED_SCRIPTS (Горбачёв → горбачев,
    Ōhira → ohira, ΜΗΤΣΟΤΆΚΗΣ → μητσοτακησ)."""
    kept, accented = [], False
    for char in unicodedata.normalize("NFD", text.translate(STROKED)):
        if unicodedata.combining(char):
            if accented:
                continue
        else:
            accented = unicodedata.name(char, "").startswith(ACCENTED_SCRIPTS)
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).casefold()


def words(text):
    """The words of a text: runs of letters, marks and digits (a Devanagari word keeps its vowel signs)."""
    found, word = [], []
    for char in text:
        if unicodedata.category(char)[0] in "LMN":
            word.append(char)
        elif word:
            found.append("".join(word))
            word = []
    if word:
        found.append("".join(word))
    return found


def cjk_pairs(word):
    """A word with each run of CJK characters written as its overlapping pairs: 毛泽东 → 毛泽 泽东."""

    def pairs(run):
        return " " + " ".join(run[0][i : i + 2] for i in range(len(run[0]) - 1)) + " "

    return " ".join(CJK_RUN.sub(pairs, word).split())


def variants(text):
    """What the searched text adds so that accents, case and CJK word breaks never matter: each word not written
    as fold() writes it, folded, and each word holding CJK characters as cjk_pairs() writes it; once each, in
    the order of the text."""
    if text.isascii():  # most texts: nothing to fold (ASCII case is folded by both databases' own search)
        return []
    found = {}
    for token in text.split():
        if not token.isascii():
            found.update(dict.fromkeys(token_variants(token)))
    return list(found)


@functools.lru_cache(maxsize=100_000)
def token_variants(token):
    """variants() of one stretch of text without spaces. Names and aliases come back in meeting after meeting: kept
    once worked out (rewriting 100,000 searched texts would otherwise fold the same names again and again)."""
    found = []
    for word in words(token):
        if word.isascii():
            continue
        folded = fold(word)
        paired = cjk_pairs(folded)
        found += [folded] if folded != word else []
        found += [paired] if paired != folded else []
    return tuple(found)


def documents(ids, models=None, stored=None):
    """{meeting id: its searched text} for these meetings, in four queries; ``stored`` (a dict) receives the text
    each has now."""
    if models is None:
        from .models import Meeting, MeetingArea, Participation, Statement

        models = (Meeting, Participation, Statement, MeetingArea)
    Meeting, Participation, Statement, MeetingArea = models
    own, people, statements, topics = {}, defaultdict(list), defaultdict(list), defaultdict(list)
    countries = defaultdict(list)
    meetings = Meeting.objects.filter(pk__in=ids)
    for pk, now, place, *fields in meetings.values_list("id", "search_text", "country__aliases", *OWN_FIELDS):
        own[pk] = fields
        countries[pk].append(place)
        if stored is not None:
            stored[pk] = now
    for pk, country, *person in (
        Participation.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "order", "id")
        .values_list(
            "meeting_id",
            "country__aliases",
            "leader__name",
            "leader__aliases",
            "office",
            "country__name",
            "country_name",
        )
    ):
        people[pk].append(person)
        countries[pk].append(country)
    for pk, text in (
        Statement.objects.filter(meeting_id__in=ids).order_by("order", "id").values_list("meeting_id", "text")
    ):
        statements[pk].append(text)
    for pk, *topic in (
        MeetingArea.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "id")
        .values_list("meeting_id", "area__name", "area__parent__name")
    ):
        topics[pk].append(topic)
    return {pk: compose(fields, people[pk], statements[pk], topics[pk], countries[pk]) for pk, fields in own.items()}


def refresh_search_text(ids, models=None):
    """Write the searched text of these meetings (any number: in batches). Returns how many changed."""
    if models is None:
        from .models import Meeting

        meeting_model = Meeting
    else:
        meeting_model = models[0]
    qn = connection.ops.quote_name
    table, pk_column = qn(meeting_model._meta.db_table), qn(meeting_model._meta.pk.column)
    column = qn(meeting_model._meta.get_field("search_text").column)
    ids = sorted(set(ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        stored = {}
        texts = documents(batch, models, stored)
        # Only texts that differ are written (each write also updates SQLite's FTS5 index).
        changed = [(text, pk) for pk, text in texts.items() if stored.get(pk) != text]
        if changed:
            # One prepared statement for the batch: bulk_update() builds a CASE of 500 branches, several times slower.
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s", changed)  # noqa: S608
        written += len(changed)
    return written


# --- Reading the visitor's text ---------------------------------------------------------------------------------


def search_terms(text, keep_common=False):
    """Plain words of a query, folded (at most a dozen, common words left out), without any search syntax."""
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" or c in "-'" else " " for c in text or "")
    terms = [fold(w.strip("-'")) for w in kept.split() if w.strip("-'")]
    return [w for w in terms if keep_common or w not in STOP_WORDS][:MAX_TERMS]


_TOKENS = re.compile(r'"([^"]*)"?|(\S+)')


def fts5_query(text):
    """The visitor's text as an FTS5 query in websearch style, or None when it holds no word to look for.

    Every word is an FTS5 string ("…"), so nothing the visitor types is FTS syntax: words are all required,
    "quoted words" a phrase, ``or`` between two words either of them, ``-word`` excludes.
    """
    groups, excluded, pending_or = [], [], False
    for phrase, word in _TOKENS.findall(text or ""):
        if word and word.lower() == "or" and groups:
            pending_or = True
            continue
        negative = bool(word) and word.startswith("-") and len(word) > 1
        # A phrase keeps its common words: FTS5 matches its words side by side ("free and open").
        terms = search_terms(phrase, keep_common=True) if not word else search_terms(word[1:] if negative else word)
        if not terms:
            continue
        # A phrase (or an excluded word) is one FTS5 string; other words one string each (a CJK word the phrase of
        # its pairs).
        terms = [cjk_pairs(term) for term in terms]
        items = ['"' + " ".join(terms) + '"'] if phrase or negative else [f'"{term}"' for term in terms]
        if negative:
            excluded.extend(items)
            continue
        if pending_or:
            groups[-1] = groups[-1] + [items[0]]
            items = items[1:]
            pending_or = False
        groups.extend([item] for item in items)
        if len(groups) >= MAX_TERMS:
            break
    if not groups:
        return None
    query = " AND ".join("(" + " OR ".join(group) + ")" if len(group) > 1 else group[0] for group in groups)
    for item in excluded[:MAX_TERMS]:
        query += f" NOT {item}"
    return query


def websearch_text(text):
    """The visitor's text for PostgreSQL's websearch_to_tsquery: its syntax as typed, its words folded, a CJK word of
    three characters or more the quoted phrase of its pairs."""

    def read(match):
        phrase, token = match.groups()
        if token is None:
            return '"' + cjk_pairs(fold(phrase)) + '"'
        sign = "-" if token.startswith("-") and len(token) > 1 else ""
        body = cjk_pairs(fold(token[len(sign) :]))
        return sign + (f'"{body}"' if " " in body else body)

    return _TOKENS.sub(read, text or "")


def search(queryset, text):
    """``queryset`` narrowed to the meetings the text finds, with a ``rank`` (higher is better)."""
    if connection.vendor == "postgresql":
        text = websearch_text(text)
        # A condition on the meeting's own row, which the GIN index answers: `id IN (SELECT id … WHERE search_vector
        # @@ …)` read the matches, then each match again by its id (a common word: 115 ms, against 18 ms).
        return queryset.filter(WebSearch(text)).annotate(rank=WebSearchRank(text))
    query = fts5_query(text)
    if query is None:
        return queryset.none()
    # A join with the FTS5 index (its rowid is the meeting's id); bm25 is lower for a better match.
    return queryset.filter(search_index__text__match=query).annotate(rank=Bm25())


class _OnTheMeetingRow(Expression):
    """PostgreSQL: SQL reading the search_vector column (which no model field declares) of the query's own meetings
    table, by the alias it has there (meetings_meeting, or U0 in a subquery)."""

    # websearch_to_tsquery reads "quoted phrases", OR and -exclusions, and never raises on any text.
    tsquery = "websearch_to_tsquery('english', %s)"

    def __init__(self, text):
        super().__init__()
        self.text = text

    def vector(self, compiler):
        alias = next(a for a, join in compiler.query.alias_map.items() if join.table_name == "meetings_meeting")
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector"


class WebSearch(_OnTheMeetingRow):
    """PostgreSQL: the meeting's searched text matches the visitor's words."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        return f"{self.vector(compiler)} @@ {self.tsquery}", [self.text]


class WebSearchRank(_OnTheMeetingRow):
    """PostgreSQL: ts_rank of the meeting for the visitor's words (higher is better)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection):
        return f"ts_rank({self.vector(compiler)}, {self.tsquery})", [self.text]


class Bm25(Expression):
    """SQLite FTS5's bm25 of the joined index, negated (higher is better, as PostgreSQL's ts_rank)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection):
        alias = next(a for a, join in compiler.query.alias_map.items() if join.table_name == FTS_TABLE)
        return f"-bm25({compiler.quote_name_unless_alias(alias)})", []
