"""Budget frames (budgetramar) per unit and year, and the changes that lead to them.

A plan's `Budget` holds groups of frames (the officials' budget, the elected members'
budget, the finance administration). A frame is one unit's budget for the year,
distributed over cost and revenue types (`BudgetLineType`, configuration shared by
code). Frame changes (indexation, prioritisation, reallocation) move a unit's frame
from its opening value; the frame after changes is computed, never typed, and the
distribution must add up to it (`styra.planning.checks`).

Amounts are kronor with the ledger's sign convention (§7.3): income positive, costs
negative, so a net budget is negative. A frame change's `amount` is what the unit
*receives* (positive = more money to spend), which makes its net budget more negative.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.org.models import CostCentre, Unit
from styra.plans.models import Plan


class LineSection(models.TextChoices):
    OPERATIONS = "operations", _("Verksamhet")
    FINANCE = "finance", _("Finansiering")


class BudgetLineType(models.Model):
    """A cost or revenue type of the frames (Personalkostnader, Skatteintäkter …).

    `account` is the ledger account the yearly budget of this type is booked on when
    an adopted budget feeds the follow-up (blank: not fed, e.g. the finance rows).
    `pharmaceuticals` marks the type that LPIK including pharmaceuticals applies to.
    """

    code = models.SlugField(_("kod"), max_length=60, unique=True)
    label = models.CharField(_("benämning"), max_length=200)
    section = models.CharField(
        _("del"), max_length=12, choices=LineSection.choices, default=LineSection.OPERATIONS
    )
    pharmaceuticals = models.BooleanField(_("läkemedel"), default=False)
    account = models.CharField(_("budgetkonto"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order", "code"]
        verbose_name = _("kostnads- eller intäktsslag")
        verbose_name_plural = _("kostnads- och intäktsslag")

    def __str__(self) -> str:
        return self.label


class BudgetState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Fastställd")


class Budget(models.Model):
    """The budget part of a plan: its frames, frame changes and the decided total."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="budget")
    year = models.PositiveIntegerField(_("budgetår"))
    state = models.CharField(
        _("status"), max_length=10, choices=BudgetState.choices, default=BudgetState.DRAFT
    )
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    total_label = models.CharField(_("rubrik för totalen"), max_length=200, blank=True)
    stated_total = models.DecimalField(
        _("beslutad total nettobudget (kr)"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    decision = models.CharField(_("beslut"), max_length=300, blank=True)
    adopted_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetar")

    def __str__(self) -> str:
        return f"{self.plan.code} {self.year}"

    @property
    def is_adopted(self) -> bool:
        return self.state == BudgetState.ADOPTED


class FrameGroup(models.Model):
    """A group of frames with its own sum row: tjänstemannabudget, förtroendemannabudget …"""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("kod"), max_length=60)
    label = models.CharField(_("benämning"), max_length=200)
    sum_label = models.CharField(_("summarad"), max_length=200, blank=True)
    section = models.CharField(
        _("del"), max_length=12, choices=LineSection.choices, default=LineSection.OPERATIONS
    )
    show_frames = models.BooleanField(
        _("visa enheternas rader"),
        default=True,
        help_text=_("Annars skrivs bara gruppens summarad ut."),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "order"]
        verbose_name = _("ramgrupp")
        verbose_name_plural = _("ramgrupper")
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="framegroup_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class BudgetFrame(models.Model):
    """One unit's frame for the year, distributed over the line types.

    `opening_net` is the frame before this plan's changes (last year's frame); the
    frame after changes is `opening_net` minus what the changes give the unit. The
    part of the opening frame that is pharmaceuticals is what LPIK including
    pharmaceuticals applies to. `cost_centre` is where the adopted budget is booked
    in the ledger (default: the unit's first cost centre on 1 January).
    """

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="frames")
    group = models.ForeignKey(FrameGroup, on_delete=models.PROTECT, related_name="frames")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("benämning"), max_length=200, blank=True)
    opening_net = models.DecimalField(
        _("ingående ram, netto (kr)"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    opening_pharmaceuticals = models.DecimalField(
        _("varav läkemedel i ingående ram (kr)"), default=0, max_digits=18, decimal_places=2
    )
    cost_centre = models.ForeignKey(
        CostCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kostnadsställe för budgeten"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "group__order", "order"]
        verbose_name = _("budgetram")
        verbose_name_plural = _("budgetramar")
        constraints = [
            models.UniqueConstraint(fields=["budget", "unit"], name="budgetframe_unique_unit"),
        ]

    def __str__(self) -> str:
        return self.label or self.unit.code


class BudgetFrameLine(models.Model):
    """The frame's amount of one cost or revenue type (kr, income + / cost −)."""

    frame = models.ForeignKey(BudgetFrame, on_delete=models.CASCADE, related_name="lines")
    line_type = models.ForeignKey(BudgetLineType, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("belopp (kr)"), max_digits=18, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["frame", "line_type__order"]
        verbose_name = _("ramrad")
        verbose_name_plural = _("ramrader")
        constraints = [
            models.UniqueConstraint(fields=["frame", "line_type"], name="budgetframeline_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.frame} {self.line_type.code}"


class FrameChangeKind(models.TextChoices):
    INDEXATION_EXCL = "indexation_excl", _("Uppräkning enligt LPIK exklusive läkemedel")
    INDEXATION_INCL = "indexation_incl", _("Uppräkning enligt LPIK inklusive läkemedel")
    PRIORITISATION = "prioritisation", _("Prioritering")
    REALLOCATION = "reallocation", _("Omdisponering")
    OTHER = "other", _("Övrig förändring")


INDEXATION_KINDS = frozenset({FrameChangeKind.INDEXATION_EXCL, FrameChangeKind.INDEXATION_INCL})


class FrameChange(models.Model):
    """A change of a unit's frame, with its decision.

    `unit` receives the change; a reallocation moves `amount` from `from_unit` to
    `unit` (either side may lie outside this plan; `counterpart` names a side that is
    not a unit at all). An indexation may give its `rate` (per cent) instead of an
    amount: the amount is then computed from the opening frame (excluding or only the
    pharmaceuticals part). An amount left empty was not stated.
    """

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="changes")
    code = models.SlugField(_("kod"), max_length=60)
    kind = models.CharField(_("slag"), max_length=20, choices=FrameChangeKind.choices)
    text = models.CharField(_("avser"), max_length=400)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("till enhet"),
    )
    from_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("från enhet"),
    )
    counterpart = models.CharField(_("motpart"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("belopp (kr)"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    rate = models.DecimalField(
        _("uppräkning (%)"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    case_number = models.CharField(_("ärendenummer"), max_length=60, blank=True)
    decision = models.CharField(_("beslut"), max_length=300, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "order", "code"]
        verbose_name = _("ramförändring")
        verbose_name_plural = _("ramförändringar")
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="framechange_unique_code"),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(from_unit__isnull=False),
                name="framechange_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def is_indexation(self) -> bool:
        return self.kind in INDEXATION_KINDS
