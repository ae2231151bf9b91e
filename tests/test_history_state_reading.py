"""How the Office of the Historian's records are read: each test stands on the record that showed a misreading,
in short sentences of its shape (the record id is cited)."""

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from meetings.countries import read_countries
from meetings.importers.history_state import HistoryStateImport, meeting_day
from meetings.importers.history_state_identity import IdentityResolver
from meetings.importers.history_state_records import (
    US_OFFICIAL_RE,
    CountryResolver,
    Place,
    clause_is_multilateral,
    group_clauses,
    is_cancelled,
    kind_from_text,
    met_with_clauses,
    met_with_items,
    parse_item,
    place_from_visit,
    place_of_event,
    related_countries,
)
from meetings.importers.history_state_write import is_one_word
from meetings.importers.names import clean_name, clean_text, looks_like_name, own_title, split_title
from meetings.importers.summits import find_leaders_summits
from meetings.models import Country, Meeting


@pytest.fixture
def countries(db):
    return CountryResolver()


def groups(remarks, **kwargs):
    text, clauses = met_with_clauses(remarks, **kwargs)
    return [[item for item, _ in group] for group in group_clauses(text, clauses)]


class TestPhrasingsOfAMeeting:
    """1. Summits, conferences and other phrasings that made no meeting."""

    def test_a_summit_meeting_with_dates_between(self):
        # travels 2942 (Geneva 1985)
        remarks = (
            "Attended Summit Meeting (November 19-21) with Soviet General Secretary Gorbachev. "
            "Met also with Swiss President Furgler."
        )
        assert groups(remarks) == [["Soviet General Secretary Gorbachev"], ["Swiss President Furgler"]]

    def test_a_pre_summit_meeting_and_a_day_after_the_name(self):
        # travels 2948 (Reykjavik 1986): "October 10" is the day met, no part of the name
        remarks = (
            "Pre-Summit meeting (October 10-11) with Soviet General Secretary Gorbachev. "
            "Met with President Finnbogadottir October 10."
        )
        assert met_with_items(remarks) == ["Soviet General Secretary Gorbachev", "President Finnbogadottir"]

    def test_a_summit_with_one_counterpart_is_that_meeting(self):
        # travels 2957 (Moscow 1988), 2335 (Malta 1989)
        text, clauses = met_with_clauses("Summit meeting with General Secretary Gorbachev. Exchanged ratifications.")
        assert [item for item, _ in clauses] == ["General Secretary Gorbachev"]
        assert clause_is_multilateral(text, clauses[0][1])
        remarks = (
            "Attended Summit Meeting (December 2-3) with Soviet Chairman Gorbachev. "
            "Met also with Maltese Prime Minister Fenech Adami."
        )
        assert groups(remarks) == [["Soviet Chairman Gorbachev"], ["Maltese Prime Minister Fenech Adami"]]

    @pytest.mark.parametrize(
        "remarks, people",
        [
            # travels 2730 (Yalta), 2722 (Tehran), 2729 (Malta)
            (
                "Attended Yalta Conference with Soviet Premier Stalin and British Prime Minister Churchill.",
                ["Soviet Premier Stalin", "British Prime Minister Churchill"],
            ),
            (
                "Attended Tehran Conference with Soviet Premier Stalin and British Prime Minister Churchill.",
                ["Soviet Premier Stalin", "British Prime Minister Churchill"],
            ),
            ("Attended Malta Conference with Prime Minister Churchill.", ["Prime Minister Churchill"]),
            # travels 2743 (Geneva 1955)
            (
                "Summit conference with British Prime Minister Eden, French Premier Faure, and Soviet Premier "
                "Bulganin.",
                ["British Prime Minister Eden", "French Premier Faure", "Soviet Premier Bulganin"],
            ),
            # travels 2734 (Potsdam): one office for two names
            (
                "Potsdam Conference with British Prime Ministers Churchill and Attlee and Soviet Premier Stalin.",
                ["British Prime Minister Churchill", "British Prime Minister Attlee", "Soviet Premier Stalin"],
            ),
        ],
    )
    def test_a_conference_is_one_meeting_of_all_it_names(self, remarks, people):
        text, clauses = met_with_clauses(remarks)
        assert [item for item, _ in clauses] == people
        assert all(clause_is_multilateral(text, position) for _, position in clauses)
        assert groups(remarks) == [people]

    def test_a_bilateral_meeting_on_the_side_of_a_summit_is_its_own(self):
        # travels 3814 (Singapore 2018)
        remarks = (
            "Participated in the summit with North Korean leader Kim Jong-un and bilateral events with Singaporean "
            "Prime Minister Lee Hsien Loong."
        )
        assert groups(remarks) == [["North Korean leader Kim Jong-un"], ["Singaporean Prime Minister Lee Hsien Loong"]]

    def test_met_with_written_twice_names_one_counterpart(self):
        # travels 4196, 4231, 4271
        remarks = (
            "Met with met with King Abdullah II and Deputy Prime Minister and Minister of Foreign Affairs "
            "and Expatriates Ayman Safadi."
        )
        assert met_with_items(remarks) == [
            "King Abdullah II",
            "Deputy Prime Minister and Minister of Foreign Affairs and Expatriates Ayman Safadi",
        ]

    def test_other_phrasings_of_a_meeting(self):
        # travels 2356, 2326, 2702, 1044, 2191
        assert met_with_items("Discussed the Middle East peace process with President Mitterrand.") == [
            "President Mitterrand"
        ]
        assert met_with_items("Audience with Pope John Paul II.") == ["Pope John Paul II"]
        assert met_with_items("Met informally with President Boyd during vacation.") == ["President Boyd"]
        assert met_with_items(
            "Briefed President Giscard d'Estaing and Foreign Minister Sauvagnargues on the U.S.-Soviet summit."
        ) == ["President Giscard d'Estaing", "Foreign Minister Sauvagnargues"]
        assert met_with_items(
            "Accompanied President Roosevelt to the Crimea Conference. Met afterward (February 11-14) with Soviet "
            "Foreign Minister Molotov."
        ) == ["Soviet Foreign Minister Molotov"]
        # travels 46: each topic has its person
        assert met_with_items(
            "Discussed the Iraq crisis with Foreign Secretary Cook, and the Middle East peace process with "
            "Israeli Prime Minister Netanyahu."
        ) == ["Foreign Secretary Cook", "Israeli Prime Minister Netanyahu"]
        # Only "Met with" when asked
        assert met_with_items("Discussed the Gulf crisis with President Mubarak.") == ["President Mubarak"]
        assert met_with_clauses("Discussed the Gulf crisis with President Mubarak.", phrasings={"met"})[1] == []

    def test_meetings_of_the_president_or_talked_about_are_not_the_travellers(self):
        # travels 10, 2216, 414
        assert met_with_items("Accompanied President Clinton to a summit meeting with Russian President Yeltsin.") == []
        assert met_with_items("Briefed Prime Minister Callaghan on meetings with Soviet leaders.") == [
            "Prime Minister Callaghan"
        ]
        # A conference to come is no conference: the discussion is a meeting with one person
        text, clauses = met_with_clauses("Discussed a Middle East peace conference with President Assad.")
        assert [item for item, _ in clauses] == ["President Assad"]
        assert not clause_is_multilateral(text, clauses[0][1])

    def test_an_item_is_read_once(self):
        # travels 3413
        assert met_with_items(
            "Audience with Pope Francis and a meeting with Secretary of State Cardinal Pietro Parolin."
        ) == ["Pope Francis", "Secretary of State Cardinal Pietro Parolin"]

    def test_an_office_for_a_place_or_a_portfolio_goes_on_to_the_name(self, countries):
        # travels 3539, 3761, 914
        assert met_with_items(
            "Met with UN Special Envoy for Syria Steffan de Mistura and Iranian Foreign Minister Zarif."
        ) == ["UN Special Envoy for Syria Steffan de Mistura", "Iranian Foreign Minister Zarif"]
        assert parse_item("UN Special Envoy for Syria Steffan de Mistura", countries) == (
            "Special Envoy for Syria",
            "Steffan de Mistura",
            "XUN",
        )
        assert parse_item("Secretary for External Affairs Green", countries) == (
            "Secretary for External Affairs",
            "Green",
            None,
        )
        # "for a 2+2 Ministerial Dialogue" (travels 4246) ends the list
        assert met_with_items(
            "Met with Secretary of National Defense Gilberto Teodoro for a 2+2 Ministerial Dialogue."
        ) == ["Secretary of National Defense Gilberto Teodoro"]

    def test_a_visit_placed_where_its_description_says(self):
        # visits 28, 1164, 2287, 2402
        assert place_from_visit(
            "Informal meetings with President Johnson at Glassboro (N.J.). Kosygin led the Soviet delegation to "
            "the 5th Emergency Session of the U.N. General Assembly."
        ) == Place("Glassboro", "New Jersey")
        assert place_from_visit("Summit meeting with President Clinton at Hyde Park, New York.") == Place(
            "Hyde Park", "New York"
        )
        assert place_from_visit(
            "Met with President Eisenhower in New York City while attending UN General Assembly."
        ) == (Place("New York City", "New York"))
        assert place_from_visit("Met with President Bush at Camp David, MD.") == Place("Camp David", "Maryland")
        # Another event's place, another sentence's, or none
        assert place_from_visit("Met with President Truman after a NATO meeting in Ottawa, Canada.") is None
        assert place_from_visit("Addressed the UN General Assembly in New York City. Met with President Bush.") is None
        assert place_from_visit("Official working visit.") is None


class TestCancelled:
    """2. A meeting that did not take place."""

    def test_a_cancelled_meeting(self):
        # visits 486
        assert is_cancelled(
            "Private visit to New York City and Los Angeles. Meeting scheduled November 19 with President Reagan "
            "cancelled."
        )
        assert is_cancelled("Trip postponed.")
        assert is_cancelled("The visit was called off.")

    def test_something_else_called_off_or_a_meeting_held(self):
        # visits 331: the messenger's meeting took place
        assert not is_cancelled(
            "Private visit. Delivered a message to President Carter postponing a state visit by King Hassan II."
        )
        assert not is_cancelled("Private visit. Press conference cancelled. Met with President Reagan.")
        assert not is_cancelled("Meeting with the Prime Minister cancelled; met with President Reagan instead.")
        assert not is_cancelled("Official working visit.")


class TestKinds:
    """3. Kinds by whole words."""

    @pytest.mark.parametrize(
        "text, kind",
        [
            ("Unofficial visit.", Meeting.Kind.PRIVATE_VISIT),  # visits 2259
            ("Informal, unofficial visit. In U.S. August 12-September 8.", Meeting.Kind.PRIVATE_VISIT),  # 2296
            ("Dedicated the Peace Monument during an unofficial visit.", Meeting.Kind.PRIVATE_VISIT),  # travels 2199
            ("Offical Visit.", Meeting.Kind.OFFICIAL_VISIT),  # visits 3229
            ("Official visit. Private visit to New York City afterwards.", Meeting.Kind.OFFICIAL_VISIT),  # 295
            ("Official working visit.", Meeting.Kind.WORKING_VISIT),
            ("CARICOM working luncheon.", Meeting.Kind.WORKING_VISIT),
            ("State visit.", Meeting.Kind.STATE_VISIT),
            # visits 331: a state visit named is not the record's
            (
                "Private visit. Delivered a message postponing a state visit by King Hassan II.",
                Meeting.Kind.PRIVATE_VISIT,
            ),
            ("Pastoral visit.", Meeting.Kind.BILATERAL),
        ],
    )
    def test_kind(self, text, kind):
        assert kind_from_text(text, Meeting.Kind.BILATERAL) == kind


@pytest.mark.django_db
class TestOfficesAtTheTime:
    """4. Former, acting, -elect and -designate stay in the office."""

    def test_former_and_acting(self, countries):
        # travels 3258, 1431, 3724
        assert parse_item("former President Nelson Mandela", countries) == ("Former President", "Nelson Mandela", None)
        assert parse_item("Acting President Fattouh", countries) == ("Acting President", "Fattouh", None)
        assert parse_item("Acting Foreign Minister Bui Thanh Son", countries)[:2] == (
            "Acting Foreign Minister",
            "Bui Thanh Son",
        )
        # travels 3013
        assert met_with_items("Met with former Presidents Mandela and de Klerk and with President Zuma.") == [
            "former President Mandela",
            "former President de Klerk",
            "President Zuma",
        ]

    def test_initials_begin_a_name(self, countries):
        # travels 3258
        assert met_with_items("Met with former President F.W. de Klerk in Cape Town.") == [
            "former President F.W. de Klerk"
        ]
        assert parse_item("former President F.W. de Klerk", countries) == ("Former President", "F.W. de Klerk", None)
        # visits 1054: the visitor is named
        assert looks_like_name("P.V. Narasimha Rao")

    def test_elect_and_designate_written_apart(self):
        # visits 1082, 427
        assert split_title(clean_text("President- elect Ernesto Zedillo Ponce de Leon")) == (
            "President-elect",
            "Ernesto Zedillo Ponce de Leon",
        )
        assert split_title(clean_text("President- designate Roberto E. Viola")) == (
            "President-designate",
            "Roberto E. Viola",
        )


class TestAmericans:
    """5. Americans are never counterparts."""

    @pytest.mark.parametrize(
        "item",
        [
            "Gen Petraeus",  # travels 2487, 2491 (the "Gen." of the records, its dot dropped)
            "Ambassador Crocker",  # travels 2491
            "General Eisenhower",  # travels 2724, 967
            "Special Envoy Mitchell",  # travels 3028
            "Presidential adviser Harry Hopkins",  # travels 2189
            "Sen Kerry",
            "senior U.S. officials",
            "CENTCOM Commander General Votel",
            "Commanding General Odierno",
        ],
    )
    def test_american(self, item):
        assert US_OFFICIAL_RE.search(item)

    @pytest.mark.parametrize(
        "item",
        [
            "Prime Minister Hun Sen",  # travels 3296…: "Sen" ends a Cambodian name
            "General Musharraf",  # travels 2636
            "General Gowon",  # travels 1703
            "Cabinet Secretary for Foreign Affairs Ambassador Raychelle Omamo",  # travels 4032: a Kenyan
            "UN Special Envoy Staffan de Mistura",
            "Saudi Ambassador Adel al-Jubeir",
        ],
    )
    def test_not_american(self, item):
        assert not US_OFFICIAL_RE.search(item)

    def test_the_travellers_own_party_is_no_counterpart(self):
        # travels 4288
        assert met_with_items(
            "Also met with Russian Foreign Minister Sergei Lavrov and Russian Aide to the President Yuri Ushakov, "
            "along with National Security Advisor Mike Waltz, and Special Envoy to the Middle East Steve Witkoff."
        ) == ["Russian Foreign Minister Sergei Lavrov"]


@pytest.mark.django_db
class TestOrganisations:
    """6. Heads of international organisations are filed under their organisation."""

    @pytest.mark.parametrize(
        "item, expected",
        [
            ("IAEA Director General Grossi", ("Director General", "Grossi", "XIAEA")),  # travels 3955
            (
                "International Atomic Energy Agency (IAEA) Director General Rafael Grossi",  # travels 4219
                ("Director General", "Rafael Grossi", "XIAEA"),
            ),
            (
                "UN High Commissioner for Refugees Filippo Grandi",  # travels 3761
                ("High Commissioner for Refugees", "Filippo Grandi", "XUNHCR"),
            ),
            (
                "International Committee of the Red Cross President Peter Maurer",  # travels 3761
                ("President", "Peter Maurer", "XICRC"),
            ),
            ("EC Chairman Poos", ("Chairman", "Poos", "XEC")),  # travels 370
            ("UN UNESCO Director General Audrey Azoulay", ("Director General", "Audrey Azoulay", "XUNESCO")),  # 4226
            ("NATO Secretary General Jens Stoltenberg", ("Secretary General", "Jens Stoltenberg", "XNATO")),
            ("Turkish Cypriot leader Mustafa Akinci", ("Turkish Cypriot leader", "Mustafa Akinci", "CY")),  # 3609
            ("King Hussein of Jordan", ("King", "Hussein", "JO")),
        ],
    )
    def test_the_organisation_is_the_hint(self, countries, item, expected):
        assert parse_item(re_read(item), countries) == expected

    def test_the_organisations_are_in_the_reference_list(self, db):
        rows = {row["code"]: row for row in read_countries()}
        added = ["XIAEA", "XUNHCR", "XUNICEF", "XOPEC", "XOAU", "XEC", "XCOE", "XWFP", "XICRC", "XUNESCO", "XUNDP"]
        added += ["XIOM", "XICPO", "XICTY", "XICTR"]
        for code in added:
            assert rows[code]["is_organisation"] and not rows[code]["is_former"], code
            assert Country.objects.get(code=code).is_organisation, code  # loaded by migration 0008


@pytest.mark.django_db
class TestNotPeople:
    """7. Non-persons and garbled names."""

    @pytest.mark.parametrize(
        "remarks",
        [
            "Met with Prime Minister Dimitar Kovacevski and attends OSCE Ministerial Meeting.",  # travels 4185
            "Met with the Presidential Triumvirate.",  # travels 2195
            "Met with President Diaz, Foreign Minister Mariscal, and Governors of several Mexican States.",  # 1797
            "Met with senior Korean and Japanese officials to discuss the alliance.",  # travels 3799
            "Met with the wife of former Deputy Prime Minister Anwar Ibrahim.",  # travels 124
        ],
    )
    def test_phrases_naming_no_person(self, countries, remarks):
        names = [parse_item(item, countries) for item in met_with_items(remarks)]
        assert all(parsed is None or parsed[1] in {"Dimitar Kovacevski", "Diaz", "Mariscal"} for parsed in names)

    @pytest.mark.parametrize(
        "item, expected",
        [
            # travels 724: an office, no one named
            (
                "the Chief Prosecutor of the International War Crimes Tribunal",
                ("Chief Prosecutor of the International War Crimes Tribunal", "", None),
            ),
            # travels 1241
            ("the UN Administrator for Kosovo", ("Administrator for Kosovo", "", "XUN")),
            # travels 3951: "av" joins a Faroese name
            (
                "Faroese Minister of Foreign Affairs and Education Jenis av Rana",
                ("Minister of Foreign Affairs and Education", "Jenis av Rana", "FO"),
            ),
            # travels 2195
            ("Secretary of Foreign Relations Munoz Meany", ("Secretary of Foreign Relations", "Munoz Meany", None)),
            # travels 3635, 192: the records' misspellings of "Minister"
            ("Saudi Foreign Ministe Adel al-Jubeir", ("Foreign Minister", "Adel al-Jubeir", "SA")),
            ("Prime MInister Barak", ("Prime Minister", "Barak", None)),
            # travels 2532: John Major
            ("Prime Minister Major", ("Prime Minister", "Major", None)),
            # travels 2737
            ("Prime Minister Mackenzie King", ("Prime Minister", "Mackenzie King", None)),
            # travels 1113
            ("President Giscard d'Estaing", ("President", "Giscard d'Estaing", None)),
        ],
    )
    def test_offices_and_names(self, countries, item, expected):
        assert parse_item(clean_text(item), countries) == expected

    def test_patriarch_and_his_style(self, countries):
        # travels 3981: "Hi Holiness" for "His Holiness"
        (item,) = met_with_items("Also met with Patriarch of the Georgian Orthodox Church, Hi Holiness Ilia II.")
        assert parse_item(item, countries) == ("Patriarch of the Georgian Orthodox Church", "Ilia II", "GE")
        assert clean_name("His Holiness Pope Francis") == "Pope Francis"

    def test_a_name_ending_like_a_month(self):
        # travels 3633…, visits 2879: Theresa May is no "Theresa" met in May
        assert clean_name("Theresa May") == "Theresa May"
        assert clean_name("Tito July 9") == "Tito"
        assert clean_name("Lady Catherine Ashton") == "Catherine Ashton"  # travels 3517
        assert looks_like_name("Jenis av Rana")


def re_read(item):
    """An item as met_with_clauses gives it: parentheses dropped, commas of UNESCO's name read."""
    return met_with_items(f"Met with {item}.")[0]


def test_a_talk_at_camp_david_is_placed_there_without_naming_the_president():
    # Visit 1609: "Official select visit. Discussed the war with Iraq at Camp David, Maryland."
    assert place_from_visit("Official select visit. Discussed the war with Iraq at Camp David, Maryland.") == (
        Place("Camp David", "Maryland")
    )
    assert place_from_visit("Private visit. Toured Camp David.") is None


def test_a_rank_between_office_and_name_is_no_office(countries):
    # Travels 4268: "Met with Pope Francis, Secretary of State Cardinal Pietro Parolin, …".
    assert parse_item("Holy See Secretary of State Cardinal Pietro Parolin", countries)[:2] == (
        "Secretary of State",
        "Pietro Parolin",
    )


def test_a_country_written_alike_whatever_the_year_has_its_name_of_the_time(countries):
    # The records write "Democratic Republic of the Congo (Zaire)" from 1960 to 2022; it was Zaire in 1971–97.
    written = "Democratic Republic of the Congo (Zaire)"
    assert countries.resolve("congo-democratic-republic", written, datetime.date(1989, 6, 28)) == ("CD", "Zaire")
    assert countries.resolve("congo-democratic-republic", written, datetime.date(2001, 2, 1)) == ("CD", "")
    assert countries.resolve("congo-democratic-republic", written) == ("CD", "")


def test_two_names_that_only_start_alike_are_not_one():
    # Georgios Papadopoulos (travels 1762, 1972) is not Georgios Papandreou (visits 2526, 1964).
    from meetings.importers.names import Person, words_alike

    assert not words_alike("papadopoulos", "papandreou")
    assert words_alike("enrico", "enrique") and words_alike("chan", "chandrikapersad")
    assert not Person.named("Georgios Papadopoulos", "GR", "").same_person_as(
        Person.named("Georgios Papandreou", "GR", "")
    )


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # Visit records of the UN General Assembly: the dots of "U.N." end no sentence.
        ("Met with President Clinton at the U.N. General Assembly in New York City.", "New York City"),
        ("Met with President Johnson at the LBJ Ranch, Texas.", "LBJ Ranch"),
    ],
)
def test_places_named_after_the_un_or_at_a_presidents_ranch(text, city):
    assert place_from_visit(text).city == city


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Met with President Bush during a private visit to Kennebunkport (Me.).", "Kennebunkport"),  # visit 728
        ("Informal visit to Washington.", "Washington"),  # visit 2315
        ("Attended a Heads of Government meeting in White Sulphur Springs (West Virginia).", "White Sulphur Springs"),
        ("Official visit to Washington and New York City.", None),  # two places: which one?
        ("Private visit to New York City. Met with President Carter.", None),  # the meeting's place is not said
    ],
)
def test_the_one_place_a_visit_went_to(text, city):
    place = place_from_visit(text)
    assert (place.city if place else None) == city


def test_the_body_before_a_title_stays_in_the_office(countries):
    # Travels 3787: "… and African Union Commission Chairperson Moussa Faki Mahamat."
    office, name, hint = parse_item("African Union Commission Chairperson Moussa Faki Mahamat", countries)
    assert (office, name, hint) == ("African Union Commission Chairperson", "Moussa Faki Mahamat", "XAU")


def test_a_later_leg_of_a_visit_is_not_where_the_president_met():
    # Visit 2309: the state visit of October 1953 in Washington; New York City came a month later.
    text = (
        "At the invitation of the President. Afterwards visited Philadelphia (Pennsylvania), New York City. "
        "Private visit to New York City from November 24. Departed U.S. December 3."
    )
    assert place_from_visit(text) is None


def test_a_meeting_placed_by_the_one_town_its_sentence_names_with_a_state():
    # Visit 440: "Informal meeting at the dedication of the Gerald R. Ford Presidential Museum and Library, Grand
    # Rapids (Mich.)."; an initial ("R.") ends no sentence.
    text = (
        "Informal meeting at the dedication of the Gerald R. Ford Presidential Museum and Library, "
        "Grand Rapids (Mich.)."
    )
    assert place_from_visit(text) == Place("Grand Rapids", "Michigan")
    assert place_from_visit("Met with President Carter. Toured Houston (Texas).") is None


def test_the_kind_of_a_later_leg_is_not_the_visits():
    # Visits 2309: the state visit of October 1953; "Private visit to New York City from November 24." came later.
    text = "At the invitation of the President. Private visit to New York City from November 24. Departed U.S."
    assert kind_from_text(text, Meeting.Kind.BILATERAL) == Meeting.Kind.BILATERAL
    assert kind_from_text("Official visit. Private visit to New York City afterwards.", None) == (
        Meeting.Kind.OFFICIAL_VISIT
    )


def test_a_counterpart_of_another_country_has_its_name_of_the_time(countries):
    # Travels 1661: Abbas met in Jerusalem (2008) represented the Palestinian Authority.
    assert countries.name_at("PS", datetime.date(2008, 3, 29)) == "Palestinian Authority"
    assert countries.name_at("PS", datetime.date(1990, 1, 1)) == "Palestine Liberation Organization"
    assert countries.name_at("PS", datetime.date(1960, 1, 1)) == ""  # before the PLO


def test_a_style_between_office_and_name_is_no_office(countries):
    # Travels 2211: "Met with … Foreign Minister Prince Saud al-Faisal."
    assert parse_item("Foreign Minister Prince Saud al-Faisal", countries)[:2] == ("Foreign Minister", "Saud al-Faisal")


def test_a_crown_prince_keeps_his_office(countries):
    assert parse_item("Crown Prince Fahd", countries)[:2] == ("Crown Prince", "Fahd")


def test_a_social_visit_is_a_private_one():
    # Visits 2432: "Luncheon (social visit)."
    assert kind_from_text("Luncheon (social visit).", Meeting.Kind.BILATERAL) == Meeting.Kind.PRIVATE_VISIT


class TestTheEighthReadingsFaults:
    """What the eighth reading of a seeded sample found (docs/data-quality.md), on the records that showed it."""

    @pytest.mark.parametrize(
        "country, office, day, title",
        [
            ("ES", "President", datetime.date(2009, 9, 24), "Prime Minister"),  # visits 2061: Zapatero
            ("ES", "President", datetime.date(2024, 7, 10), "Prime Minister"),  # visits 3310: Sánchez
            ("ES", "President", datetime.date(1935, 5, 1), "President"),  # the Second Republic had Presidents
            ("ES", "Generalissimo", datetime.date(1959, 12, 21), "Head of State"),  # Franco
            ("XAU", "Chairperson", datetime.date(2011, 6, 13), "African Union Commission Chairperson"),  # trip 3174
            ("GB", "Foreign Minister", None, "Foreign Secretary"),
            ("FR", "President", datetime.date(2009, 9, 24), "President"),
        ],
    )
    def test_an_office_takes_the_title_it_bears_in_english(self, country, office, day, title):
        assert own_title(country, office, day) == title

    def test_a_day_typed_with_the_letter_l(self):
        # Visits 421 (9–18 November 1980): "Private visit. Met with President Carter November l3."
        start, end = datetime.date(1980, 11, 9), datetime.date(1980, 11, 18)
        assert meeting_day("Private visit. Met with President Carter November l3.", start, end) == datetime.date(
            1980, 11, 13
        )
        assert meeting_day("Met with President Carter November 13.", start, end) == datetime.date(1980, 11, 13)

    def test_the_style_sheikh_is_no_part_of_a_name(self):
        assert clean_name("Sheikh Sabah Khalid al-Sabah") == "Sabah Khalid al-Sabah"  # travels 3363
        assert clean_name("Sheikh Tamim bin Hamad Al Thani") == "Tamim bin Hamad Al Thani"
        assert clean_name("Sheikh Hasina Wajed") == "Sheikh Hasina Wajed"  # her family's name
        assert clean_name("Sheikh Ahmed") == "Sheikh Ahmed"  # a style and one word: not a name without it

    def test_a_given_names_hyphen_comes_from_the_file(self):
        # Visits 1940: the records write "Jean Claude Juncker" and "Jean-Claude Juncker"; the file "Juncker,
        # Jean-Claude". A family name keeps the records' writing: "Ellen Johnson Sirleaf".
        juncker = SimpleNamespace(
            name="Jean-Claude Juncker", sort_name="Juncker, Jean-Claude", forms=["Jean Claude Juncker"]
        )
        assert IdentityResolver.english_name(juncker, "Jean Claude Juncker") == "Jean-Claude Juncker"
        sirleaf = SimpleNamespace(name="Ellen Johnson-Sirleaf", sort_name="Johnson-Sirleaf, Ellen", forms=[])
        assert IdentityResolver.english_name(sirleaf, "Ellen Johnson Sirleaf") == "Ellen Johnson Sirleaf"

    @pytest.mark.parametrize(
        "name, one_word",
        [
            ("Castiella", True),
            ("Ellemann-Jensen", True),  # travels 274: a hyphenated surname is still a surname alone
            ("Lord Tweedsmuir", True),
            ("al-Tahir", True),
            ("Amir Peretz", False),  # "Amir" is his given name
            ("Uffe Ellemann-Jensen", False),
        ],
    )
    def test_a_name_of_one_word_is_counted_as_a_surname_alone(self, name, one_word):
        assert is_one_word(name) == one_word


class TestTheNinthReadingsFaults:
    """What the ninth reading (seed 4) found (docs/data-quality.md), on the records that showed it."""

    @pytest.mark.parametrize(
        "description, place",
        [
            # Visits 2958: the dots of "U.S.S." end no sentence.
            ("Met with President Trump at the U.S.S. Intrepid Museum in New York City.", ("New York City", "New York")),
            ("Working visit at Camp David, MD.", ("Camp David", "Maryland")),  # visits 1595
            ("State visit. (Camp David summit talks)", ("Camp David", "Maryland")),  # visits 360
            # Visits 140: the White House is in Washington.
            ("Attended White House dinner on 25th Anniversary of the U.N.", ("Washington", "District of Columbia")),
            ("Met with President Nixon at the White House; visited Chicago.", ("Washington", "District of Columbia")),
            ("Attended funeral of President Kennedy.", None),
        ],
    )
    def test_where_a_visit_met_the_president(self, description, place):
        found = place_from_visit(description)
        assert (tuple(found) if found else None) == place

    @pytest.mark.parametrize(
        "words, city",
        [
            ("Drug Summit in San Antonio, Texas", "San Antonio"),  # visits of February 1992
            ("AUKUS Summit at Point Loma, CA", "Point Loma"),
            ("Conference on Prosperity and Security in Central America, in Washington and in Doral, Florida", None),
            ("Funeral of President Kennedy", None),
        ],
    )
    def test_where_an_event_was_held(self, words, city):
        found = place_of_event(words)
        assert (found.city if found else None) == city

    def test_former_before_a_countrys_name(self, countries):
        # Travels 2646 (Arusha, 2000): "Met with former South African President Mandela".
        assert parse_item("former South African President Mandela", countries) == ("Former President", "Mandela", "ZA")

    def test_the_plo_before_the_palestinian_authority(self, countries):
        # Travels 553 (Oslo, 21 January 1994): "PLO Chairman Arafat".
        assert countries.name_at("PS", datetime.date(1994, 1, 21)) == "Palestine Liberation Organization"
        assert countries.name_at("PS", datetime.date(1994, 7, 21)) == "Palestinian Authority"

    def test_the_camp_david_trilateral_summit(self):
        # Visits 3166, 3167 (18 August 2023): "Attended Trilateral Summit at Camp David, MD."
        found = find_leaders_summits("Attended Trilateral Summit at Camp David, MD.", datetime.date(2023, 8, 18))
        assert [series for series, _ in found] == ["other"]


class TestTheTenthReadingsFaults:
    """What the tenth reading (seed 5) found (docs/data-quality.md), on the records that showed it."""

    @pytest.mark.parametrize(
        "remarks, name, city",
        [
            # Travels 3490: Erbil is where the Kurdistan leaders were met, not al-Maliki.
            (
                "Met with President Nouri al-Maliki and Iraqi political leaders, and with Kurdistan regional leaders "
                "in "
                "Erbil.",
                "Nouri al-Maliki",
                "",
            ),  # fmt: skip
            # Travels 2435: Istanbul is the summit's city; Bush met Sezer and Erdogan in Ankara.
            (
                "Met with President Sezer and Prime Minister Erdogan and attended NATO Summit meeting in Istanbul.",
                "Sezer",
                "",
            ),  # fmt: skip
            # Travels 1723-style: the city the sentence gives the two people met.
            ("Met with President Cossiga and Prime Minister Fanfani in Rome on June 6.", "Fanfani", "Rome"),
        ],
    )
    def test_a_trips_city_is_the_clause_of_the_people_met(self, remarks, name, city):
        places = ["Ankara", "Istanbul", "Baghdad", "Erbil", "Venice", "Rome"]
        assert HistoryStateImport.sentence_place(remarks, remarks.index(name) - 10, places) == city

    def test_the_turkish_cypriots_leader_is_a_cypriot(self, countries):
        # Travels 3609: "Turkish Cypriot leader Mustafa Akinci".
        assert parse_item("Turkish Cypriot leader Mustafa Akinci", countries)[2] == "CY"

    def test_the_republic_of_china_before_and_after_1949_is_one_state(self):
        # "Generalissimo Chiang Kai-shek" at Cairo (1943, China) is "President Chiang Kai-shek" in Taipei (travels
        # 774, 1954).
        assert related_countries({"CN", "TW", "US"}) == {"CN": ["TW"], "TW": ["CN"]}

    @pytest.mark.parametrize(
        "description, city",
        [
            ("Took part in Israeli-Palestinian peace talks at Wye Plantation, Maryland.", "Wye Plantation"),  # 1299
            ("Visited President Taft in Beverly (Mass.).", "Beverly"),  # visits 2144
            ("Visited Washington.", "Washington"),  # visits 2173
            ("Offsite Meeting at Woodside, CA.", "Woodside"),
            ("State visit; visited New York City.", None),  # went there after the meeting
            ("In U.S. June 20-27; visited New York City.", None),
        ],
    )
    def test_where_a_visit_met_the_president_in_other_words(self, description, city):
        found = place_from_visit(description)
        assert (found.city if found else None) == city

    def test_austrias_head_of_government_is_its_chancellor(self):
        # Visits 1348 (NATO, Washington 1999): "Prime Minister Viktor Klima".
        assert own_title("AT", "Prime Minister", datetime.date(1999, 4, 23)) == "Chancellor"


class TestTheEleventhReadingsFaults:
    """What the eleventh reading (seed 6) found (docs/data-quality.md), on the records that showed it."""

    def test_a_summit_in_a_later_clause_is_another_acts(self):
        # Travels 2435 (Ankara, Istanbul; 2004): Bush met Sezer and Erdogan in Ankara, then attended the summit.
        remarks = "Met with President Sezer and Prime Minister Erdogan and attended NATO Summit meeting in Istanbul."
        summits = [("nato", remarks.index("NATO"))]
        assert HistoryStateImport.summit_apart(remarks, remarks.index("President"), summits)
        remarks = "Met with Prime Minister Heath on the sidelines of the NATO Summit meeting."
        assert not HistoryStateImport.summit_apart(remarks, remarks.index("Prime"), [("nato", remarks.index("NATO"))])

    def test_a_summit_passed_on_the_way_is_not_attended(self):
        # Visits 442 (Moi, 1981): "Private visit en route to U.N. General Assembly."
        assert (
            find_leaders_summits("Private visit en route to U.N. General Assembly.", datetime.date(1981, 9, 25)) == []
        )
        assert find_leaders_summits("Addressed the U.N. General Assembly.", datetime.date(1981, 9, 25))


class TestTheTwelfthReadingsFaults:
    """What the twelfth reading (seed 7) found (docs/data-quality.md), on the records that showed it."""

    def test_the_white_house_whatever_else_the_record_names(self):
        # Visits 212 (Lamizana, 1973): a region named too.
        text = "Private visit. Met with President Nixon at the White House to discuss the drought in West Africa."
        assert place_from_visit(text).city == "Washington"
        assert place_from_visit("Met with President Ford at White House.").city == "Washington"  # no "the"


def test_a_trip_listed_twice_is_read_once(db):
    # Travels 3992 and 4019 (Blinken in Tokyo, March 2021): one trip under two ids.
    importer = HistoryStateImport(Path(__file__).parent / "data" / "history_state")
    trip = {
        "id": "3992", "role": "secretary", "who": "blinken-antony-john", "name": "Antony John Blinken",
        "start": datetime.date(2021, 3, 15), "end": datetime.date(2021, 3, 17), "country_id": "japan",
        "country": "Japan", "locale": "Tokyo", "remarks": "Met with Foreign Minister Toshimitsu Motegi.",
        "created": None, "modified": None,
    }  # fmt: skip
    importer.plan_trip(trip)
    importer.plan_trip({**trip, "id": "4019", "remarks": "Met with Foreign Minister  Toshimitsu Motegi."})
    assert [plan.record_id for plan in importer.plans] == ["3992"]
    assert importer.report.duplicate_trips == 1
    assert ("hs-travels", "4019") in importer.cancelled_records  # an earlier import's meeting of it is dropped


class TestTheThirteenthReadingsFaults:
    """What the thirteenth reading (seed 8) found (docs/data-quality.md), on the records that showed it."""

    def test_the_pope_is_the_holy_sees_wherever_he_is_met(self, countries):
        # Travels 797 (Rome, 1955): "Met with Pope Pius XII".
        assert parse_item("Pope Pius XII", countries) == ("Pope", "Pius XII", "VA")

    def test_the_camp_david_summit_places_the_visit(self):
        assert place_from_visit("Official visit. Second Camp David Summit.").city == "Camp David"  # visits 375

    @pytest.mark.parametrize(
        "code, day, name",
        [
            ("DE", datetime.date(1949, 11, 11), "Federal Republic of Germany"),  # travels 3292: "Germany"
            ("DE", datetime.date(1991, 1, 1), ""),
            ("VN", datetime.date(1969, 5, 14), "South Vietnam"),  # Saigon, 1969
            ("VN", datetime.date(1995, 8, 5), ""),
        ],
    )
    def test_names_of_the_time(self, countries, code, day, name):
        assert countries.name_at(code, day) == name
