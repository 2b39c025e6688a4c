"""Drive a deployed Styra through nginx as people would (scripts/deploy-check.sh).

    deploy_drive.py HTTP_URL HTTPS_URL CA_CERT

Checks the health probe and the HTTPS redirect, the security headers, then: the reporter
logs in and reports a value, the controller logs in, opens the report, downloads it, and
has the worker build it as a job and downloads that file too. Exits non-zero with one
line per failed step.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx

PASSWORD = "styra-demo-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"deploy-check: FEL: {message}", file=sys.stderr)
        sys.exit(1)
    print(f"deploy-check: ok: {message}")


def log_in(client: httpx.Client, username: str) -> None:
    page = client.get("/konto/logga-in/")
    token = CSRF.search(page.text).group(1)
    response = client.post(
        "/konto/logga-in/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{str(client.base_url).rstrip('/')}/konto/logga-in/"},
    )
    check(
        response.status_code == 302 and response.headers["location"] == "/",
        f"{username} loggar in över HTTPS",
    )


def main(http_url: str, https_url: str, ca_cert: str, styra: str) -> None:
    plain = httpx.Client(base_url=http_url, timeout=30)
    health = plain.get("/health/")
    check(
        health.status_code == 200 and health.json()["status"] == "ok",
        "GET /health/ över HTTP svarar ok",
    )
    redirect = plain.get("/konto/logga-in/")
    check(
        redirect.status_code == 301 and redirect.headers["location"].startswith("https://"),
        "HTTP skickas vidare till HTTPS",
    )

    reporter = httpx.Client(base_url=https_url, verify=ca_cert, timeout=130)
    login_page = reporter.get("/konto/logga-in/")
    headers = login_page.headers
    check("max-age=31536000" in headers.get("strict-transport-security", ""), "HSTS ett år")
    check("script-src 'self'" in headers.get("content-security-policy", ""), "CSP skickas")
    check(len(headers.get("x-request-id", "")) == 32, "nginx request id når Styra och tillbaka")
    check("Secure" in headers.get("set-cookie", ""), "cookies bara över HTTPS")

    log_in(reporter, "rapportor")
    item = "/uppfoljning/2026-T1/poster/N11/"
    form = reporter.get(item)
    token = CSRF.search(form.text).group(1)
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    saved = reporter.post(
        item,
        data={
            "csrfmiddlewaretoken": token,
            "version": version,
            "value": "47,5",
            "period_label": "jan–apr 2026",
            "comment": "Rapporterat genom nginx i driftkontrollen.",
        },
        headers={"Referer": f"{https_url}{item}"},
    )
    check(saved.status_code in (200, 302), "rapportören sparar ett utfall")
    check("47,5" in reporter.get(item).text, "utfallet 47,5 är sparat")

    controller = httpx.Client(base_url=https_url, verify=ca_cert, timeout=130)
    log_in(controller, "controller")
    preview = controller.get("/rapporter/2026-T1/RS/")
    check(preview.status_code == 200 and "Regionstyrelsen" in preview.text, "rapporten visas")
    pdf = controller.get("/rapporter/2026-T1/RS/ladda-ned/pdf/")
    check(
        pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), "rapporten laddas ned som PDF"
    )

    queued = subprocess.run(
        [
            styra,
            "job",
            "reports",
            "--round",
            "2026-T1",
            "--unit",
            "RS-DIG",
            "--format",
            "pdf",
            "--user",
            "controller",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    job_id = int(queued.stdout.split()[1])
    deadline = time.monotonic() + 300
    while True:
        page = controller.get(f"/jobb/{job_id}/")
        if "Klart" in page.text or "Misslyckades" in page.text:
            break
        if time.monotonic() > deadline:
            check(False, "rapportjobbet blir klart inom 5 minuter")
        time.sleep(1)
    check("Klart" in page.text, f"arbetsprocessen bygger rapporten som jobb {job_id}")
    built = controller.get(f"/jobb/{job_id}/filer/0/")
    check(
        built.status_code == 200 and built.content.startswith(b"%PDF"),
        "jobbets rapport laddas ned som PDF",
    )


if __name__ == "__main__":
    main(*sys.argv[1:5])
