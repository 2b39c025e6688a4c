"""A status scale changed by hand (the web administration): its name; label, symbol,
colour, meaning and definition of a level; a new level last in the scale; a level that
nothing uses removed.

A scale is shared by the plans that use it (for an item kind or a plan level), so only
whoever may manage every one of those plans may change it, and not once a round of any
of them is locked: the locked report prints the levels' labels and symbols. The rules
for a level are the plan file's (`planfile/plan.schema.json`, `$defs.scaleLevel`).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.deletion import PROTECT
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styra.access import permissions
from styra.access.history import delete_as, save_as
from styra.followup.models import Assessment
from styra.formats.text import clean_line, clean_text, column_max_length
from styra.plans.models import Plan, StatusLevel, StatusMeaning, StatusScale

from .plan_items import ensure_plan_items_editable

#: `$defs.scaleLevel.colour` and `$defs.slug` of the plan file.
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
LEVEL_CODE = re.compile(r"[A-Za-z0-9_-]+")


def scale_plans(scale: StatusScale) -> list[Plan]:
    """The plans that use `scale`, for an item kind or for a level."""
    return list(
        Plan.objects.filter(Q(scales__scale=scale) | Q(levels__scale=scale))
        .select_related("unit")
        .distinct()
        .order_by("code")
    )


def can_manage_scale(user, scale: StatusScale) -> bool:
    """Superusers; otherwise whoever may manage every plan using the scale (an unused
    scale belongs to nobody's plan, so to the superusers only)."""
    if permissions.is_superuser(user):
        return True
    plans = scale_plans(scale)
    return bool(plans) and all(permissions.can_manage_plan(user, plan) for plan in plans)


def ensure_scale_editable(scale: StatusScale) -> None:
    for plan in scale_plans(scale):
        ensure_plan_items_editable(plan)


def _require(scale: StatusScale, user) -> None:
    permissions.require(
        can_manage_scale(user, scale),
        _(
            "Endast controller eller administratör för alla planer som använder skalan får ändra den."
        ),
    )


def _cleaned(*, label: str, symbol: str, colour: str, meaning: str, definition: str) -> dict:
    values = {
        "label": clean_line(label).strip(),
        "symbol": clean_line(symbol).strip(),
        "colour": clean_line(colour).strip(),
        "meaning": meaning,
        "definition": clean_text(definition).strip(),
    }
    errors: dict[str, list[str]] = {}
    for name, missing in (
        ("label", _("Ange en benämning.")),
        ("symbol", _("Ange en symbol: statusen visas aldrig bara med färg.")),
    ):
        maximum = column_max_length(StatusLevel, name)
        if not values[name]:
            errors[name] = [missing]
        elif len(values[name]) > maximum:
            errors[name] = [
                _("Texten är %(length)s tecken; högst %(maximum)s tecken får plats.")
                % {"length": len(values[name]), "maximum": maximum}
            ]
    if not COLOUR.fullmatch(values["colour"]):
        errors["colour"] = [_("Ange färgen som #rrggbb, till exempel #2e7d32.")]
    if meaning not in StatusMeaning.values:
        errors["meaning"] = [_("Välj en innebörd.")]
    if len(values["definition"]) > 2000:
        errors["definition"] = [
            _("Texten är %(length)s tecken; högst %(maximum)s tecken får plats.")
            % {"length": len(values["definition"]), "maximum": 2000}
        ]
    if errors:
        raise ValidationError(errors)
    values["colour"] = values["colour"].lower()
    return values


@transaction.atomic
def status_level_update(
    *,
    level: StatusLevel,
    label: str,
    symbol: str,
    colour: str,
    meaning: str,
    definition: str,
    user,
) -> StatusLevel:
    """Change a level's label, symbol, colour, meaning and definition; its code stays (the
    plan files and imports name it)."""
    level = StatusLevel.objects.select_for_update().select_related("scale").get(pk=level.pk)
    _require(level.scale, user)
    ensure_scale_editable(level.scale)
    values = _cleaned(
        label=label, symbol=symbol, colour=colour, meaning=meaning, definition=definition
    )
    for name, value in values.items():
        setattr(level, name, value)
    save_as(level, user)
    return level


@transaction.atomic
def status_level_create(
    *,
    scale: StatusScale,
    code: str,
    label: str,
    symbol: str,
    colour: str,
    meaning: str,
    definition: str,
    user,
) -> StatusLevel:
    """A new level, last in the scale."""
    scale = StatusScale.objects.select_for_update().get(pk=scale.pk)
    _require(scale, user)
    ensure_scale_editable(scale)
    code = clean_line(code).strip()
    code_error = None
    if not code:
        code_error = _("Ange en kod.")
    elif len(code) > column_max_length(StatusLevel, "code") or not LEVEL_CODE.fullmatch(code):
        code_error = _(
            "Koden får bara innehålla bokstäver a–z, siffror, - och _ (högst %(maximum)s tecken)."
        ) % {"maximum": column_max_length(StatusLevel, "code")}
    elif scale.levels.filter(code=code).exists():
        code_error = _("Nivåkoden %(code)s finns redan i skalan.") % {"code": code}
    try:
        values = _cleaned(
            label=label, symbol=symbol, colour=colour, meaning=meaning, definition=definition
        )
    except ValidationError as exc:
        if code_error:
            exc.error_dict["code"] = ValidationError(code_error).error_list
        raise
    if code_error:
        raise ValidationError({"code": code_error}, code="code")
    last = scale.levels.order_by("-order").values_list("order", flat=True).first()
    level = StatusLevel(scale=scale, code=code, order=(last or 0) + 1, **values)
    save_as(level, user)
    return level


@transaction.atomic
def status_scale_update(*, scale: StatusScale, name: str, user) -> StatusScale:
    """Change the scale's name (its code stays: the plan files name it)."""
    scale = StatusScale.objects.select_for_update().get(pk=scale.pk)
    _require(scale, user)
    ensure_scale_editable(scale)
    name = clean_line(name).strip()
    maximum = column_max_length(StatusScale, "name")
    if not name:
        raise ValidationError({"name": _("Ange ett namn.")}, code="required")
    if len(name) > maximum:
        raise ValidationError(
            {
                "name": _("Texten är %(length)s tecken; högst %(maximum)s tecken får plats.")
                % {"length": len(name), "maximum": maximum}
            },
            code="max_length",
        )
    scale.name = name
    save_as(scale, user)
    return scale


def status_level_uses(level: StatusLevel) -> list[tuple[str, int]]:
    """What refers to the level, as (Swedish phrase with the count, count): assessments
    with it as their status, suggested statuses, and every other row that protects a
    level (a savings measure's status …), whatever app it is in. One query per kind."""
    uses = []
    count = Assessment.objects.filter(status=level).count()
    if count:
        phrase = ngettext(
            "%(count)s bedömning har den som status",
            "%(count)s bedömningar har den som status",
            count,
        )
        uses.append((phrase % {"count": count}, count))
    count = Assessment.objects.filter(status_suggested=level).count()
    if count:
        phrase = ngettext(
            "%(count)s bedömning har den som statusförslag",
            "%(count)s bedömningar har den som statusförslag",
            count,
        )
        uses.append((phrase % {"count": count}, count))
    for relation in StatusLevel._meta.related_objects:
        if relation.on_delete is not PROTECT or relation.related_model is Assessment:
            continue
        model = relation.related_model
        count = model._default_manager.filter(**{relation.field.name: level}).count()
        if count:
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            uses.append((_("%(count)s %(what)s") % {"count": count, "what": name}, count))
    return uses


def status_level_refusal(level: StatusLevel) -> str | None:
    """Why the level may not be removed (Swedish, with how many uses), or None."""
    uses = status_level_uses(level)
    if uses:
        return _("Nivån %(label)s används och kan inte tas bort: %(uses)s.") % {
            "label": level.label,
            "uses": "; ".join(phrase for phrase, _count in uses),
        }
    if not StatusLevel.objects.filter(scale_id=level.scale_id).exclude(pk=level.pk).exists():
        return _(
            "Nivån %(label)s är skalans enda nivå och kan inte tas bort; en skala behöver "
            "minst en nivå."
        ) % {"label": level.label}
    return None


@transaction.atomic
def status_level_delete(*, level: StatusLevel, user) -> None:
    """Remove a level nothing uses (no assessment's status or suggestion, no other row)
    and that is not the scale's last; the remaining levels' order closes up."""
    level = StatusLevel.objects.select_related("scale").get(pk=level.pk)
    scale = StatusScale.objects.select_for_update().get(pk=level.scale_id)
    _require(scale, user)
    ensure_scale_editable(scale)
    level = StatusLevel.objects.select_for_update().get(pk=level.pk)
    refusal = status_level_refusal(level)
    if refusal:
        raise ValidationError(refusal, code="in_use")
    delete_as(level, user)
    for order, remaining in enumerate(scale.levels.order_by("order", "pk"), start=1):
        if remaining.order != order:
            remaining.order = order
            save_as(remaining, user, update_fields=["order"])
