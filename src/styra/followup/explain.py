"""Why a status was suggested, in Swedish words the reporter can check.

Presentation only: it formats the numbers `compute_status` compared, never computes.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from styra.formats.numbers import format_number, format_percent
from styra.plans.models import Direction, StatusMeaning, TargetKind, ToleranceKind
from styra.plans.status import Basis

from .suggestion import Suggestion

MAX_DECIMALS = 4  # a computed value (a share, a change) is not spelled out further


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _tolerance(rule) -> str:
    if rule.tolerance_value is None or rule.tolerance_kind == ToleranceKind.NONE:
        return ""
    value = rule.tolerance_value
    if rule.tolerance_kind == ToleranceKind.RELATIVE:
        return format_percent(value, decimal_places(value))
    return format_number(value, decimal_places(value))


def explain(suggestion: Suggestion, decimals: int = 1) -> str:
    result, rule = suggestion.result, suggestion.rule
    if result is None or rule is None:
        return _("Posten har inget målvärde; välj status själv.")
    basis = result.basis
    if result.meaning == StatusMeaning.YEAR_END:
        return _("Värdet följs upp på helår.")
    if basis == Basis.NOT_SET:
        return _("Målvärdet är inte fastställt, så status kan inte beräknas.")
    if basis == Basis.NO_COMPARISON:
        return _("Jämförelsevärde saknas, så status kan inte beräknas.")
    if basis == Basis.MISSING_VALUE:
        if rule.kind == TargetKind.COMPLETION:
            return _("Ange om det är genomfört för att få en föreslagen status.")
        return _("Inget utfall är angivet.")
    if basis == Basis.COMPLETED:
        return _("Markerat som genomfört.")
    if basis == Basis.NOT_COMPLETED:
        return _("Markerat som inte genomfört.")

    relative = rule.kind == TargetKind.RELATIVE_BASELINE and rule.baseline_value

    def fmt(value: Decimal | None) -> str:
        if relative or value is None:
            return format_percent(value, 1) if relative else format_number(value)
        # As typed: 38,5 is never explained as "39" because the indicator shows no decimals.
        return format_number(value, min(max(decimals, decimal_places(value)), MAX_DECIMALS))

    words = {
        "value": fmt(result.compared),
        "target": fmt(result.target),
        "tolerance": _tolerance(rule),
    }
    subject = _("Förändringen mot basåret") if relative else _("Utfallet")
    words["subject"] = subject
    if result.compared == result.target:
        side = _("lika med")
    elif result.compared > result.target:
        side = _("högre än")
    else:
        side = _("lägre än")
    words["side"] = side
    if rule.direction == Direction.CLOSER:
        if basis == Basis.MET:
            return (
                _(
                    "%(subject)s %(value)s ligger inom toleransen %(tolerance)s från målet %(target)s."
                )
                % words
            )
        if basis == Basis.WITHIN_TOLERANCE:
            return (
                _(
                    "%(subject)s %(value)s ligger utanför toleransen %(tolerance)s från målet %(target)s men inom det dubbla."
                )
                % words
            )
        return (
            _(
                "%(subject)s %(value)s ligger långt från målet %(target)s (toleransen är %(tolerance)s)."
            )
            % words
        )
    if basis == Basis.MET:
        return _("%(subject)s %(value)s är %(side)s målet %(target)s, så målet är nått.") % words
    if basis == Basis.WITHIN_TOLERANCE:
        return (
            _(
                "%(subject)s %(value)s är %(side)s målet %(target)s men inom toleransen %(tolerance)s."
            )
            % words
        )
    if words["tolerance"]:
        return (
            _(
                "%(subject)s %(value)s är %(side)s målet %(target)s och utanför toleransen %(tolerance)s."
            )
            % words
        )
    return _("%(subject)s %(value)s är %(side)s målet %(target)s.") % words
