"""Budget decisions and the items they fund: amounts by fiscal year and priority."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from programs.models import Component, Program
from publishing.models import (
    MARKDOWN_HELP,
    ContentHistory,
    MarkdownMixin,
    Publishable,
    PublishableQuerySet,
    markdown_html_field,
    money_field,
)


class GrantsTableHistory(ContentHistory):
    """History kept in the tables it had when budgets were part of the grants app.

    simple-history names a many-to-many history table after the app; this keeps the
    old name so that no history row moves.
    """

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        return {
            **options,
            "db_table": f"grants_{self.get_history_model_name(through_model).lower()}",
        }


fiscal_year_validator = RegexValidator(
    r"^FY\d{2}-\d{2}$", _("Write the fiscal year as FY22-23 (July 2022 to June 2023).")
)


def fiscal_year_dates(label):
    """The City's fiscal year runs July 1 to June 30: FY22-23 is July 1, 2022 to June 30, 2023.

    >>> fiscal_year_dates("FY22-23")
    (datetime.date(2022, 7, 1), datetime.date(2023, 6, 30))
    """
    match = re.fullmatch(r"FY(\d{2})-(\d{2})", label or "")
    if match is None:
        return None
    start = 2000 + int(match[1])
    return datetime.date(start, 7, 1), datetime.date(start + 1, 6, 30)


class BudgetQuerySet(PublishableQuerySet):
    def with_totals(self):
        """Annotate each budget with its published items' count and known total, in one query.

        >>> Budget.objects.published().with_totals().values("title", "total_amount")
        """
        live = models.Q(items__in=BudgetItem.objects.published().values("pk"))
        return self.annotate(
            item_count=models.Count("items", filter=live),
            known_count=models.Count("items__amount", filter=live),
            total_amount=models.Sum("items__amount", filter=live),
        )


class Budget(MarkdownMixin, Publishable):
    """A budget decision: an adopted annual budget or a budget monitoring process."""

    title = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, blank=True, help_text=_("e.g. Spring BMP"))
    fiscal_year = models.CharField(
        max_length=7,
        blank=True,
        validators=[fiscal_year_validator],
        help_text=_("e.g. FY22-23. Leave empty if no fiscal year has been published."),
    )
    intro = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    intro_html = markdown_html_field()
    order = models.PositiveSmallIntegerField(default=0)
    history = ContentHistory(table_name="grants_historicalbudget")

    objects = BudgetQuerySet.as_manager()
    markdown_fields = ("intro",)

    class Meta:
        # Budgets were part of the grants app; their tables kept their names.
        db_table = "grants_budget"
        ordering = ["order", "-fiscal_year", "title"]

    def __str__(self):
        return self.title

    @property
    def unknown_count(self):
        """Items without a published amount; needs ``with_totals()``."""
        return self.item_count - self.known_count

    @property
    def fiscal_year_dates(self):
        """(first day, last day) of the fiscal year, or None when none is given."""
        return fiscal_year_dates(self.fiscal_year)

    def get_absolute_url(self):
        return reverse("budget:page") + f"#{self.slug}"


class Priority(models.TextChoices):
    REFOCUS = "refocus", _("Refocus")
    REFORM = "reform", _("Reform")
    RESTAFF = "restaff", _("Restaff")


class BudgetItemQuerySet(PublishableQuerySet):
    def published(self):
        """Published items of published budgets: a draft budget hides all its items."""
        return super().published().filter(budget__in=Budget.objects.published().values("pk"))


class BudgetItem(MarkdownMixin, Publishable):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="items")
    priority = models.CharField(max_length=10, choices=Priority, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    description_html = markdown_html_field()
    amount = money_field()
    is_one_time = models.BooleanField(
        _("one-time funds"),
        default=False,
        help_text=_("Tick for money approved once, not ongoing."),
    )
    programs = models.ManyToManyField(
        "programs.Program",
        blank=True,
        related_name="budget_items",
        help_text=_("Programs this money funds."),
        db_table="grants_budgetitem_programs",
    )
    organizations = models.ManyToManyField(
        "partners.Organization",
        blank=True,
        related_name="budget_items",
        help_text=_("Agencies and groups this money goes to."),
        db_table="grants_budgetitem_organizations",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = GrantsTableHistory(
        table_name="grants_historicalbudgetitem", m2m_fields=[programs, organizations]
    )

    objects = BudgetItemQuerySet.as_manager()
    markdown_fields = ("description",)

    class Meta:
        db_table = "grants_budgetitem"
        ordering = ["budget__order", "priority", "order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budget:page") + f"#item-{self.slug}"


@dataclass
class Totals:
    """The sum of known amounts, and how many items have no published amount."""

    amount: Decimal = Decimal("0.00")
    known: int = 0
    unknown: int = 0

    @classmethod
    def of(cls, items):
        totals = cls()
        for item in items:
            totals.add(item.amount)
        return totals

    def add(self, amount):
        if amount is None:
            self.unknown += 1
        else:
            self.amount += amount
            self.known += 1

    @property
    def has_amount(self):
        return self.known > 0

    @property
    def known_amount(self):
        """The sum, or None when no amount is known: nothing known is not $0."""
        return self.amount if self.has_amount else None


def stated_total(budgets, parts):
    """Totals of every amount the City has given: budgets annotated ``with_totals()``
    and program parts with a stated amount, as the home page shows them."""
    totals = Totals.of(parts)
    for budget in budgets:
        totals.unknown += budget.unknown_count
        if budget.known_count:
            totals.amount += budget.total_amount
            totals.known += budget.known_count
    return totals


@dataclass
class PriorityGroup:
    key: str
    label: str
    items: list
    total: Totals


@dataclass
class Section:
    """One budget, its items and their totals, whole and by priority."""

    budget: Budget
    priorities: list[PriorityGroup]
    items: list
    total: Totals


@dataclass
class ProgramFunding:
    """Amounts the City stated for a program's parts that no budget on this site lists,
    such as the $2.4 million of Safer Summer PDX's Focused Investment. The seed names no
    fiscal year for them, so none is shown."""

    program: Program
    items: list
    total: Totals


@dataclass
class Bar:
    label: str
    amount: Decimal
    unknown: int
    share: Decimal = Decimal("0")
    index: int = 0


class BudgetSummary:
    """Published budget items grouped by budget (one fiscal year each) and priority.

    The budget page, its chart and its CSV all read from this one object, so
    they cannot disagree.
    """

    PRIORITY_GROUPS = [*Priority.choices, ("", _("Not assigned to a priority"))]

    def __init__(self, budgets, items, components=()):
        self.budgets = list(budgets)
        self.items = list(items)
        self.components = list(components)

    @classmethod
    def load(cls, user=None):
        """Published budgets and items; with a staff ``user``, drafts too (preview)."""

        def visible(queryset):
            return queryset.published() if user is None else queryset.visible_to(user)

        items = (
            visible(BudgetItem.objects)
            .select_related("budget")
            .prefetch_related(Prefetch("programs", queryset=Program.objects.published()))
            .order_by("budget__order", "budget_id", "order", "pk")
        )
        components = Component.objects.with_stated_amount(visible(Program.objects))
        return cls(visible(Budget.objects), items, components)

    @property
    def has_drafts(self):
        return any(not entry.is_live() for entry in [*self.budgets, *self.items])

    @cached_property
    def sections(self):
        by_budget = defaultdict(list)
        for item in self.items:
            by_budget[item.budget_id].append(item)
        return [self._section(budget, by_budget.get(budget.pk, [])) for budget in self.budgets]

    def _section(self, budget, items):
        groups = []
        for key, label in self.PRIORITY_GROUPS:
            members = [item for item in items if item.priority == key]
            if members:
                groups.append(PriorityGroup(key, label, members, Totals.of(members)))
        return Section(budget, groups, items, Totals.of(items))

    @cached_property
    def program_funding(self):
        by_program = {}
        for component in self.components:
            by_program.setdefault(component.program, []).append(component)
        return [
            ProgramFunding(program, parts, Totals.of(parts))
            for program, parts in by_program.items()
        ]

    @cached_property
    def grand_total(self):
        """Every amount stated on the site: budget items and program funding together."""
        return Totals.of([*self.items, *self.components])

    @cached_property
    def fiscal_years(self):
        """Each fiscal year named on the page, in order of first appearance, with its dates."""
        years = {}
        for budget in self.budgets:
            dates = budget.fiscal_year_dates
            if dates is not None:
                years.setdefault(budget.fiscal_year, dates)
        return list(years.items())

    def totals_by_fiscal_year(self):
        """{fiscal year label: Totals}; budgets without a fiscal year are keyed by ''."""
        totals = defaultdict(Totals)
        for section in self.sections:
            for item in section.items:
                totals[section.budget.fiscal_year].add(item.amount)
        return dict(totals)

    def totals_by_priority(self):
        totals = defaultdict(Totals)
        for section in self.sections:
            for item in section.items:
                totals[item.priority].add(item.amount)
        return dict(totals)

    @staticmethod
    def _bar_label(budget, group):
        # The chart comes first on the page, so it spells names out rather than using acronyms.
        return f"{budget.title}: {group.label}" if group.key else budget.title

    @cached_property
    def chart_bars(self):
        """A bar for each budget and priority with a known amount, sized against the largest."""
        bars = [
            Bar(self._bar_label(section.budget, group), group.total.amount, group.total.unknown)
            for section in self.sections
            for group in section.priorities
            if group.total.has_amount
        ]
        bars += [
            Bar(f"{funding.program.title}: {component.title}", component.amount, 0)
            for funding in self.program_funding
            for component in funding.items
        ]
        largest = max((bar.amount for bar in bars), default=Decimal("0"))
        for index, bar in enumerate(bars):
            bar.share = bar.amount / largest if largest else Decimal("0")
            bar.index = index
        return bars
