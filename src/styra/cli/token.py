"""`styra token create|list|revoke`: personal API tokens (docs/api.md).

styra token create --name "Lönesystemet" --scope read,write --user rapportor
styra token list --user rapportor
styra token revoke 12 --user rapportor
"""

from __future__ import annotations

import argparse

from .base import CommandError, acting_user, add_user_option, guarded, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "token",
        help="personliga API-nycklar: skapa, lista, återkalla",
        description="Personliga API-nycklar för Styras JSON-API (docs/api.md). En nyckel "
        "agerar som sin ägare, med ägarens roller, inom sina behörigheter (read, write, "
        "reports).",
    )
    commands = parser.add_subparsers(dest="token_command", metavar="KOMMANDO", title="kommandon")

    create = commands.add_parser(
        "create",
        help="skapa en nyckel åt dig själv (visas en gång)",
        description="Skapar en nyckel åt --user och skriver ut den. Bara dess kontrollsumma "
        "sparas: den kan inte visas igen.",
    )
    create.add_argument("--name", required=True, metavar="NAMN", help="vad nyckeln används till")
    create.add_argument(
        "--scope",
        required=True,
        metavar="BEHÖRIGHETER",
        help="kommaseparerade: read, write, reports",
    )
    create.add_argument(
        "--days",
        type=int,
        metavar="DAGAR",
        help="hur många dagar nyckeln gäller (standard: tills vidare)",
    )
    add_user_option(create)
    create.set_defaults(handler=handle_create)

    listing = commands.add_parser(
        "list",
        help="lista dina nycklar",
        description="Listar nycklarna för --user: nummer, början, behörigheter, status, "
        "senast använd och namn.",
    )
    add_user_option(listing)
    listing.set_defaults(handler=handle_list)

    revoke = commands.add_parser(
        "revoke",
        help="återkalla en nyckel",
        description="Återkallar nyckeln; den slutar fungera direkt.",
    )
    revoke.add_argument("id", type=int, metavar="NUMMER", help="nyckelns nummer (styra token list)")
    add_user_option(revoke)
    revoke.set_defaults(handler=handle_revoke)

    parser.set_defaults(handler=lambda args: parser.print_help() or 2)


def handle_create(args: argparse.Namespace) -> int:
    setup_django()
    from styra.access.tokens import api_token_create

    user = acting_user(args)
    token, raw = guarded(
        lambda: api_token_create(
            owner=user,
            name=args.name,
            scopes=args.scope.split(","),
            user=user,
            valid_days=args.days,
        )
    )
    until = f", gäller till {token.expires_at:%Y-%m-%d}" if token.expires_at else ""
    print(f"Nyckel {token.pk} ({token.name}; {', '.join(token.scopes)}{until}):")
    print(raw)
    print("Spara den nu: den visas inte igen.")
    return 0


def handle_list(args: argparse.Namespace) -> int:
    setup_django()
    from styra.access.selectors import api_tokens_of

    user = acting_user(args)
    tokens = list(api_tokens_of(user))
    if not tokens:
        print("Inga API-nycklar.")
    for t in tokens:
        state = "återkallad" if t.revoked_at else ("aktiv" if t.is_active else "utgången")
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "aldrig"
        print(
            f"{t.pk:>5}  {t.prefix}…  {','.join(t.scopes):<18} {state:<11} "
            f"senast använd {used:<16}  {t.name}"
        )
    return 0


def handle_revoke(args: argparse.Namespace) -> int:
    setup_django()
    from styra.access.models import ApiToken
    from styra.access.tokens import api_token_revoke

    user = acting_user(args)
    token = ApiToken.objects.filter(pk=args.id).first()
    if token is None:
        raise CommandError(f"nyckel {args.id} finns inte")
    guarded(lambda: api_token_revoke(token=token, user=user))
    print(f"Nyckel {token.pk} ({token.name}) är återkallad.")
    return 0
