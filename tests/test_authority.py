"""The reader of the Office of the Historian's authority file of persons (meetings/importers/authority.py).

The sample folder tests/data/history_state/people holds invented persons in the real files' layout and shape; the
last test reads the real snapshot when it is there."""

from pathlib import Path

import pytest

from meetings.importers.authority import (
    AuthorityPerson,
    PeopleAuthority,
    Term,
    read_name,
    read_terms,
)

SAMPLES = Path(__file__).resolve().parent / "data" / "history_state"
REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "history-state"


@pytest.fixture(scope="module")
def authority():
    return PeopleAuthority.load(SAMPLES)


def years(terms):
    return [(t.office, t.country, t.start_year, t.end_year) for t in terms]


# --- Loading ---------------------------------------------------------------------------------------------------


def test_load_reads_every_sample_person(authority):
    assert len(authority) == 8
    assert authority.problems == []
    person = authority.get("900003")
    assert isinstance(person, AuthorityPerson)
    assert person.sort_name == "Oberbach, Lorenz"
    assert authority.get(900001).name == "Marek Przyklad"  # ids may come as numbers
    assert authority.get("100118") is None


def test_load_returns_none_without_people_folder(tmp_path):
    (tmp_path / "visits" / "data").mkdir(parents=True)
    assert PeopleAuthority.load(tmp_path) is None
    (tmp_path / "people").mkdir()
    assert PeopleAuthority.load(tmp_path) is not None


def test_unreadable_and_unsafe_files_are_reported_not_read(tmp_path):
    folder = tmp_path / "people" / "data" / "100000"
    folder.mkdir(parents=True)
    good = (SAMPLES / "people" / "data" / "900000" / "9" / "0" / "0" / "0" / "900002.xml").read_text("utf-8")
    (folder / "900002.xml").write_text(good, "utf-8")
    (folder / "900010.xml").write_text("<person><id>900010</id>", "utf-8")
    entity = '<?xml version="1.0"?><!DOCTYPE person [<!ENTITY x "Boom">]><person><id>900011</id></person>'
    (folder / "900011.xml").write_text(entity, "utf-8")
    # In UTF-16 a search of the bytes finds no "<!DOCTYPE": defusedxml must read it.
    (folder / "900012.xml").write_bytes(entity.replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16"))
    (folder / "900013.xml").write_text("<visits/>", "utf-8")
    loaded = PeopleAuthority.load(tmp_path)
    assert [p.id for p in loaded] == ["900002"]
    assert len(loaded.problems) == 4
    assert all("9000" in problem for problem in loaded.problems)


# --- Names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stored, titles, display, variants",
    [
        ("Adenauer, Konrad", [], "Konrad Adenauer", []),
        ("Maghribi, Mahmud Sulayman al-", [], "Mahmud Sulayman al-Maghribi", []),
        ("Deng Xiaoping", [], "Deng Xiaoping", []),
        ("Elizabeth II", [], "Elizabeth II", []),
        ("Hassan bin Talal", [], "Hassan bin Talal", []),
        ("Gusmao, Jose Alexander (Xanana)", [], "Jose Alexander Gusmao", ["Xanana Gusmao"]),
        ("Marcos, Ferdinand, Jr.", [], "Ferdinand Marcos Jr.", []),
        ("Denney, George C. Jr.", [], "George C. Denney Jr.", []),
        ("Adenauer, Dr. Konrad", ["Dr."], "Konrad Adenauer", []),
        ("Nehru, Pandit Jawaharlal", [], "Jawaharlal Nehru", []),
        ("Heusinger, Lieutenant General Adolf E.", ["Lieutenant General"], "Adolf E. Heusinger", []),
        ("Zumwalt, Elmo R. (“Bud”), Jr.", [], "Elmo R. Zumwalt Jr.", ["Bud Zumwalt Jr."]),
        ("El-Erian (Iryan), Abdallah", [], "Abdallah El-Erian", ["Abdallah Iryan"]),
        ("Deng Xiaoping (Teng Hsiao-ping)", [], "Deng Xiaoping", ["Teng Hsiao-ping"]),
        ("King, Rufus, 1755-1827", [], "Rufus King", []),
        ("Dahlgruen, Rolf (FDP)", [], "Rolf Dahlgruen", []),
    ],
)
def test_display_order(stored, titles, display, variants):
    read = read_name(stored, titles)
    assert read.display == display
    assert read.variants == variants


def test_names_from_a_visits_page_lose_their_office():
    assert read_name("Prime Minister-Prince Norodom Kantol", office_first=True).display == "Norodom Kantol"
    assert read_name("President Archbishop Makarios III", office_first=True).display == "Makarios III"
    # Only a visits page puts an office first: elsewhere "Amir" is a given name.
    assert read_name("Amir Abbas Hoveyda").display == "Amir Abbas Hoveyda"


def test_sample_names_forms_and_ids(authority):
    oberbach = authority.get("900003")
    assert (oberbach.name, oberbach.viaf, oberbach.birth_year, oberbach.death_year) == (
        "Lorenz Oberbach",
        "999000003",
        1876,
        1967,
    )
    # "Oberbach, Dr. Lorenz" is the name itself once its title goes; "Chancellor Oberbach" is only the surname.
    assert oberbach.forms == ["Laurenz Oberbach"]
    assert authority.get("900002").viaf == ""
    assert authority.get("900002").birth_year is None

    quinotero = authority.get("900004")
    assert quinotero.name == "Tomás Quiñotero Baldés"
    assert quinotero.sort_name == "Quiñotero Baldés, Tomás (Tito)"
    assert quinotero.forms == ["Tito Quiñotero Baldés", "Tomas Quinotero"]  # not "General Tomás Quiñotero"

    assert authority.get("900005").name == "Nabil Hamid al-Qassar"
    assert authority.get("900005").forms == ["Nabil Hamid Kassar"]  # not "al-Qassar", the surname alone
    assert authority.get("900006").name == "Charles Wendover Jr."
    # No description ("The Emir of Qatar") and no title ("Emir Hassim") among the forms.
    assert authority.get("900008").forms == ["Hashim ibn Rahal"]


def test_visit_names_and_remarks(authority):
    przyklad = authority.get("900001")
    assert przyklad.visit_names == [("poland", "President Przyklad"), ("poland", "President Marek Przyklad")]
    assert przyklad.visit_remarks == ["President, Poland. Visited U.S. 2 times, 1997–1998"]
    assert len(przyklad.remarks) == 3
    assert authority.get("900006").visit_remarks == []


# --- Look-ups --------------------------------------------------------------------------------------------------


def test_by_visit(authority):
    assert authority.by_visit("germany", "Chancellor Oberbach").id == "900003"
    assert authority.by_visit("poland", "President Marek Przyklad").id == "900001"
    assert authority.by_visit("Poland", "  President   Przyklad ").id == "900001"
    assert authority.by_visit("austria", "Chancellor Oberbach") is None  # another country's page
    assert authority.by_visit("germany", "chancellor oberbach") is None  # case is kept
    assert authority.by_visit("germany", "Oberbach") is None
    # Two persons are "President Wendover" on the Liberia page: neither is safe.
    assert authority.by_visit("liberia", "President Wendover") is None


def test_by_visit_unifies_quotes_and_dashes():
    person = AuthorityPerson(id="1", name="Jan O'Wzor", sort_name="O'Wzor, Jan")
    person.visit_names = [("ireland", "Taoiseach Jan O’Wzor-Bliski")]
    authority = PeopleAuthority([person])
    assert authority.by_visit("ireland", "Taoiseach Jan O'Wzor‐Bliski") is person
    # Built in memory, the surname index is read from the sort name.
    assert authority.with_surname("O’Wzor") == [person]


def test_named_ignores_accents_case_and_order(authority):
    assert [p.id for p in authority.named("Tomás Quiñotero Baldés")] == ["900004"]
    assert [p.id for p in authority.named("TOMAS QUINOTERO BALDES")] == ["900004"]
    assert [p.id for p in authority.named("Quinotero Baldes, Tomas")] == ["900004"]
    assert [p.id for p in authority.named("Tito Quinotero Baldes")] == ["900004"]  # a form
    assert [p.id for p in authority.named("Marek J. Przyklad")] == ["900001"]
    assert [p.id for p in authority.named("Oberbach, Dr. Lorenz")] == ["900003"]
    assert [p.id for p in authority.named("Sir Lorenz Oberbach")] == ["900003"]
    assert authority.named("Lorenz") == []
    assert authority.named("Oberbach") == []


def test_with_surname(authority):
    assert {p.id for p in authority.with_surname("Wendover")} == {"900006", "900007"}
    assert [p.id for p in authority.with_surname("al-Qassar")] == ["900005"]
    assert [p.id for p in authority.with_surname("Qassar")] == ["900005"]
    assert [p.id for p in authority.with_surname("Kassar")] == ["900005"]  # the bracketed spelling
    assert [p.id for p in authority.with_surname("quinotero")] == ["900004"]
    assert [p.id for p in authority.with_surname("Baldés")] == ["900004"]
    # A name without a comma does not say which word is the family's.
    assert [p.id for p in authority.with_surname("Rahal")] == ["900008"]
    assert [p.id for p in authority.with_surname("Hassim")] == ["900008"]
    assert [p.id for p in authority.with_surname("Lord Wendover")] == ["900006", "900007"]  # a title is no name
    assert [p.id for p in authority.with_surname("Wendover Jr.")] == ["900006", "900007"]
    assert [p.id for p in authority.with_surname("Hassim II")] == ["900008"]  # a regnal number is no name
    assert authority.with_surname("Lorenz") == []
    assert authority.with_surname("bin") == []


def test_surnames_of_names_without_a_comma():
    xi = AuthorityPerson(id="1", name="Xi Wenbo", sort_name="Xi Wenbo")
    regnal = AuthorityPerson(id="2", name="Hassim II", sort_name="Hassim II")
    authority = PeopleAuthority([xi, regnal])
    assert authority.with_surname("Xi") == [xi]  # a word that reads as a number, first: a name
    assert authority.with_surname("Wenbo") == [xi]
    assert authority.with_surname("Hassim") == [regnal]
    assert authority.with_surname("II") == []


# --- Terms -----------------------------------------------------------------------------------------------------


def test_sample_terms(authority):
    oberbach = authority.get("900003")
    found = years(oberbach.terms)
    frg = "Federal Republic of Germany"
    assert ("Chancellor", frg, 1949, 1963) in found
    assert ("Chancellor", frg, 1949, None) in found  # "from September 1949"
    assert ("Chancellor", frg, None, 1963) in found  # "until October 17, 1963"
    assert found.count(("Chancellor", frg, 1949, 1963)) == 1  # three remarks say it
    # The span of visits is no term; neither is an office whose date is another's.
    assert not any(1953 in (t.start_year, t.end_year) for t in oberbach.terms)
    assert not any("from March 1951, Foreign Minister" in t.text for t in oberbach.terms)
    term = next(t for t in oberbach.terms if (t.start_year, t.end_year) == (1949, 1963))
    assert (
        term.text == "Chancellor of the Federal Republic of Germany, 1949–1963; head of the West German CDU until 1966"
    )
    assert term.source_url == "https://history.state.gov/historicaldocuments/frus1969-76v90/persons#p_OL_1"

    assert years(authority.get("900001").terms) == [
        ("Minister of Foreign Affairs", "Polish", 1991, 1993),
        ("President", "Poland", 1995, None),
    ]
    # "appointed Ambassador to Italy November 24, 1966" and "the Geneva Conference of 1954" date no office.
    assert years(authority.get("900004").terms) == [
        ("Minister of Finance", "Chilean", 1964, 1966),
        ("President", "Chile", 1970, None),
    ]


@pytest.mark.parametrize(
    "remark, expected",
    [
        (
            "Chancellor of the Federal Republic of Germany, 1949–1963",
            [("Chancellor", "Federal Republic of Germany", 1949, 1963)],
        ),
        (
            "Chancellor of the Federal Republic of Germany from 1949 until 1963",
            [("Chancellor", "Federal Republic of Germany", 1949, 1963)],
        ),
        (
            "(CDU), former Chancellor of the Federal Republic of Germany (1949–1963)",
            [("Chancellor", "Federal Republic of Germany", 1949, 1963)],
        ),
        ("Prime Minister of India, 1947–1964", [("Prime Minister", "India", 1947, 1964)]),
        ("President of Egypt from 1970", [("President", "Egypt", 1970, None)]),
        (
            "Chancellor of the Federal Republic of Germany until October 17, 1963",
            [("Chancellor", "Federal Republic of Germany", None, 1963)],
        ),
        (
            "Assistant Secretary of State for International Organization Affairs February 7, 1969–June 20, 1973",
            [("Assistant Secretary of State for International Organization Affairs", "", 1969, 1973)],
        ),
        (
            "Iranian Minister of Foreign Affairs, April 1951–June 1952; Deputy Prime Minister of Iran and Minister "
            "for Finance, July 1952–August 1953.",
            [
                ("Minister of Foreign Affairs", "Iranian", 1951, 1952),
                ("Deputy Prime Minister", "Iran and Minister for Finance", 1952, 1953),
            ],
        ),
        (
            "Administrative Assistant to the President, January 21–March 22, 1953",
            [("Administrative Assistant to the President", "", 1953, 1953)],
        ),
        ("Prime Minister of Italy, 1953–54", [("Prime Minister", "Italy", 1953, 1954)]),
        (
            "Foreign Minister of Italy until June 1958 and February 1959–February 1960",
            [("Foreign Minister", "Italy", None, 1958), ("Foreign Minister", "Italy", 1959, 1960)],
        ),
        (
            "Secretary of Defense from January 30, 1973, until May 24, 1973",
            [("Secretary of Defense", "", 1973, 1973)],
        ),
        (
            "West German Minister of Foreign Affairs from October 1969 until May 1974",
            [("Minister of Foreign Affairs", "West German", 1969, 1974)],
        ),
        (
            # What stands between two dates is no office: the second dates nothing.
            "Minister of Finance, 1964–1966, appointed Ambassador to Italy in 1966",
            [("Minister of Finance", "", 1964, 1966)],
        ),
        (
            "Federal Republic of Germany Ambassador to the United States from 1979 until 1984",
            [("Ambassador to the United States", "Federal Republic of Germany", 1979, 1984)],
        ),
        (
            # "of" in an office that names no office before it does not start a country.
            "Office of the Special Assistant for Fisheries until June 1958",
            [("Office of the Special Assistant for Fisheries", "", None, 1958)],
        ),
        (
            "Democratic Representative for Ohio until 1972",
            [("Democratic Representative for Ohio", "", None, 1972)],
        ),
        (
            # "Allied" reads like a country's adjective, but "Supreme" makes it part of the office.
            "Supreme Allied Commander, Europe, until May 1952",
            [("Supreme Allied Commander", "Europe", None, 1952)],
        ),
        (
            # After "Minister of" comes a portfolio, after "Prime Minister of" a country.
            "Prime Minister and Minister of Atomic Energy of India from 1966",
            [("Prime Minister and Minister of Atomic Energy", "India", 1966, None)],
        ),
        (
            "Chairman of the Council of Ministers of the USSR from 1958",
            [("Chairman of the Council of Ministers", "USSR", 1958, None)],
        ),
        (
            "Cambodian Deputy Prime Minister, then member of the High Political Council until 1974",
            [("Member", "High Political Council", None, 1974)],
        ),
        (
            "Director, Office of Emergency Planning, Department of State, from 1965",
            [("Director", "Office of Emergency Planning, Department of State", 1965, None)],
        ),
    ],
)
def test_read_terms(remark, expected):
    terms = read_terms(remark, "https://example.org/source")
    assert years(terms) == expected
    assert all(isinstance(t, Term) and t.text == remark and t.source_url == "https://example.org/source" for t in terms)


@pytest.mark.parametrize(
    "remark",
    [
        "Chancellor, Germany, Federal Republic of. Visited U.S. 9 times, 1953–1962",
        "Chancellor and, from March 1951, Foreign Minister of the Federal Republic of Germany",
        "Chancellor of the Federal Republic of Germany and, until May 1955, Minister of Foreign Affairs",
        "Chancellor of the Federal Republic of Germany",
        "Chancellor of the Federal Republic of Germany, from September.",
        "Laotian Delegate at the Geneva Conference of 1954",
        "appointed Ambassador to the Soviet Union November 24, 1976",
        "Office of Near Eastern Affairs, Department of State, July 3, 1955–new September 23, 1956",
        "Policy Planning Staff, Department of State, from 1973",
        "National Front (Liberal Party) candidate for President, May 1966",
        "Ambassador to Thailand until his retirement in 1955",
        "Prime Minister of Ruritania, 1963–1931",
    ],
)
def test_remarks_that_date_no_office(remark):
    assert read_terms(remark) == []


# --- The real data ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not (REAL_DATA / "people").is_dir(), reason="no snapshot of HistoryAtState/people here")
def test_real_authority_file():
    authority = PeopleAuthority.load(REAL_DATA)
    assert len(authority) > 16000
    assert authority.problems == []
    adenauer = authority.get("100118")
    assert adenauer.name == "Konrad Adenauer"
    assert adenauer.sort_name == "Adenauer, Konrad"
    assert adenauer.viaf == "34470968"
    assert authority.by_visit("germany", "Chancellor Adenauer") is adenauer
    assert adenauer in authority.named("Adenauer, Konrad")
    assert adenauer in authority.with_surname("Adenauer")
    assert ("Chancellor", "Federal Republic of Germany", 1949, 1963) in years(adenauer.terms)
    assert not any(t.start_year == 1953 for t in adenauer.terms)  # "Visited U.S. 9 times, 1953–1962"
    assert "Chancellor, Germany, Federal Republic of. Visited U.S. 9 times, 1953–1962" in adenauer.visit_remarks


def test_a_letter_with_its_dot_is_an_initial_not_a_kings_number():
    from meetings.importers.authority import read_name

    # "Podgorny, Nikolai V." is Nikolai V. Podgorny, not "Nikolai Podgorny V".
    assert read_name("Podgorny, Nikolai V.").display == "Nikolai V. Podgorny"
