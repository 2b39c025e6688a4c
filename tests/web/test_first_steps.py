"""The first-steps guide: reachable from the start page, every step links where it is done."""

from django.urls import reverse


def test_first_steps_is_linked_from_home_and_links_each_step(client, builder):
    rs = builder.unit("RS", "Regionstyrelsen")
    client.force_login(builder.user("carl", (rs, "controller")))

    home = client.get(reverse("web:home")).content.decode()
    assert reverse("web:first_steps") in home

    html = client.get(reverse("web:first_steps")).content.decode()
    for url in ("finance:upload", "followup:index", "followup:my_tasks", "reports:index"):
        assert f'href="{reverse(url)}"' in html
    assert "styra plan import" in html
    assert reverse("admin:index") not in html  # only for administrators
