"""Every URL of every app, for every role: who may read it and who may post to it.

The URLs are walked from the URL configuration (`get_resolver()`), so a new view is
in this test the moment it is routed: a route without an entry in `ACCESS` fails
(`test_every_route_has_an_entry`), and so does an entry for a route that is gone.
The Django admin is one entry for all its routes (the admin's own staff check governs
each of them): a model registered in the admin is covered by the `admin:` rule.

For each route the demo region gives one concrete address (`ACCESS[...].kwargs`);
each role GETs it and POSTs to it (an empty form, or `data` where an empty form would
be turned away before the permission is checked; a view that takes no POST answers
405). Each POST runs in a savepoint that is rolled back, so no request changes what
the next one sees. The outcome of each request is one letter, and each
row of the table is the seven roles' letters in the order of `ROLES`, for GET and
for POST:

    .  allowed (2xx, a redirect that is not to the login page, 400/409 of a form
       that was let in and found empty)
    L  sent to the login page          D  refused (403)
    U  not authenticated (401: the API takes a token, never the session cookie)
    N  not found (404)                 -  method not allowed (405)

A 500 is never expected. Anonymous reaches only the login page, the one-time link on
which a new account chooses its password, the language switch, the chart library and
the health check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from styra.access.models import Role, UnitRole
from styra.demo.users import DEMO_PASSWORD
from styra.org.models import Unit

ROUND = "2026-T1"
INSPEL = "inspel-2027-2029"
UNIT = "RS-DIG"  # the demo reporter's unit
ROLES = ("anonymous", "reader", "other", "reporter", "reviewer", "controller", "admin")
#: Who each role is: the demo's people, and two more made for this test.
USERS = {
    "reader": "lasare",  # reader of RS-DIG
    "other": "annan",  # reporter of RS-HR, another unit than the reporter's
    "reporter": "rapportor",  # reporter of RS-DIG
    "reviewer": "granskare",  # reviewer of RS
    "controller": "controller",  # controller of the region
    "admin": "admin",  # administrator and superuser
}


@dataclass(frozen=True)
class Access:
    """A route's address in the demo, and the expected letter per role (`ROLES`)."""

    get: str
    post: str
    kwargs: dict[str, object] = field(default_factory=dict)
    #: What is posted, where an empty form would be turned away before the permission
    #: is checked (the service checks it; an empty form never gets that far).
    data: dict[str, str] = field(default_factory=dict)


def _lookup(kind: str):
    """A demo object's key, looked up when the address is built."""

    def find():
        from styra.economy.registers.models import Investment, SavingsMeasure
        from styra.followup.models import Notification
        from styra.jobs.models import Job
        from styra.planning.models.inspel import InspelNeed
        from styra.planning.models.investments import InvestmentObject, InvestmentRequest

        if kind == "need":
            return InspelNeed.objects.filter(unit__code=UNIT).values_list("code", flat=True)[0]
        if kind == "request":
            return InvestmentRequest.objects.filter(unit__code=UNIT, round__code=INSPEL)[0].pk
        if kind == "old request":
            return InvestmentRequest.objects.exclude(round__code=INSPEL)[0].pk
        if kind == "object":
            return InvestmentObject.objects.values_list("code", flat=True)[0]
        if kind == "measure":
            return SavingsMeasure.objects.filter(round__code=ROUND, unit__code="RS")[0].code
        if kind == "investment":
            return Investment.objects.filter(unit__code="RS")[0].code
        if kind == "job":
            return Job.objects.get(label="matrisjobb").pk
        if kind == "token":
            from styra.access.models import ApiToken

            return ApiToken.objects.get(name="matrisnyckel").pk
        if kind == "chart":  # the first trend the board's dashboard draws
            import re

            from django.contrib.auth import get_user_model

            client = Client()
            client.force_login(get_user_model().objects.get(username="admin"))
            page = client.get(reverse("dashboard:page", kwargs=RB)).content.decode()
            return re.search(r"/diagram/([^/\"]+)/", page).group(1)
        if kind in ("target", "target item"):  # the first target of the board's plan
            from styra.plans.models import Target

            target = Target.objects.filter(item__plan__code="rs-2026").order_by("pk")[0]
            return target.pk if kind == "target" else target.item.code
        if kind == "status level":  # the first level of the board's indicator scale
            from styra.plans.models import StatusLevel

            return StatusLevel.objects.filter(scale__code="nyckeltal-2026").order_by("pk")[0].pk
        if kind == "role":  # the demo reporter's role on RS-DIG
            return UnitRole.objects.get(user__username="rapportor", unit__code=UNIT).pk
        if kind == "notification":
            return Notification.objects.get(text="matrisnotis").pk
        raise KeyError(kind)

    return find


#: Every route, by its name (namespace:name) or, for the admin, its namespace.
R = {"round_code": ROUND}
RU = {"round_code": ROUND, "unit_code": UNIT}
IU = {"round_code": INSPEL, "unit_code": UNIT}
RB = {"round_code": ROUND, "unit_code": "RS"}  # the board's dashboard
ACCESS: dict[str, Access] = {
    "login": Access(".......", "......."),
    "logout": Access("-------", "LLLLLLL"),
    # A link that is not valid says so (the valid one: tests/access/test_services.py).
    "password_set": Access(".......", ".......", {"uidb64": "MQ", "token": "ogiltig-lank"}),
    "password_set_done": Access(".......", "-------"),
    "admin:": Access("LLLLLL.", "LLLLLL."),
    "set_language": Access(".......", "......."),
    "finance:index": Access("L......", "L......"),
    "finance:choose": Access("L......", "L......"),
    "finance:table": Access("L.D....", "L.D....", {"unit_code": UNIT, "year": 2026, "month": 4}),
    "finance:table_xlsx": Access(
        "L.D....", "L.D....", {"unit_code": UNIT, "year": 2026, "month": 4}
    ),
    "economy:index": Access("L......", "L......"),
    "economy:forecast": Access("L.D....", "LDD.D..", RU),
    "economy:savings_list": Access("LDDD...", "LDDD...", R),
    "economy:savings_new": Access("LDDDD..", "LDDDD..", R),
    "economy:savings_edit": Access("LDDDD..", "LDDDD..", {**R, "code": _lookup("measure")}),
    "economy:investments_list": Access("LDDD...", "LDDD...", R),
    "economy:investment_new": Access("LDDDD..", "LDDDD..", R),
    "economy:investment_edit": Access("LDDDD..", "LDDDD..", {**R, "code": _lookup("investment")}),
    "reports:index": Access("L......", "L------"),
    "reports:vega_bundle": Access(".......", "-------"),
    "reports:preview": Access("L.D....", "L------", RU),
    "reports:check": Access("L.D....", "L------", RU),
    "reports:download": Access("L.D....", "L------", {**RU, "fmt": "html"}),
    # The region's texts from the boards' reports: the region's controllers only.
    "reports:consolidate": Access(
        "LDDDD..",
        "LDDDD..",
        {"round_code": "REG-2026-D", "unit_code": "REG"},
        {"section": "sammanfattning", "action": "save", "body": "Matristext"},
    ),
    "followup:my_tasks": Access("L......", "L......"),
    "followup:notifications": Access("L......", "L......"),
    "followup:notifications_read_all": Access("L------", "L......"),
    "followup:notification_read": Access("L------", "LNN.NNN", {"pk": _lookup("notification")}),
    "followup:round": Access("L......", "L......", R),
    "followup:round_action": Access("L------", "LDDDD..", R, {"action": "close"}),
    "followup:unit_report": Access("L.D....", "L.D....", RU),
    "followup:section_draft": Access("L.D....", "L------", {**RU, "key": "sammanfattning"}),
    "followup:section_text": Access("L------", "LDD.DD.", {**RU, "key": "sammanfattning"}),
    "followup:unit_report_action": Access("L------", "LDD.DD.", {**RU, "action": "submit"}),
    "followup:item_report": Access("L.D....", "LDD.DD.", {**R, "item_code": "U02"}),
    "followup:item_history": Access("L.D....", "L------", {**R, "item_code": "U02"}),
    "planning:index": Access("L......", "L......"),
    "planning:plan": Access("LDDD...", "LDDD...", {"plan_code": "rs-vp-2022"}),
    "planning:budget_adopt": Access("L------", "LDDDD..", {"plan_code": "rs-vp-2022"}),
    "planning:investment_follow_up": Access("L------", "LDDDNNN", {"plan_code": "rs-vp-2022"}),
    "planning:object": Access("L.D....", "L.D....", {"code": _lookup("object")}),
    "planning:inspel": Access("L......", "L......", {"round_code": INSPEL}),
    "planning:inspel_unit": Access("L.D....", "L.D....", IU),
    "planning:inspel_text": Access("L------", "LDD.DD.", {**IU, "key": "inspel-inledning"}),
    "planning:inspel_need": Access("L------", "LDD.DD.", IU, {"behov-title": "Matris"}),
    "planning:inspel_need_delete": Access("L------", "LDD.DD.", {**IU, "code": _lookup("need")}),
    "planning:inspel_request": Access("L------", "LDD.DD.", IU, {"askande-name": "Matris"}),
    "planning:inspel_request_renew": Access(
        "L------", "LDD.DD.", {**IU, "pk": _lookup("old request")}
    ),
    "planning:inspel_request_decide": Access(
        "L------", "LDDD...", {**IU, "pk": _lookup("request")}
    ),
    "planning:inspel_action": Access("L------", "LDD.DD.", {**IU, "action": "submit"}),
    "jobs:list": Access("L......", "L------"),
    "jobs:detail": Access("LNN.NN.", "L------", {"job_id": _lookup("job")}),
    "jobs:file": Access("LNNNNNN", "L------", {"job_id": _lookup("job"), "index": 0}),
    "web:home": Access("L......", "L......"),
    "web:plan_list": Access("L......", "L......"),
    "web:plan_detail": Access("L......", "L......", {"plan_code": "rs-2026"}),
    "web:item_detail": Access("L.D....", "L.D....", {"plan_code": "rs-2026", "item_code": "U02"}),
    "finance:upload": Access("LDDDD..", "LDDDD.."),
    "uploads:index": Access("L......", "L------"),
    "uploads:plan": Access("LDDDD..", "LDDDD.."),
    "uploads:statistics": Access("LDDDD..", "LDDDD.."),
    "uploads:registers": Access("LD..D..", "LD..D.."),
    "uploads:assessments": Access("LD..DD.", "LD..DD."),
    # Only the person's own passed check of an upload is imported; the matrix job is a
    # report batch of the reporter's.
    "uploads:confirm": Access("L------", "LNNNNNN", {"job_id": _lookup("job")}),
    "followup:index": Access("L......", "L......"),
    "followup:unit_review": Access("L.D....", "L------", RU),
    "season:round_lock": Access("LDDDD..", "LDDDD..", R),
    "season:round_excel": Access("L......", "L------", R),
    "dashboard:index": Access("L......", "L------"),
    "dashboard:page": Access("LDDD...", "L------", RB),
    "dashboard:export": Access("LDDD...", "L------", RB),
    "dashboard:chart": Access("LDDD...", "L------", {**RB, "key": _lookup("chart")}),
    "web:account": Access("L......", "L......"),
    "web:token_revoke": Access("L------", "LDD.DD.", {"token_id": _lookup("token")}),
    "web:first_steps": Access("L......", "L......"),
    "web:search": Access("L......", "L......"),
    # Without ?sida= there is no page to export; a page's own rules decide the rest
    # (tests/web/test_page_excel.py: another unit's page is refused there as here).
    "web:page_excel": Access("LNNNNNN", "L------"),
    "administration:index": Access("LDDDD..", "L------"),
    "administration:rounds": Access("LDDDD..", "LDDDD..", {"plan_code": "rs-2026"}),
    "administration:round_edit": Access("LDDDD..", "LDDDD..", R),
    "administration:item_edit": Access(
        "LDDDD..", "LDDDD..", {"plan_code": "rs-2026", "item_code": "U02"}
    ),
    "administration:target_edit": Access(
        "L------",
        "LDDDD..",
        {"plan_code": "rs-2026", "item_code": _lookup("target item"), "pk": _lookup("target")},
    ),
    "administration:item_new": Access("LDDDD..", "LDDDD..", {"plan_code": "rs-2026"}),
    "administration:item_move": Access(
        "L------", "LDDDD..", {"plan_code": "rs-2026", "item_code": "U02"}
    ),
    # GET: the confirmation page; POST without the box ticked removes nothing (400).
    "administration:item_delete": Access(
        "LDDDD..", "LDDDD..", {"plan_code": "rs-2026", "item_code": "U02"}
    ),
    "administration:target_new": Access(
        "L------", "LDDDD..", {"plan_code": "rs-2026", "item_code": "U02"}
    ),
    "administration:target_delete": Access(
        "L------",
        "LDDDD..",
        {"plan_code": "rs-2026", "item_code": _lookup("target item"), "pk": _lookup("target")},
    ),
    "administration:scale_edit": Access("LDDDD..", "L------", {"scale_code": "nyckeltal-2026"}),
    "administration:status_level_edit": Access(
        "L------", "LDDDD..", {"scale_code": "nyckeltal-2026", "pk": _lookup("status level")}
    ),
    "administration:scale_rename": Access("L------", "LDDDD..", {"scale_code": "nyckeltal-2026"}),
    "administration:status_level_delete": Access(
        "LDDDD..", "LDDDD..", {"scale_code": "nyckeltal-2026", "pk": _lookup("status level")}
    ),
    "administration:status_level_new": Access(
        "L------", "LDDDD..", {"scale_code": "nyckeltal-2026"}
    ),
    "administration:users": Access("LDDDD..", "LDDDD.."),
    "administration:role_revoke": Access("L------", "LDDDD..", {"pk": _lookup("role")}),
    "administration:user_new": Access("LDDDD..", "LDDDD.."),
    # The demo reporter's account: the region's controller may change it.
    "administration:user_edit": Access("LDDDD..", "LDDDD..", {"username": "rapportor"}),
    "administration:user_deactivate": Access("L------", "LDDDD..", {"username": "rapportor"}),
    "administration:user_reactivate": Access("L------", "LDDDD..", {"username": "rapportor"}),
    "administration:user_link": Access("L------", "LDDDD..", {"username": "rapportor"}),
    "administration:organisation": Access("LDDDD..", "L------"),
    "administration:unit_new": Access("L------", "LDDDD.."),
    "administration:unit_move": Access("L------", "LDDDD.."),
    "administration:unit_rename": Access("L------", "LDDDD.."),
    "administration:cost_centre_new": Access("L------", "LDDDD.."),
    "administration:cost_centre_assign": Access("L------", "LDDDD.."),
    "api:": Access("-------", "UUUUUUU"),
    "api_not_found": Access("NNNNNNN", "NNNNNNN"),
}


#: The entries tried at an address of their own: a whole namespace, or a catch-all.
PREFIX_URLS = {
    "admin:": "/admin/",
    "api:": f"/api/v1/rounds/{ROUND}/values",
    "api_not_found": "/api/v0/finns-inte",
}


def _route_names(resolver=None, namespace: str = "") -> list[str]:
    """The names of every route in the URL configuration (the admin as one, 'admin:')."""
    resolver = resolver or get_resolver()
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            full = f"{namespace}{inner}:" if inner else namespace
            if full in ("admin:", "api:"):
                names.append(full)
                continue
            names.extend(_route_names(entry, full))
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>")
    return names


def test_every_route_has_an_entry():
    routes = set(_route_names())
    missing = sorted(routes - set(ACCESS))
    assert not missing, f"routes without an expected-access entry in ACCESS: {missing}"
    stale = sorted(set(ACCESS) - routes)
    assert not stale, f"entries for routes that are gone: {stale}"


def _letter(response) -> str:
    status = response.status_code
    assert status < 500, (response.request, status)
    if status in (301, 302, 303):
        location = response["Location"]
        return "L" if "logga-in" in location or "/admin/login/" in location else "."
    return {401: "U", 403: "D", 404: "N", 405: "-"}.get(status, ".")


@pytest.fixture
def clients(demo, django_user_model):
    for username, unit, role in (("lasare", UNIT, Role.READER), ("annan", "RS-HR", Role.REPORTER)):
        user = django_user_model.objects.create_user(username, password=DEMO_PASSWORD)
        UnitRole.objects.create(user=user, unit=Unit.objects.get(code=unit), role=role)
    clients = {"anonymous": Client()}
    for role, username in USERS.items():
        clients[role] = Client()
        clients[role].force_login(django_user_model.objects.get(username=username))
    return clients


@pytest.fixture
def matrix_data(demo, django_user_model):
    from styra.followup.models import Notification
    from styra.jobs.models import Job

    reporter = django_user_model.objects.get(username="rapportor")
    Job.objects.create(kind="report_batch", label="matrisjobb", requested_by=reporter)
    Notification.objects.create(user=reporter, text="matrisnotis", link="/")
    from styra.access.tokens import api_token_create

    api_token_create(owner=reporter, name="matrisnyckel", scopes=["read"], user=reporter)


def _url(name: str, access: Access) -> str:
    kwargs = {k: (v() if callable(v) else v) for k, v in access.kwargs.items()}
    return reverse(name, kwargs=kwargs)


def test_every_url_answers_every_role_as_the_table_says(clients, matrix_data):
    problems = []
    # signing out ends the clients' sessions: last
    for name, access in sorted(ACCESS.items(), key=lambda entry: entry[0] == "logout"):
        url = PREFIX_URLS[name] if name in PREFIX_URLS else _url(name, access)
        got = "".join(_letter(clients[role].get(url)) for role in ROLES)
        if got != access.get:
            problems.append(f"GET  {url} ({name}): expected {access.get}, got {got}")
        letters = []
        for role in ROLES:
            with transaction.atomic():
                letters.append(_letter(clients[role].post(url, access.data)))
                transaction.set_rollback(True)
        got = "".join(letters)
        if got != access.post:
            problems.append(f"POST {url} ({name}): expected {access.post}, got {got}")
    assert not problems, "\n".join(problems)
