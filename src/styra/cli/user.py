"""`styra user create|deactivate|reactivate`: user accounts, as on the administration's
users page.

styra user create nora --first-name Nora --last-name Nyberg --email nora@region.se --user admin
styra user deactivate nora --user admin
styra user reactivate nora --user admin

Roles are given on the users page (or in the admin). A new account has no password: with
OpenID Connect its owner signs in there; otherwise `create` prints a one-time link on
which they choose one (STYRA_SITE_URL at its start, signed with the server's
STYRA_SECRET_KEY, which must be set), and `--mail` also sends it to them.
"""

from __future__ import annotations

import argparse
import smtplib

from .base import CommandError, acting_user, add_user_option, guarded, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "user",
        help="användarkonton: lägga upp, inaktivera, aktivera",
        description="Användarkonton, som på administrationens sida Användare och roller. "
        "Den som gör ändringen (--user) ska vara administratör eller controller; "
        "ett konto med roller ändras bara av den som själv får ge alla dess roller.",
    )
    commands = parser.add_subparsers(dest="user_command", metavar="KOMMANDO", title="kommandon")

    create = commands.add_parser(
        "create",
        help="lägg upp ett konto (utan lösenord; skriver ut hur det loggar in)",
        description="Lägger upp ett aktivt konto utan lösenord. Med organisationens "
        "inloggning (OpenID Connect) loggar användaren in där; annars skrivs en "
        "engångslänk ut där användaren väljer sitt lösenord. Den visas bara nu.",
    )
    create.add_argument("username", metavar="ANVÄNDARNAMN", help="det användaren loggar in med")
    create.add_argument("--first-name", required=True, metavar="FÖRNAMN")
    create.add_argument("--last-name", required=True, metavar="EFTERNAMN")
    create.add_argument("--email", default="", metavar="E-POST", help="e-postadress (frivillig)")
    create.add_argument(
        "--mail",
        action="store_true",
        help="skicka också engångslänken till kontots e-postadress",
    )
    add_user_option(create)
    create.set_defaults(handler=handle_create)

    for name, text, handler in (
        ("deactivate", "inaktivera ett konto (roller och historik finns kvar)", handle_deactivate),
        ("reactivate", "aktivera ett inaktiverat konto igen", handle_reactivate),
    ):
        command = commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        command.add_argument("username", metavar="ANVÄNDARNAMN")
        add_user_option(command)
        command.set_defaults(handler=handler)

    parser.set_defaults(handler=lambda args: parser.print_help() or 2)


def handle_create(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.db import transaction

    from styra.access import services

    user = acting_user(args)
    if not services.signs_in_with_oidc():
        # The link is signed with the key; the server that opens it must have the same.
        try:
            settings.SECRET_KEY  # noqa: B018 - Django refuses to read an empty key
        except ImproperlyConfigured:
            raise CommandError(
                "sätt STYRA_SECRET_KEY (samma som servern har) för att göra inloggningslänken"
            ) from None

    @transaction.atomic
    def create():
        account = services.user_create(
            username=args.username,
            first_name=args.first_name,
            last_name=args.last_name,
            email=args.email,
            user=user,
        )
        link = None
        if not services.signs_in_with_oidc():
            link = settings.STYRA_SITE_URL + services.user_password_link(target=account, user=user)
            if args.mail:
                services.user_password_link_mail(target=account, url=link, user=user)
        return account, link

    try:
        account, link = guarded(create)
    except (OSError, smtplib.SMTPException) as exc:
        raise CommandError(f"e-posten kunde inte skickas ({exc}); kontot är inte upplagt") from None
    print(f"Kontot {account.username} ({account.get_full_name()}) är upplagt.")
    if link is None:
        print(
            f"{account.username} loggar in med organisationens inloggning (OpenID Connect), "
            "utan lösenord i Styra."
        )
        return 0
    print("Engångslänk där användaren väljer sitt lösenord (visas inte igen):")
    print(link)
    if args.mail:
        print(f"Länken är också skickad till {account.email}.")
    return 0


def _set_active(args: argparse.Namespace, active: bool) -> int:
    setup_django()
    from django.contrib.auth import get_user_model

    from styra.access import services

    user = acting_user(args)
    account = get_user_model().objects.filter(username=args.username).first()
    if account is None:
        raise CommandError(f"kontot {args.username} finns inte")
    change = services.user_reactivate if active else services.user_deactivate
    guarded(lambda: change(target=account, user=user))
    if active:
        print(f"Kontot {account.username} är aktiverat igen, med de roller det hade.")
    else:
        print(f"Kontot {account.username} är inaktiverat; dess roller och historik finns kvar.")
    return 0


def handle_deactivate(args: argparse.Namespace) -> int:
    return _set_active(args, False)


def handle_reactivate(args: argparse.Namespace) -> int:
    return _set_active(args, True)
