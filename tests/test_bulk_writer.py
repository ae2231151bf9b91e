"""The CSV import writes behind its reading (bulk.writing_behind, issue 13's import speed): the writes run on a
thread of their own, in order, on the transaction's connection; on PostgreSQL, when the import's transaction is the
outermost one (as from the command line), its checks read the archive on a second connection that may not write.

These tests run in autocommit (``transaction=True``), as an import runs outside the test suite's own transaction;
test_import_hardening.py covers the same import inside a test's transaction (reads and writes on one connection)."""

import csv
import datetime
import io
import re
import threading

import pytest
from django.db import connection, transaction

import tests.test_import_hardening as base
from meetings.countries import load_countries
from meetings.importers import bulk, csv_meetings
from meetings.models import CooperationArea, Country, Leader, Meeting, MeetingArea, Participation, Source, Summit

pytestmark = pytest.mark.django_db(transaction=True)
ON_POSTGRESQL = connection.vendor == "postgresql"
DAY = datetime.date(2025, 11, 23)


@pytest.fixture(autouse=True)
def countries(transactional_db):
    load_countries(Country)  # a transactional test empties every table afterwards: the countries come back first


@pytest.fixture
def reads(monkeypatch):
    """How many statements went through the reading connection's guard."""
    seen = []
    guard = bulk._read_only

    def counted(execute, sql, params, many, context):
        seen.append(sql)
        return guard(execute, sql, params, many, context)

    monkeypatch.setattr(bulk, "_read_only", counted)
    return seen


class TestBatchedImportInAutocommit(base.TestBatchedImport):
    """Every test of the batched import (new, unchanged, changed, dry run), with the import's own transaction the
    outermost one."""

    def test_the_checks_read_on_a_second_connection_on_postgresql(self, text, tmp_path, reads):
        assert f"{self.COUNT} meeting(s) were created" in base.import_text(tmp_path, text)
        assert Meeting.objects.count() == self.COUNT
        if ON_POSTGRESQL:
            assert any('FROM "meetings_meeting"' in sql for sql in reads)
            assert all(sql.lstrip().upper().startswith("SELECT") for sql in reads)
        else:  # SQLite: one connection for both, one statement at a time
            assert reads == []


def stored_counts():
    models = (Meeting, Participation, Source, MeetingArea, Leader, Summit)
    counts = {model.__name__: (model.objects.count(), model.history.count()) for model in models}
    return counts | {"CooperationArea": CooperationArea.objects.count()}


def test_a_fault_found_after_batches_were_written_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_meetings, "BATCH", 700)
    rows = list(csv.reader(io.StringIO(base.synthetic_file(2500))))
    rows[2001][base.COLUMNS.index("date")] = "2001-02-30"  # in the third batch: two were written by then
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    before = stored_counts()
    report = base.refused(tmp_path, buffer.getvalue().encode())
    assert re.search(r"line \d+: date “2001-02-30” is not a date", report)
    assert stored_counts() == before


def test_a_failed_write_is_raised_in_the_reading_thread_and_rolls_everything_back():
    def broken():
        raise ValueError("a write that fails")

    with pytest.raises(bulk.WriterFailed) as failed, transaction.atomic(), bulk.writing_behind():
        summit = Summit(
            pk=bulk.new_ids(Summit, 1)[0],
            name="Written first",
            slug="written-first",
            series="g20",
            start_date=DAY,
            end_date=DAY,
        )
        bulk.later(summit.save, force_insert=True)
        bulk.later(broken)
        bulk.later(
            Summit.objects.create,
            name="Never written",
            slug="never-written",
            series="g20",
            start_date=DAY,
            end_date=DAY,
        )
        bulk.wait()
    assert isinstance(failed.value.__cause__, ValueError)
    assert not Summit.objects.exists()


def test_an_error_of_the_reading_thread_drops_what_waits_and_rolls_back():
    with pytest.raises(KeyError), transaction.atomic(), bulk.writing_behind():
        bulk.later(Summit.objects.create, name="Queued", slug="queued", series="g20", start_date=DAY, end_date=DAY)
        raise KeyError("the reading failed")
    assert not Summit.objects.exists()
    assert bulk._behind() is None  # and the next import starts afresh


def test_the_writes_run_in_order_in_the_import_transaction():
    with transaction.atomic(), bulk.writing_behind() as writer:
        assert writer is not None
        area = CooperationArea(pk=bulk.new_ids(CooperationArea, 1)[0], name="Ordered", slug="ordered")
        bulk.later(area.save, force_insert=True)
        bulk.later(lambda: CooperationArea.objects.filter(pk=area.pk).update(description="then changed"))
        bulk.wait()
        # The checks read the archive as it was (PostgreSQL: a second connection) or as written (SQLite: the same).
        assert CooperationArea.objects.filter(pk=area.pk).exists() is not ON_POSTGRESQL
    assert CooperationArea.objects.get(pk=area.pk).description == "then changed"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="SQLite reads and writes on the one connection of the transaction")
def test_the_reading_connection_refuses_to_write():
    refused = pytest.raises(RuntimeError, match="outside the import's transaction")
    with refused, transaction.atomic(), bulk.writing_behind():
        Summit.objects.create(name="Escaping", slug="escaping", series="g20", start_date=DAY, end_date=DAY)
    assert not Summit.objects.exists()


def test_inside_a_callers_transaction_reads_and_writes_share_its_connection(monkeypatch):
    """As the admin's upload or a test's transaction: the checks must see what that transaction wrote before."""
    with transaction.atomic():
        Summit.objects.create(name="Seen", slug="seen", series="g20", start_date=DAY, end_date=DAY)
        with transaction.atomic(), bulk.writing_behind():
            assert Summit.objects.filter(slug="seen").exists()
            bulk.later(Summit.objects.create, name="Also", slug="also", series="g20", start_date=DAY, end_date=DAY)
            bulk.wait()
            assert Summit.objects.filter(slug="also").exists()
    assert Summit.objects.count() == 2


def test_an_import_in_another_thread_never_writes_through_this_ones_writer():
    """Two uploads at once in a threaded server: each import's writes stay with its own transaction."""
    ran_in = []

    def other_import():
        bulk.later(lambda: ran_in.append(threading.current_thread().name))  # no writer of its own: at once

    with transaction.atomic(), bulk.writing_behind() as writer:
        bulk.later(lambda: ran_in.append(threading.current_thread().name))
        bulk.wait()
        other = threading.Thread(target=other_import, name="other-import")
        other.start()
        other.join()
    assert ran_in == [writer.thread.name, "other-import"]
