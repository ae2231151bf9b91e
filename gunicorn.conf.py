"""Production server settings (gunicorn -c gunicorn.conf.py config.wsgi).

Threaded workers, so that a long download does not hold a whole worker process, and a timeout sized for the
largest export: gunicorn's default of 30 seconds would cut a large streamed CSV off half-way, leaving a file
that looks complete (the X-Row-Count header lets clients check).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Seconds a request may take before its worker is restarted: a 100,000-meeting export needs minutes, not seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
