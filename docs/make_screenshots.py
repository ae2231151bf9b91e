"""Refresh docs/screenshots/*.png: the demo archive in a real Chromium, light and dark (make screenshots).

Serves a throw-away SQLite copy of the demo data on a free local port, so the user's own database is untouched.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "list-filtered": "/meetings/?country=in&topic=free-and-open-indo-pacific",
    "meeting": "/meetings/takaichi-modi-g20-johannesburg-2025/",
    "pair": "/countries/in/jp/",
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3", "DEBUG": "1"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        subprocess.run([*manage, "load_demo", "-v0"], env=env, check=True)
        port = free_port()
        server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(50):
                try:
                    urllib.request.urlopen(base + "/robots.txt", timeout=1)  # noqa: S310 — our own local server
                    break
                except OSError:
                    time.sleep(0.2)
            OUT.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for scheme in ("light", "dark"):
                    page = browser.new_page(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
                    for name, path in PAGES.items():
                        page.goto(base + path)
                        page.screenshot(path=OUT / f"{name}-{scheme}.png")
                        print(f"docs/screenshots/{name}-{scheme}.png")
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
