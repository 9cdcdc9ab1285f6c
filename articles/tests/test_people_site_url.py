"""Links follow the port the development server runs on; make run serves the demo in Phnom Penh time."""

import json
import subprocess

from articles.tests.test_settings import ROOT, load_settings


def test_site_url_follows_port_in_development_unless_set():
    assert json.loads(load_settings(DEBUG="1", PORT="8080").stdout)["site_url"] == "http://127.0.0.1:8080"
    assert json.loads(load_settings(DEBUG="1", PORT="").stdout)["site_url"] == "http://127.0.0.1:8000"
    explicit = load_settings(DEBUG="1", PORT="8080", SITE_URL="https://news.example")
    assert json.loads(explicit.stdout)["site_url"] == "https://news.example"


def test_make_run_passes_the_port_and_the_demo_zone():
    plan = subprocess.run(["make", "-n", "run", "PORT=8080"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60).stdout
    serve = [line for line in plan.splitlines() if "bin/dev-server" in line][0]  # it runs runserver on HOST:PORT
    assert "PORT=8080" in serve and "TIME_ZONE=Asia/Phnom_Penh" in serve and serve.endswith(" 8080")
