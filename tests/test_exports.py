"""Researchers' exports: layouts, filters, drafts, formula injection, streaming, query counts, import round trip."""

import csv
import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import StreamingHttpResponse

from meetings import exports
from meetings.models import CooperationArea, Country, Leader, Meeting, Participation, Source, Statement, Summit

from .factories import make_area, make_leader, make_meeting, make_published_meeting, make_summit

pytestmark = pytest.mark.django_db


def body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def trio():
    """A meeting of three leaders of three countries, a bilateral, and a draft."""
    technology = make_area("Technology")
    ai = make_area("Artificial intelligence", parent=technology)
    leaders = {
        "modi": make_leader("Narendra Modi", country_code="IN"),
        "takaichi": make_leader("Sanae Takaichi", country_code="JP"),
        "albanese": make_leader("Anthony Albanese", country_code="AU", wikidata_id="Q4773467"),
    }
    three = make_published_meeting(
        "Three leaders meet", participants=list(leaders.values()), date=datetime.date(2025, 11, 22)
    )
    three.areas.add(ai)
    two = make_published_meeting(
        "Modi and Takaichi", participants=[leaders["modi"], leaders["takaichi"]], date=datetime.date(2025, 11, 23)
    )
    draft = make_meeting("Secret draft", participants=[leaders["modi"], leaders["albanese"]])
    return {"three": three, "two": two, "draft": draft, "ai": ai, **leaders}


class TestLayouts:
    def test_meetings_layout(self, client, trio):
        response = client.get("/meetings/export.csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = csv_rows(body(response))
        assert response["X-Row-Count"] == "2"
        assert [r["title"] for r in rows] == ["Modi and Takaichi", "Three leaders meet"]
        three = rows[1]
        assert list(three) == [c.name for c in exports.LAYOUTS["meetings"]]
        assert three["participant_names"] == "Narendra Modi; Sanae Takaichi; Anthony Albanese"
        assert three["participant_country_codes"] == "IN; JP; AU"
        assert three["topics"] == "Technology › Artificial intelligence"
        assert three["date"] == "2025-11-22"
        assert three["permalink"].endswith("/meetings/three-leaders-meet/")
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", three["last_updated"])

    def test_three_leaders_give_three_participant_rows(self, client, trio):
        response = client.get("/meetings/export.csv", {"layout": "participants", "q": "three"})
        rows = csv_rows(body(response))
        assert response["X-Row-Count"] == "3"
        assert [(r["leader"], r["country_code"], r["office"]) for r in rows] == [
            ("Narendra Modi", "IN", "Prime Minister"),
            ("Sanae Takaichi", "JP", "Prime Minister"),
            ("Anthony Albanese", "AU", "Prime Minister"),
        ]
        assert rows[2]["wikidata_id"] == "Q4773467"
        assert rows[2]["leader_slug"] == "anthony-albanese"
        assert {r["meeting_id"] for r in rows} == {str(trio["three"].pk)}

    def test_three_countries_give_three_dyads_in_code_order(self, client, trio):
        response = client.get("/meetings/export.csv", {"layout": "dyads"})
        rows = csv_rows(body(response))
        assert response["X-Row-Count"] == "4"
        three = [(r["country_a"], r["country_b"]) for r in rows if r["meeting_id"] == str(trio["three"].pk)]
        assert three == [("AU", "IN"), ("AU", "JP"), ("IN", "JP")]
        assert all(
            r["topics"] == "Technology › Artificial intelligence"
            for r in rows
            if r["meeting_id"] == str(trio["three"].pk)
        )

    def test_two_leaders_of_one_country_make_no_pair_of_their_own(self, client):
        us = [make_leader(country_code="US"), make_leader(country_code="US")]
        make_published_meeting("Three people, two countries", participants=[*us, make_leader(country_code="JP")])
        make_published_meeting("One country", participants=us)
        response = client.get("/meetings/export.csv", {"layout": "dyads"})
        rows = csv_rows(body(response))
        assert [(r["country_a"], r["country_b"]) for r in rows] == [("JP", "US")]
        assert response["X-Row-Count"] == "1"

    def test_json_nests_and_jsonl_streams_lines(self, client, trio):
        data = json.loads(body(client.get("/meetings/export.json", {"country": "au"})))
        assert len(data) == 1
        assert data[0]["participants"][2] == {
            "name": "Anthony Albanese",
            "country_code": "AU",
            "office": "Prime Minister",
        }
        assert data[0]["topics"] == ["Technology › Artificial intelligence"]
        assert data[0]["sources"] == [{"publisher": "Publisher 1", "url": ""}]
        assert data[0]["end_date"] is None
        lines = body(client.get("/meetings/export.json", {"format": "jsonl"})).splitlines()
        assert [json.loads(line)["title"] for line in lines] == ["Modi and Takaichi", "Three leaders meet"]

    def test_filters_are_honoured_and_drafts_never_exported(self, client, trio):
        rows = csv_rows(body(client.get("/meetings/export.csv", {"country": ["jp", "au"]})))
        assert [r["title"] for r in rows] == ["Three leaders meet"]
        everything = body(client.get("/meetings/export.csv", {"layout": "participants"}))
        assert "Secret draft" not in everything and str(trio["draft"].pk) not in {
            r["meeting_id"] for r in csv_rows(everything)
        }
        assert "Secret draft" not in body(client.get("/meetings/export.json"))

    def test_file_name_says_what_it_holds(self, client, trio):
        response = client.get("/meetings/export.csv", {"country": ["jp", "in"]})
        today = datetime.date.today().isoformat()
        assert response["Content-Disposition"] == f'attachment; filename="meetings_country-jp-in_{today}.csv"'
        response = client.get("/meetings/export.json", {"format": "jsonl", "year": "2025"})
        assert response["Content-Disposition"] == f'attachment; filename="meetings_year-2025_{today}.jsonl"'

    def test_bom_and_rfc_4180(self, client, trio):
        text = body(client.get("/meetings/export.csv", {"bom": "1"}))
        assert text.startswith("\ufeffid,permalink,")
        assert "\r\n" in text
        assert not body(client.get("/meetings/export.csv")).startswith("\ufeff")


class TestSafety:
    @pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    def test_formula_injection_is_neutralised_in_csv_but_kept_in_json(self, client, dangerous):
        make_published_meeting(dangerous, summary=dangerous)
        rows = csv_rows(body(client.get("/meetings/export.csv")))
        assert rows[0]["title"] == "'" + dangerous
        assert rows[0]["summary"] == "'" + dangerous
        assert json.loads(body(client.get("/meetings/export.json")))[0]["title"] == dangerous

    def test_no_cell_of_any_layout_starts_a_formula(self, client):
        dangerous = ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "\nx"]
        for n, value in enumerate(dangerous):
            parent = make_area(f"{value} parent {n}")
            leaders = [
                make_leader(f"{value} leader {n}", country_code="JP", office=f"{value} office"),
                make_leader(f"Plain {n}", country_code="IN"),
            ]
            meeting = make_published_meeting(
                f"{value} title",
                participants=leaders,
                city=f"{value} city",
                summary=f"{value} summary",
                summit=make_summit(f"{value} summit {n}"),
                areas=[make_area(f"{value} topic {n}", parent=parent)],
            )
            Source.objects.filter(meeting=meeting).update(publisher=f"{value} publisher", url=f"{value}url")
        for layout in exports.LAYOUTS:
            rows = list(csv.reader(io.StringIO(body(client.get("/meetings/export.csv", {"layout": layout})))))[1:]
            cells = [cell for row in rows for cell in row]
            assert not [cell for cell in cells if cell.startswith(exports.FORMULA_STARTS)], layout
            assert any(cell.startswith("'\n") for cell in cells), layout

    def test_an_apostrophe_of_its_own_comes_back_exactly(self, client):
        make_published_meeting("'=not a formula")
        cell = csv_rows(body(client.get("/meetings/export.csv")))[0]["title"]
        assert cell == "''=not a formula"
        assert exports.restore(cell) == "'=not a formula"
        assert exports.restore("'=1+1") == "=1+1" and exports.restore("'Abdullah") == "'Abdullah"

    def test_multi_valued_cell_starting_with_a_formula(self, client):
        make_published_meeting(participants=[make_leader("=cmd|calc"), make_leader("Plain Name")])
        row = csv_rows(body(client.get("/meetings/export.csv")))[0]
        assert row["participant_names"] == "'=cmd|calc; Plain Name"

    def test_non_ascii_names_round_trip(self, client, tmp_path):
        make_published_meeting(
            "Lula recebe Nguyễn em Brasília",
            participants=[
                make_leader("Luiz Inácio Lula da Silva", country_code="BR", office="Presidente"),
                make_leader("Nguyễn Phú Trọng", country_code="VN", office="Tổng Bí thư"),
            ],
            city="Brasília",
            end_date=datetime.date(2025, 11, 25),
            summit=make_summit("Cúpula do G20 2025", series="g20"),
            areas=[make_area("Comércio", parent=make_area("Economia"))],
        )
        Source.objects.update(publisher="Agência Brasil", url="https://example.org/notícia")
        text = body(client.get("/meetings/export.csv"))
        assert "Nguyễn Phú Trọng" in text and "Inácio" in text
        assert "Nguyễn" in json.loads(body(client.get("/meetings/export.json")))[0]["title"]
        path = tmp_path / "meetings.csv"
        path.write_text(text, encoding="utf-8")
        Meeting.objects.all().delete()
        Leader.objects.all().delete()
        Summit.objects.all().delete()
        CooperationArea.objects.filter(parent__isnull=False).delete()
        CooperationArea.objects.all().delete()
        call_command("import_meetings", str(path), stdout=io.StringIO())
        assert body(client.get("/meetings/export.csv")) == text
        assert Leader.objects.get(name="Nguyễn Phú Trọng").slug == "nguyen-phu-trong"

    def test_file_names_stay_plain_ascii(self, client, trio):
        response = client.get("/meetings/export.csv", {"q": "東京 Zürich"})
        assert response["Content-Disposition"].startswith('attachment; filename="meetings_q-Z-rich_')
        assert response["Content-Disposition"].isascii()

    @pytest.mark.parametrize(
        "params, reason",
        [
            ({"country": "zz"}, "There is no country"),
            ({"date_from": "yesterday"}, "Enter a valid date"),
            ({"year": "9223372036854775808"}, "less than or equal to 9999"),
            ({"layout": "everything"}, "Unknown layout"),
            ({"bom": "yes"}, "bom must be 0 or 1"),
        ],
    )
    def test_bad_values_give_400_with_a_reason_and_no_file(self, client, trio, params, reason):
        response = client.get("/meetings/export.csv", params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
        assert reason in response.content.decode()

    def test_bad_json_requests(self, client, trio):
        assert client.get("/meetings/export.json", {"format": "xml"}).status_code == 400
        assert client.get("/meetings/export.json", {"layout": "dyads"}).status_code == 400
        assert client.get("/meetings/export.json", {"leader": "nobody"}).status_code == 400


class TestStreaming:
    @pytest.mark.parametrize("layout", ["meetings", "participants", "dyads"])
    def test_queries_grow_with_chunks_not_rows(self, client, django_assert_max_num_queries, monkeypatch, layout):
        monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
        modi, takaichi = make_leader("Narendra Modi", country_code="IN"), make_leader("Sanae Takaichi")
        for n in range(25):
            make_published_meeting(f"Meeting {n}", participants=[modi, takaichi])
        # 25 meetings in chunks of 10: 3 chunks. Validation, count and ids, then a few queries per chunk: on SQLite
        # the stored lines read, then made and stored (a shorter lock wait set and restored, a savepoint here, the
        # version, the slugs, the rows, the lines already there, updates and inserts); one query once they are stored.
        per_meeting = 2 if layout == "participants" else 1
        with django_assert_max_num_queries(6 + 3 * 12):
            text = body(client.get("/meetings/export.csv", {"layout": layout}))
        assert len(csv_rows(text)) == 25 * per_meeting
        with django_assert_max_num_queries(6 + 3 * 1):
            assert body(client.get("/meetings/export.csv", {"layout": layout})) == text
        for n in range(25, 60):
            make_published_meeting(f"Meeting {n}", participants=[modi, takaichi])
        with django_assert_max_num_queries(6 + 6 * 12):
            assert len(csv_rows(body(client.get("/meetings/export.csv", {"layout": layout})))) == 60 * per_meeting

    def test_head_and_row_counts_of_json(self, client, trio):
        assert client.head("/meetings/export.csv").status_code == 200
        for fmt in ["json", "jsonl"]:
            response = client.get("/meetings/export.json", {"format": fmt, "country": "au"})
            assert response["X-Row-Count"] == "1"
            text = body(response)
            assert len(text.strip().splitlines()) == (3 if fmt == "json" else 1)

    def test_a_streamed_response_starts_before_everything_is_read(self, client, monkeypatch):
        monkeypatch.setattr(exports, "CHUNK_SIZE", 5)
        for n in range(12):
            make_published_meeting(f"Meeting {n}")
        response = client.get("/meetings/export.csv")
        first = next(iter(response.streaming_content))
        assert first.startswith(b"id,permalink")
        assert response["X-Row-Count"] == "12"


class TestDataPage:
    def test_every_column_of_every_layout_is_documented(self, client):
        html = client.get("/data/").content.decode()
        for layout, columns in exports.LAYOUTS.items():
            assert f"Layout <code>{layout}</code>" in html
            for column in columns:
                assert f"<code>{column.name}</code>" in html
                assert column.description.replace("'", "&#x27;") in html

    def test_exported_headers_are_the_documented_columns(self, client):
        make_published_meeting()
        for layout, columns in exports.LAYOUTS.items():
            header = body(client.get("/meetings/export.csv", {"layout": layout})).splitlines()[0]
            assert header.split(",") == [c.name for c in columns]

    def test_licence_citation_changelog_and_download_links(self, client):
        html = client.get("/data/").content.decode()
        assert "How to cite" in html and "public domain (CC0)" in html
        assert f'href="{exports.LICENCE[1]}" rel="license"' in html
        assert exports.CHANGELOG[0][2] in html
        leader = make_leader("Narendra Modi", country_code="IN")
        summit = make_summit("G20 Johannesburg Summit 2025")
        topic = make_area("Semiconductors")
        make_published_meeting(participants=[leader, make_leader()], summit=summit, areas=[topic])
        pages = [
            "/meetings/?country=in",
            "/countries/in/",
            "/countries/in/jp/",
            "/leaders/narendra-modi/",
            f"/summits/{summit.slug}/",
            f"/topics/{topic.slug}/",
        ]
        for url in pages:
            page = client.get(url).content.decode()
            assert 'href="/meetings/export.csv?' in page and 'href="/meetings/export.json?' in page, url
            assert 'href="/data/?' in page and '#cite">how to cite' in page, url

    def test_the_citation_names_the_filtered_list(self, client):
        make_published_meeting()
        html = client.get("/data/", {"country": ["jp", "in"], "year": "2025", "page": "2"}).content.decode()
        today = datetime.date.today().isoformat()
        assert f"export of {today}, http://testserver/meetings/?country=jp&amp;country=in&amp;year=2025 " in html
        # A bad filter falls back to the example instead of citing a list that cannot be shown.
        html = client.get("/data/", {"country": "zz"}).content.decode()
        assert "http://testserver/meetings/?country=jp&amp;country=in (format" in html

    def test_the_json_shape_is_documented_from_its_definition(self, client, trio):
        html = client.get("/data/").content.decode()
        record = json.loads(body(client.get("/meetings/export.json")))[0]
        for key, columns in exports.JSON_NESTED.items():
            assert f"<code>{key}</code> is an array of objects" in html
            assert set(record[key][0]) == set(columns)
            for name, column in columns.items():
                assert f"<code>{name}</code> (from <code>{column}</code>)" in html
                assert column not in record


class TestCommands:
    def test_export_command_writes_the_same_file(self, client, trio):
        out = io.StringIO()
        call_command("export_meetings", "--layout", "dyads", "--country", "au", "--no-progress", stdout=out)
        assert out.getvalue() == body(client.get("/meetings/export.csv", {"layout": "dyads", "country": "au"}))
        with pytest.raises(CommandError, match="There is no country"):
            call_command("export_meetings", "--country", "zz", stdout=io.StringIO())

    def test_round_trip_into_an_empty_database(self, trio, tmp_path):
        first = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=first)
        path = tmp_path / "meetings.csv"
        path.write_text(first.getvalue(), encoding="utf-8")
        Meeting.objects.all().delete()
        Leader.objects.all().delete()
        out = io.StringIO()
        call_command("import_meetings", str(path), stdout=out)
        assert "2 meeting(s) were created" in out.getvalue()
        second = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=second)
        assert second.getvalue() == first.getvalue()
        call_command("import_meetings", str(path), stdout=out)
        assert Meeting.objects.count() == 2 and Leader.objects.count() == 3
        assert "0 meeting(s) were created, 2 were updated" in out.getvalue()

    def test_bad_rows_are_reported_by_line_and_nothing_is_written(self, trio, tmp_path):
        text = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=text)
        rows = list(csv.reader(io.StringIO(text.getvalue())))
        header = rows[0]
        bad_date = dict(zip(header, rows[1], strict=True)) | {"id": "", "permalink": "", "date": "23/11/2025"}
        one_person = dict(zip(header, rows[2], strict=True)) | {
            "id": "",
            "permalink": "",
            "participant_names": "Solo Leader",
            "participant_country_codes": "ZZ",
            "participant_offices": "King",
        }
        good = dict(zip(header, rows[1], strict=True)) | {"id": "", "permalink": "", "title": "A new one"}
        path = tmp_path / "bad.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, header)
            writer.writeheader()
            writer.writerows([good, bad_date, one_person])
        before = Meeting.objects.count()
        err = io.StringIO()
        with pytest.raises(CommandError, match="nothing was imported"):
            call_command("import_meetings", str(path), stderr=err)
        report = err.getvalue()
        assert "line 3: date “23/11/2025” is not a date" in report
        assert "line 4: a published meeting needs at least two participants" in report
        assert "line 4: participant country code “ZZ” is not a known code" in report
        assert "line 2" not in report
        assert Meeting.objects.count() == before
        assert not Meeting.objects.filter(title="A new one").exists()

    def test_dry_run_writes_nothing(self, trio, tmp_path):
        text = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=text)
        path = Path(tmp_path) / "m.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        Meeting.objects.all().delete()
        out = io.StringIO()
        call_command("import_meetings", str(path), "--dry-run", stdout=out)
        assert "2 meeting(s) would be created" in out.getvalue()
        assert not Meeting.objects.exists()

    def test_wrong_header_is_refused(self, tmp_path):
        path = tmp_path / "x.csv"
        path.write_text("a,b\n1,2\n", encoding="utf-8")
        with pytest.raises(CommandError):
            call_command("import_meetings", str(path), stderr=io.StringIO())


class TestImportChecks:
    """Every bad row is reported with its line and reason, and nothing at all is written."""

    @pytest.fixture
    def exported(self, trio):
        out = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=out)
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    @staticmethod
    def import_rows(tmp_path, rows, *, raw=None):
        path = tmp_path / "in.csv"
        if raw is not None:
            path.write_bytes(raw)
        else:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, [c.name for c in exports.LAYOUTS["meetings"]])
                writer.writeheader()
                writer.writerows(rows)
        err = io.StringIO()
        with pytest.raises(CommandError, match="nothing was imported"):
            call_command("import_meetings", str(path), stdout=io.StringIO(), stderr=err)
        return err.getvalue()

    @pytest.mark.parametrize(
        "change, message",
        [
            ({"kind": "summit"}, "kind “summit” is not one of"),
            ({"id": "²"}, "id “²” is not a positive whole number"),
            ({"id": "9223372036854775808"}, "id “9223372036854775808” is not a positive whole number"),
            ({"permalink": "http://x/meetings/a b ü/"}, "does not end in a meeting's slug"),
            ({"permalink": "http://x/meetings/" + "a" * 201 + "/"}, "does not end in a meeting's slug"),
            ({"permalink": "http://[x/meetings/a/"}, "does not end in a meeting's slug"),
            ({"participant_names": "Shinzo Abe; Shinzo Abe"}, "participant “Shinzo Abe” is listed twice"),
            ({"participant_names": "; Someone"}, "a participant's name is empty"),
            ({"topics": "Trade; Trade"}, "topic “Trade” is listed twice"),
            ({"title": "x\x00y"}, "title holds a NUL character"),
            ({"title": "t" * 301}, "longer than 300 characters"),
            ({"source_urls": "https://example.org/" + "a" * 500}, "longer than 500 characters"),
            ({"topics": "Trade › " + "t" * 101}, "topics: “tttt"),
            ({"summit": "", "summit_series": "g20"}, "summit_series is given without a summit"),
            ({"source_publishers": " "}, "a source's publisher is empty"),
        ],
    )
    def test_a_bad_row(self, exported, tmp_path, change, message):
        before = body_of_archive()
        report = self.import_rows(tmp_path, [exported[0], exported[1] | change])
        assert re.search(rf"^line 3: .*{re.escape(message)}", report, re.MULTILINE), report
        assert "line 2" not in report
        assert body_of_archive() == before

    def test_ids_and_slugs_used_twice_in_a_file(self, exported, tmp_path):
        first, second = exported
        new = second | {"id": "", "title": "Another"}
        report = self.import_rows(
            tmp_path, [first, first | {"id": f"0{first['id']}", "permalink": ""}, new, new | {"title": "More"}]
        )
        assert f"line 3: id {first['id']} is also on line 2" in report
        slug = second["permalink"].rstrip("/").rsplit("/", 1)[-1]
        assert f"line 5: the permalink's slug “{slug}” is also on line 4" in report

    def test_a_draft_is_not_published_by_an_import(self, exported, trio, tmp_path):
        row = exported[0] | {"id": str(trio["draft"].pk), "permalink": ""}
        report = self.import_rows(tmp_path, [row])
        assert f"line 2: meeting {trio['draft'].pk} is a draft in the archive" in report
        trio["draft"].refresh_from_db()
        assert not trio["draft"].is_published

    def test_file_level_problems_name_their_line(self, exported, tmp_path):
        header = ",".join(c.name for c in exports.LAYOUTS["meetings"])
        report = self.import_rows(tmp_path, [], raw=b"")
        assert (
            report.startswith("line 1: the header lacks the column(s) id, permalink") and "line 1: line" not in report
        )
        lines = io.StringIO()
        csv.DictWriter(lines, header.split(","), lineterminator="\n").writerows(exported)
        good, second = lines.getvalue().splitlines()
        raw = f"{header}\n{good}\n".encode() + second.encode().replace(b"Modi", b"Mod\xe9") + b"\n"
        assert "line 3: participant_names is not UTF-8 text" in self.import_rows(tmp_path, [], raw=raw)

    def test_long_topic_labels_within_the_limits_of_each_level(self, exported, tmp_path):
        label = "P" * 90 + " › " + "T" * 90
        path = tmp_path / "long.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, [c.name for c in exports.LAYOUTS["meetings"]])
            writer.writeheader()
            writer.writerow(exported[0] | {"topics": label})
        call_command("import_meetings", str(path), stdout=io.StringIO())
        assert str(CooperationArea.objects.get(name="T" * 90)) == label

    def test_an_empty_office_stays_empty(self, tmp_path):
        minister = make_leader("Haya Rashed al-Khalifa", country_code="BH", office="Foreign Minister")
        make_published_meeting("Later talks", participants=[minister, make_leader()], date=datetime.date(2007, 1, 1))
        first = make_published_meeting("Talks", participants=[minister, make_leader()], date=datetime.date(2006, 9, 19))
        first.participations.filter(leader=minister).update(office="")
        out = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=out)
        path = tmp_path / "m.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        Meeting.objects.all().delete()
        Leader.objects.all().delete()
        call_command("import_meetings", str(path), stdout=io.StringIO())
        again = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=again)
        assert again.getvalue() == out.getvalue()

    def test_a_byte_order_mark_is_accepted(self, exported, tmp_path):
        out = io.StringIO()
        call_command("export_meetings", "--no-progress", "--bom", stdout=out)
        path = tmp_path / "bom.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        result = io.StringIO()
        call_command("import_meetings", str(path), "--dry-run", stdout=result)
        assert "0 meeting(s) would be created, 2 would be updated" in result.getvalue()


def body_of_archive():
    """Everything an import could change, to prove that nothing was written."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Meeting, Leader, Participation, Source, Summit, CooperationArea)
    ]


class TestReimport:
    def test_what_the_file_does_not_carry_is_kept(self, tmp_path):
        gorbachev = make_leader(
            "Mikhail Gorbachev", country_code="RU", office="General Secretary", wikidata_id="Q30487"
        )
        reagan = make_leader("Ronald Reagan", country_code="US", office="President")
        meeting = make_published_meeting("Geneva Summit", participants=[gorbachev, reagan])
        Participation.objects.filter(leader=gorbachev).update(
            country=Country.objects.get(code="SUHH"), country_name="U.S.S.R."
        )
        source = meeting.sources.get()
        Source.objects.filter(pk=source.pk).update(title="Memorandum", published_on=datetime.date(1985, 11, 20))
        statement = Statement.objects.create(meeting=meeting, text="Agreed to meet again.", source=source)
        out = io.StringIO()
        call_command("export_meetings", "--no-progress", stdout=out)
        path = tmp_path / "m.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        call_command("import_meetings", str(path), stdout=io.StringIO())
        assert Leader.objects.count() == 2
        participation = Participation.objects.get(leader=gorbachev)
        assert (participation.country.code, participation.country_name) == ("SUHH", "U.S.S.R.")
        source.refresh_from_db()
        assert (source.title, source.published_on) == ("Memorandum", datetime.date(1985, 11, 20))
        statement.refresh_from_db()
        assert statement.source == source
        # Into another archive that knows the leader under today's country: no second Gorbachev.
        Meeting.objects.all().delete()
        call_command("import_meetings", str(path), stdout=io.StringIO())
        assert Leader.objects.filter(name="Mikhail Gorbachev").count() == 1
        assert Participation.objects.get(leader=gorbachev).country.code == "SUHH"
