"""Recognising the leaders' summits of the Office of the Historian's records, and placing them on the reference table
of editions (meetings/importers/summits.py). The sentences are short paraphrases of the records named."""

import datetime
from pathlib import Path

import pytest

from meetings.importers.summits import (
    Edition,
    Editions,
    ReferenceEdition,
    SummitMention,
    find_summit_series,
    find_summits,
    group_editions,
    normalise_series,
    place_mention,
    read_reference_editions,
)

DATA = Path(__file__).parent / "data" / "summits"
EDITIONS_CSV = DATA / "editions.csv"
D = datetime.date


def mention(series, start, end=None, host="US", city="", key=None):
    return SummitMention(series, start, end or start, host, city, key or (series, start, host))


@pytest.fixture
def table():
    return read_reference_editions(EDITIONS_CSV)


class TestNewSeries:
    @pytest.mark.parametrize(
        "text, series",
        [
            ("Came for the Summit of the Americas in Miami.", "americas"),  # visits 1083
            ("Attended the Second Summit of the Americas.", "americas"),  # travels 2595
            ("Went with the President to the Special Summit of the Americas.", "americas"),  # travels 1389
            ("Took part in the Americas Summit.", "americas"),
            ("Attended the Summit of the Americas with Foreign Minister Ebrard.", "americas"),  # a minister came too
            ("Was at the U.S.-Africa Leaders Summit.", "us_africa"),  # visits 2726
            ("Was at the U.S.–Africa Leaders’ Summit.", "us_africa"),  # visits 3062, typographic dash and quote
            ("Took part in the US-Africa Leaders' Summit.", "us_africa"),
            ("Came for the U.S.-ASEAN Summit.", "us_asean"),  # visits 3083
            ("Joined a U.S.-ASEAN Leaders' meeting at Phnom Penh.", "us_asean"),  # travels 3209
            ("Attended a United States-Association of Southeast Asian Naations Summit.", "us_asean"),  # travels 3428
            ("Was at the ASEAN-U.S. Leaders' Meeting.", "us_asean"),
            ("Took part in the ASEAN Summit Meeting.", "asean"),  # travels 3443
            ("Attended the 31st ASEAN Summit Meeting in Manila.", "asean"),  # travels 3899
            ("Came for the ASEAN Leaders Summit at Sunnylands.", "asean"),  # visits 2820
            ("Went to the ASEAN Leaders' Special Meeting on Tsunami Relief.", "asean"),  # travels 1441
            ("Attended an East Asia Summit meeting in Vientiane.", "eas"),  # travels 3629
            ("Was at a CSCE Summit Meeting in Helsinki.", "osce"),  # travels 2376
            ("Attended the OSCE Summit meeting in Istanbul.", "osce"),  # travels 184
            # travels 2627; 2873 (President Ford at Helsinki, 1975); 1119
            ("Attended the Organization for Security and Cooperation in Europe Summit meeting.", "osce"),
            ("Attended the opening session of the Conference on Security and Cooperation in Europe.", "osce"),
            (
                "Saw the signing ceremony for the Final Act of the Conference on Security and Co-operation in Europe.",
                "osce",
            ),
            ("Led the U.S. delegation to the OSCE in Astana.", "osce"),  # travels 3095
            ("Was at the UN Climate Change Conference.", "cop"),  # travels 2984
            ("Joined the President at the 2022 United Nations Climate Change Conference.", "cop"),  # travels 4094
            ("Attended the UN Climate Change Summit.", "cop"),  # travels 3605
            ("Addressed the 22nd Conference of the Parties to the climate convention.", "cop"),  # travels 3715
            ("Addressed the COP-20 in Lima.", "cop"),  # travels 3531
            ("Came for the U.S.-Pacific Island Country Summit.", "pacific"),  # visits 3061
            ("Came for the Pacific Islands Countries Summit.", "pacific"),  # visits 3170
            ("Was at the Pacific Island Nations-United States Summit in Honolulu.", "pacific"),  # visits 832
            ("Met the Prime Minister and Pacific Islands Forum leaders.", "pacific"),  # travels 4140
            ("Came for the U.S.-EU Summit meeting.", "us_eu"),  # visits 1138
            ("Came for the U.S.-European Union Summit Meeting.", "us_eu"),  # visits 1196
            ("Was at the EU-US Summit Meeting in Ljubljana.", "us_eu"),  # travels 2508
            ("Attended the European Community Summit Meeting.", "us_eu"),  # travels 2367
            ("Met the President at the UN Millenium Summit in New York City.", "un_summit"),  # visits 1424, spelt so
            ("Met the President at a U.N. Security Council Summit in New York City.", "un_summit"),  # visits 902
            ("Was at the UN Ecology Summit.", "un_summit"),  # visits 1240
            ("Attended the Earth Summit Meeting.", "un_summit"),  # travels 2373
            ("Attended the World Summit on Sustainable Development.", "un_summit"),  # travels 1319
            ("Attended the UN Conference on Sustainable Development in Rio.", "un_summit"),  # travels 3239
            ("Attended the International Conference on Financing for Development.", "un_summit"),  # travels 2395
            ("Attended the BRICS Leaders' Summit.", "brics"),  # no record names one
            ("Attended the Shanghai Cooperation Organisation Summit.", "sco"),  # no record names one
            ("Came while attending the U.N. Special Session on Disarmament.", "unga"),  # visits 343
            ("Attended the Tehran Conference with Premier Stalin.", "other"),  # travels 2722
            ("Casablanca Conference with British Prime Minister Churchill.", "other"),  # travels 2712
            ("Went with the President to the Tripartite Conference of Berlin.", "other"),  # travels 488
            ("Went with the President to the Heads of Government Conference.", "other"),  # travels 794
            ("Summit conference with Prime Minister Eden and Premier Bulganin.", "other"),  # travels 2743
        ],
    )
    def test_a_new_series_is_recognised(self, text, series):
        assert find_summit_series(text) == series

    # Each phrase that names no summit, with the summit of the series nearest to it, which is recognised.
    @pytest.mark.parametrize(
        "text, summit, series",
        [
            # visits 1969; travels 3056; a preparatory meeting; a summit to come; visits 3226
            (
                "Met the President at the Council of the Americas.",
                "Met the President at the Summit of the Americas.",
                "americas",
            ),
            (
                "Attended the Pathways to Prosperity in the Americas Ministerial.",
                "Attended the Americas Summit.",
                "americas",
            ),
            (
                "Attended the Summit of the Americas preparatory meeting.",
                "Attended the Summit of the Americas.",
                "americas",
            ),
            (
                "Consulted on the upcoming Summit of the Americas.",
                "Consulted at the Summit of the Americas.",
                "americas",
            ),
            (
                "Met the President beside the Americas Partnership for Economic Prosperity Summit Meeting.",
                "Met the President beside the Summit of the Americas meeting.",
                "americas",
            ),
            # visits 1636; visits 2676 (four Presidents at the White House, not the series); visits 2789
            (
                "Attended the United States-Africa Business Summit.",
                "Attended the United States-Africa Leaders Summit.",
                "us_africa",
            ),
            ("Attended African Leaders Summit.", "Attended U.S.-African Leaders Summit.", "us_africa"),
            ("Attended the Africa Leaders Ebola Meeting.", "Attended the U.S.-Africa Leaders' Summit.", "us_africa"),
            # travels 1262, 297, 2306, 2946, 2369: ministers' meetings and a business council
            ("Attended ASEAN Regional Forum and Post-Ministerial Conference.", "Attended ASEAN Summit.", "asean"),
            ("Attended ASEAN Post-Ministerial Meeting.", "Attended ASEAN Summit Meeting.", "asean"),
            ("Attended meeting of ASEAN Foreign Ministers.", "Attended meeting of ASEAN leaders.", "asean"),
            ("Attended an ASEAN Ministerial meeting.", "Attended an ASEAN Leaders' meeting.", "asean"),
            ("Attended a meeting of the ASEAN Business Council.", "Attended a meeting of the ASEAN Summit.", "asean"),
            ("Attended the ASEAN Summit Senior Officials meeting.", "Attended the ASEAN Summit meeting.", "asean"),
            # travels 3750, 3865, 4243, 3250
            ("Attended the U.S.-ASEAN Ministerial Meeting.", "Attended the U.S.-ASEAN Summit Meeting.", "us_asean"),
            (
                "Co-chaired the U.S.-Association of Southeast Asian Nations (ASEAN) Ministerial.",
                "Co-chaired the U.S.-Association of Southeast Asian Nations (ASEAN) Summit.",
                "us_asean",
            ),
            (
                "Took part in the ASEAN-U.S. Post Ministerial Conference.",
                "Took part in the ASEAN-U.S. Summit.",
                "us_asean",
            ),
            (
                "Attended the U.S.-ASEAN and East Asia Summit Ministerial Meetings.",
                "Attended the U.S.-ASEAN and East Asia Summit Meetings.",
                "us_asean",
            ),
            # travels 4081, 3691, 3505
            (
                "Took part in the East Asia Summit Foreign Ministers' Meeting.",
                "Took part in the East Asia Summit.",
                "eas",
            ),
            ("Attended the East Asian Summit Foreign Ministers' Meeting.", "Attended the East Asian Summit.", "eas"),
            (
                "Attended the Lower Mekong Initiative and the East Asia Summit ministerial meetings.",
                "Attended the Lower Mekong Initiative and the East Asia Summit meetings.",
                "eas",
            ),
            # travels 410, 460, 2187, 2069, 1784 (foreign ministers in 1973), 4270
            ("Attended CSCE Foreign Ministers' Meeting.", "Attended CSCE Summit Meeting.", "osce"),
            ("Attended CSCE Council of Ministers Meeting.", "Attended CSCE Summit Meeting.", "osce"),
            ("Attended the closing session of the CSCE Follow-up Meeting.", "Attended the CSCE Summit.", "osce"),
            (
                "At the opening of the Follow-up Meeting of the Conference on Security and Cooperation in Europe.",
                "Attended the opening session of the Conference on Security and Cooperation in Europe.",
                "osce",
            ),
            (
                "Attended the first phase of the Conference on Security and Cooperation in Europe.",
                "Attended the Conference on Security and Cooperation in Europe Summit.",
                "osce",
            ),
            ("Attended the 31st OSCE Ministerial Council Meeting.", "Attended the OSCE Summit Meeting.", "osce"),
            # travels 3233, 3406
            ("Addressed the Climate and Clean Air Coalition.", "Addressed the UN Climate Change Conference.", "cop"),
            ("Gave an address on climate change.", "Gave an address at COP21.", "cop"),
            # travels 3263 (the Post-Forum Dialogue of partners), 4051, visits of May 2019
            ("Attended the Pacific Island Forum.", "Met the Pacific Islands Forum leaders.", "pacific"),
            (
                "Met the Prime Minister and other Pacific Island leaders.",
                "Met at the Pacific Island Nations Summit.",
                "pacific",
            ),
            (
                "Working visit (Leaders of the Freely Associated States).",
                "Attended the Pacific Islands Countries Summit.",
                "pacific",
            ),
            # travels 1293, 119, 3474, 1382
            ("Attended U.S.-EU Ministerial Meeting.", "Attended U.S.-EU Summit Meeting.", "us_eu"),
            (
                "Attended the U.S.-European Union ministerial meeting.",
                "Attended the U.S.-European Union summit.",
                "us_eu",
            ),
            ("Co-chaired the U.S.-EU Energy Council Meeting.", "Co-chaired the U.S.-EU Summit.", "us_eu"),
            ("Met with EU Foreign Ministers.", "Met at the EU Summit.", "us_eu"),
            # visits 1915; visits 2236 (1945)
            ("Signed a Millenium Challenge Corporation Compact.", "Signed it at the Millenium Summit.", "un_summit"),
            (
                "Led a delegation to the United Nations Conference in San Francisco.",
                "Went to the United Nations Summit.",
                "un_summit",
            ),
            # travels 487, 2188, 2032: on the way, in preparation
            ("Landed en route to the Potsdam Conference.", "Landed for the Potsdam Conference.", "other"),
            ("Preparations for the Malta and Yalta Conferences.", "Attended the Malta and Yalta Conferences.", "other"),
            (
                "Discussed preparations for the Summit of the Americas.",
                "Discussed trade at the Summit of the Americas.",
                "americas",
            ),
        ],
    )
    def test_not_a_summit(self, text, summit, series):
        assert find_summit_series(text) is None
        assert find_summit_series(summit) == series

    def test_a_record_naming_two_new_summits_gives_both(self):
        # travels 4111, 3055
        found = [series for series, _ in find_summits("Took part in the U.S.-ASEAN and East Asia Summits.")]
        assert found == ["us_asean", "eas"]
        found = [series for series, _ in find_summits("Attended the ASEAN and East Asia Summit Meetings.")]
        assert found == ["asean", "eas"]
        found = [series for series, _ in find_summits("Went to the NATO and EU Summit Meetings.")]  # travels 2439
        assert found == ["nato", "us_eu"]

    def test_the_economic_summit_conference_is_the_g7_only(self):
        # travels 2913: "Attended Economic Summit Conference of the Heads of State…", not a one-off conference too.
        assert [s for s, _ in find_summits("Attended Economic Summit Conference with the leaders of six.")] == ["g7"]
        assert [s for s, _ in find_summits("Attended summit conference with the leaders of six.")] == ["other"]

    def test_the_old_series_read_as_before(self):
        assert [s for s, _ in find_summits("Attended the G-8 Economic Summit and U.S.-EU Summit.")] == ["g8", "us_eu"]
        assert find_summit_series("Met with President Bush at the U.N. General Assembly.") == "unga"

    def test_an_asean_summit_in_the_united_states_is_a_us_asean_one(self):
        # visits 2820: the ASEAN leaders at Sunnylands met the President; ASEAN holds its own summits at home.
        assert normalise_series("asean", D(2016, 2, 15), "US") == "us_asean"
        assert normalise_series("asean", D(2017, 11, 13), "PH") == "asean"
        assert normalise_series("asean", D(2017, 11, 13)) == "asean"
        assert normalise_series("g7", D(2001, 7, 20), "IT") == "g8"


class TestReferenceTable:
    def test_rows_are_read(self, table):
        assert len(table) == 11
        sunnylands = next(row for row in table if row.series == "us_asean")
        assert sunnylands == ReferenceEdition(
            "us_asean",
            "U.S.-ASEAN Special Leaders' Summit, Sunnylands 2016",
            D(2016, 2, 15),
            D(2016, 2, 16),
            "Rancho Mirage",
            "US",
            False,
        )
        helsinki = next(row for row in table if row.series == "osce")
        assert (helsinki.start, helsinki.end, helsinki.certain) == (D(1975, 7, 30), D(1975, 7, 30), True)

    def test_a_missing_table_is_empty(self, tmp_path):
        assert read_reference_editions(tmp_path / "summit_editions.csv") == []

    def test_a_bad_row_is_an_error_naming_its_line(self):
        with pytest.raises(ValueError, match=r"bad_date\.csv, line 3"):
            read_reference_editions(DATA / "bad_date.csv")


class TestGroupingByReference:
    def test_two_sessions_of_the_general_assembly_in_one_year_are_two_editions(self, table):
        # visits 1274 (the special session on drugs, June 1998) and a visit to the session of that autumn.
        june = mention("unga", D(1998, 6, 8))
        september = mention("unga", D(1998, 9, 20), D(1998, 9, 23))
        editions = group_editions([june, september], table)
        assert [(e.start, e.end) for e in editions] == [
            (D(1998, 6, 8), D(1998, 6, 10)),
            (D(1998, 9, 21), D(1998, 10, 2)),
        ]
        assert [e.mentions for e in editions] == [[june], [september]]
        # Without the table, one edition a year, as before.
        assert len(group_editions([june, september])) == 1

    def test_a_visit_months_before_the_session_fits_no_edition(self, table):
        # Pope Benedict XVI's White House visit of April 2008 is no attendance of the September session.
        april = mention("unga", D(2008, 4, 15), D(2008, 4, 17))
        september = mention("unga", D(2008, 9, 24))
        editions = group_editions([april, september], table)
        assert isinstance(editions, Editions)
        assert [e.mentions for e in editions] == [[september]]
        assert editions.unplaced == [april]

    def test_a_record_of_another_country_than_the_summits_is_not_attached(self, table):
        # A trip to Canada in the days of the G20 at Pittsburgh is no attendance; a visit to the U.S. is.
        canada = mention("g20", D(2009, 9, 24), D(2009, 9, 25), host="CA")
        visit = mention("g20", D(2009, 9, 24), D(2009, 9, 25), host="US")
        editions = group_editions([canada, visit], table)
        assert [e.mentions for e in editions] == [[visit]]
        assert editions.unplaced == [canada]
        # A record of no known country, or a row of no known host, is placed by its dates.
        nowhere = mention("g20", D(2009, 9, 25), host="")
        assert place_mention(nowhere, table).city == "Pittsburgh"
        assert place_mention(mention("g20", D(2009, 9, 25), host="CA"), [table[3]._replace(host="")]) is not None

    def test_the_edition_takes_name_days_city_and_host_from_the_row(self, table):
        # visits 2820: "Attended the ASEAN Leaders Summit at Sunnylands, CA.", 16-18 February 2016.
        sunnylands = mention("us_asean", D(2016, 2, 16), D(2016, 2, 18), city="Sunnylands")
        (edition,) = group_editions([sunnylands], table)
        assert edition.reference == table[6]
        assert (edition.series, edition.name) == ("us_asean", "U.S.-ASEAN Special Leaders' Summit, Sunnylands 2016")
        assert (edition.start, edition.end, edition.city, edition.host) == (
            D(2016, 2, 15),
            D(2016, 2, 16),
            "Rancho Mirage",
            "US",
        )

    def test_an_asean_mention_may_fit_the_us_asean_edition_beside_it(self, table):
        # The records say "ASEAN Summit" of the U.S.-ASEAN summit the President attended (travels 3443).
        asean = mention("asean", D(2016, 2, 15))
        (edition,) = group_editions([asean], table)
        assert (edition.series, edition.mentions) == ("us_asean", [asean])

    def test_g7_and_g8_are_one_series_in_the_table(self, table):
        g7 = mention("g7", D(2001, 7, 19), D(2001, 7, 23), host="IT")
        (edition,) = group_editions([g7], table)
        assert (edition.series, edition.city) == ("g8", "Genoa")

    def test_a_record_covering_the_days_around_the_summit_fits_it(self, table):
        # The Summit of the Americas of 9-11 December 1994 (visits 1083 and following).
        assert place_mention(mention("americas", D(1994, 12, 12), D(1994, 12, 13)), table) == table[5]
        assert place_mention(mention("americas", D(1994, 12, 5), D(1994, 12, 7)), table) == table[5]
        assert place_mention(mention("americas", D(1994, 12, 14)), table) is None
        assert place_mention(mention("americas", D(1994, 12, 1), D(1994, 12, 6)), table) is None

    def test_of_two_fitting_editions_the_closest_is_taken(self):
        first = ReferenceEdition("nato", "First", D(2000, 1, 10), D(2000, 1, 11), "A", "BE", True)
        second = ReferenceEdition("nato", "Second", D(2000, 1, 14), D(2000, 1, 15), "A", "BE", True)
        assert place_mention(mention("nato", D(2000, 1, 12), host="BE"), [second, first]) == first
        assert place_mention(mention("nato", D(2000, 1, 13), host="BE"), [first, second]) == second
        assert place_mention(mention("nato", D(2000, 1, 11), D(2000, 1, 14), host="BE"), [second, first]) == first

    def test_a_series_the_table_lacks_is_grouped_by_dates(self, table):
        # visits 2726 and 3062: no U.S.-Africa Leaders Summit in the table.
        first = [mention("us_africa", D(2014, 8, 5), D(2014, 8, 6), city="Washington", key=n) for n in range(3)]
        second = mention("us_africa", D(2022, 12, 13), D(2022, 12, 15), key=9)
        editions = group_editions([*first, second], table)
        assert [len(e.mentions) for e in editions] == [3, 1]
        assert editions[0].reference is None and editions.unplaced == []
        assert editions[0].name == "U.S.-Africa Leaders Summit, Washington 2014"

    def test_a_general_assembly_mention_may_fit_a_un_summit_held_at_the_assembly(self, table):
        # visits 1802: "met with President Bush at the UN General Assembly" on 13 September 2005, the eve of the
        # World Summit, a plenary of the Assembly.
        visit = mention("unga", D(2005, 9, 13))
        editions = group_editions([visit], table)
        assert [(e.series, e.name, e.mentions) for e in editions] == [("un_summit", "World Summit 2005", [visit])]

    def test_a_one_off_conference_is_an_edition_only_by_its_row(self, table):
        # travels 2722 (Tehran), 2723 (the second Cairo conference, days later), 2729 (Malta, no row)
        tehran = mention("other", D(1943, 11, 27), D(1943, 12, 2), host="IR")
        cairo = mention("other", D(1943, 12, 2), D(1943, 12, 7), host="EG")
        malta = mention("other", D(1945, 2, 2), host="GB")
        editions = group_editions([tehran, cairo, malta], table)
        assert [(e.name, e.mentions) for e in editions] == [
            ("Tehran Conference 1943", [tehran]),
            ("Second Cairo Conference 1943", [cairo]),
        ]
        assert editions.unplaced == [malta]
        # No table, no edition.
        assert list(group_editions([tehran])) == [] and group_editions([tehran]).unplaced == [tehran]


class TestWithoutTable:
    def test_mentions_are_grouped_by_dates_and_none_is_unplaced(self):
        a = mention("nato", D(2004, 6, 27), D(2004, 6, 29), host="TR", city="Istanbul", key=1)
        b = mention("nato", D(2004, 6, 28), host="TR", key=2)
        c = mention("nato", D(2004, 7, 20), host="TR", key=3)
        editions = group_editions([a, b, c])
        assert [e.mentions for e in editions] == [[a, b], [c]]
        assert editions.unplaced == []
        assert (editions[0].name, editions[0].host, editions[0].reference) == ("NATO Summit, Istanbul 2004", "TR", None)

    def test_names_of_the_new_series_follow_the_names_of_the_time(self):
        assert Edition("osce", [mention("osce", D(1992, 7, 9), host="FI", city="Helsinki")]).name == (
            "CSCE Summit, Helsinki 1992"
        )
        assert Edition("osce", [mention("osce", D(1999, 11, 18), host="TR", city="Istanbul")]).name == (
            "OSCE Summit, Istanbul 1999"
        )
        assert Edition("us_eu", [mention("us_eu", D(1991, 11, 9), host="NL")]).name == "U.S.-EC Summit 1991"


@pytest.mark.parametrize(
    ("text", "series"),
    [
        # Records of Paris 1957, Brussels 1974 and London 2019 that name no "Summit".
        ("Attended meeting of NATO Heads of Government.", "nato"),
        ("Accompanied President Nixon to a meeting of NATO Heads of Government.", "nato"),
        ("Led U.S. delegation to attend the NATO Leaders Meeting.", "nato"),
        ("Attended NATO Ministerial Meeting.", None),
        # Beijing 2014: the President at the CEO Summit of the leaders' week (the table's dates check the week).
        ("Attended the Asia Pacific Economic Cooperation CEO Summit Meeting.", "apec"),
        ("Attended the APEC Ministerial Meeting.", None),
    ],
)
def test_summits_named_without_the_word_summit(text, series):
    assert find_summit_series(text) == series


@pytest.mark.parametrize(
    "text",
    [
        "Attended a Heads of Government meeting in White Sulphur Springs (West Virginia).",  # visits 2342, 2343
        "Attended the U.S.- Nordic Leaders Summit.",  # visits 2866–2870
    ],
)
def test_one_off_meetings_of_leaders_held_in_the_united_states(text):
    assert find_summit_series(text) == "other"


@pytest.mark.parametrize(
    ("text", "series"),
    [
        # Travels 2770 (Paris, May 1960) and visits 1214–1215 (Washington, October 1996).
        (
            "Conference with President De Gaulle, British Prime Minister Macmillan, and Soviet Premier Khrushchev.",
            "other",
        ),
        ("Attended Middle East Summit Meeting.", "other"),
        ("Briefed Pope John Paul II on the Middle East Summit.", None),
    ],
)
def test_conferences_of_leaders_named_otherwise(text, series):
    assert find_summit_series(text) == series


def test_the_c5_plus_1_summit():
    # Visits 3219–3223 (2023): "Participated in C5+1 Presidential Summit Meeting with President Biden at the UN …"
    text = "Participated in C5+1 Presidential Summit Meeting with President Biden at the UN General Assembly."
    assert [series for series, _ in find_summits(text)][0] == "other"
