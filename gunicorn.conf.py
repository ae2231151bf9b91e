"""Production server settings (gunicorn -c gunicorn.conf.py config.wsgi).

Sync workers (one request at a time each) by default, and a timeout sized for the largest export: gunicorn's default
of 30 seconds would cut a large streamed CSV off half-way, leaving a file that looks complete (the X-Row-Count header
lets clients check).

One request at a time per worker: a page is Python work, and the threads of one process take turns on its
interpreter lock (a thread back from the database waits for it behind threads that compute). Measured with 20
clients on the benchmark's mix of pages (bench/load.py, 100,000 meetings, 2 cores, 5 workers): 4 threads each served
38 requests a second on PostgreSQL and 57 on SQLite, 1 thread each 50 and 77, with a lower median wait.

Sync rather than gthread with one thread: a gthread worker accepts every connection it is offered (up to
worker_connections, 1,000) and queues them behind its one thread, so a worker held by a slow page gathers waiting
requests while the others idle. A sync worker accepts only when it is free, so the next request goes to a free
worker. Same load, same 5 workers, A/B in turns: p95 387–440 ms (gthread) against 203–211 ms (sync) on SQLite,
617 against 292–343 ms on PostgreSQL, at the same throughput. A sync worker keeps no connection alive between
requests (behind a proxy, as in production, the proxy keeps the clients').

A worker serving an export is busy until the last byte is written: behind a proxy that buffers responses (nginx does
by default) that is the time the export takes to make; where slow clients download directly, set GUNICORN_THREADS
above 1, which gives gthread workers of that many threads.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
# Seconds a request may take before its worker is restarted: a 100,000-meeting export needs minutes, not seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"


def post_worker_init(worker):
    """Each worker loads the map's shapes, the URL patterns and the templates before its first request
    (meetings/warmup.py), rather than on its first visitors' requests."""
    from meetings.warmup import warm

    warm()
