"""Investment categories become data (issue 12, item 5); names lose their short limits.

The six groups of the T1 2026 report, until now fixed choices, become the first rows
of `InvestmentCategory` in the same order, and every investment (and its history)
points at its row. A code no longer among them (written past the old checks) becomes a
category of its own, named by its code, so that no object loses its group.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


# The six groups of the T1 2026 report, in print order: (code, name, for plan decisions).
T1_2026 = [
    ("decided_finished", "Årets beslutade och avslutade investeringar", False),
    (
        "carried_finished",
        "Beslutade och avslutade investeringar överförda från föregående år",
        False,
    ),
    (
        "granted_ongoing",
        "Under året beviljade och påbörjade investeringar som ännu inte genomförts",
        True,
    ),
    (
        "carried_ongoing",
        "Beslutade investeringar överförda från föregående år som ännu inte genomförts",
        False,
    ),
    ("unforeseen", "Beviljat ur potten för oförutsedda investeringar", False),
    ("outside_frame", "Övriga investeringar utanför beslutad ram", False),
]


def constraints_checked_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; rows just updated leave "pending trigger
    events" that refuse the ALTER TABLE of the next operation. Check them now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def categories_create(apps, schema_editor):
    Category = apps.get_model("economy", "InvestmentCategory")
    History = apps.get_model("economy", "HistoricalInvestmentCategory")
    Investment = apps.get_model("economy", "Investment")
    HistoricalInvestment = apps.get_model("economy", "HistoricalInvestment")
    now = timezone.now()
    by_code = {}

    def create(code, name, order, for_plan_decisions=False):
        category = Category.objects.create(
            code=code, name=name, order=order, for_plan_decisions=for_plan_decisions
        )
        History.objects.create(
            id=category.pk,
            code=code,
            name=name,
            order=order,
            subtotal_label="",
            for_plan_decisions=for_plan_decisions,
            history_date=now,
            history_type="+",
            history_change_reason="migration 0003",
        )
        by_code[code] = category
        return category

    for order, (code, name, for_plan_decisions) in enumerate(T1_2026, start=1):
        create(code, name, order, for_plan_decisions)
    used = set(Investment.objects.order_by().values_list("category", flat=True))
    used |= set(HistoricalInvestment.objects.order_by().values_list("category", flat=True))
    for code in sorted(c for c in used if c and c not in by_code):
        create(code, code, len(by_code) + 1)
    for code, category in by_code.items():
        Investment.objects.filter(category=code).update(category_ref=category)
        HistoricalInvestment.objects.filter(category=code).update(category_ref=category)
    constraints_checked_now(schema_editor)


def references_move(apps, schema_editor):
    """From the temporary column to the field's own (no column is renamed: SQLite's
    rename of a column under an index does not run backwards)."""
    for name in ("Investment", "HistoricalInvestment"):
        model = apps.get_model("economy", name)
        model.objects.update(category_id=models.F("category_ref_id"))
    constraints_checked_now(schema_editor)


def references_move_back(apps, schema_editor):
    for name in ("Investment", "HistoricalInvestment"):
        model = apps.get_model("economy", name)
        model.objects.update(category_ref_id=models.F("category_id"))
    constraints_checked_now(schema_editor)


def categories_back(apps, schema_editor):
    Category = apps.get_model("economy", "InvestmentCategory")
    Investment = apps.get_model("economy", "Investment")
    HistoricalInvestment = apps.get_model("economy", "HistoricalInvestment")
    for category in Category.objects.all():
        Investment.objects.filter(category_ref=category).update(category=category.code)
        HistoricalInvestment.objects.filter(category_ref_id=category.pk).update(
            category=category.code
        )
    constraints_checked_now(schema_editor)



class Migration(migrations.Migration):

    dependencies = [
        ('economy', '0002_investment_kind_blank'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='InvestmentCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=60, unique=True, verbose_name='kod')),
                ('name', models.CharField(max_length=1000, verbose_name='namn')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='ordning')),
                ('subtotal_label', models.CharField(blank=True, max_length=1000, verbose_name='delsumma')),
                ('for_plan_decisions', models.BooleanField(default=False, verbose_name='för beslutade objekt i investeringsplanen')),
            ],
            options={
                'verbose_name': 'investeringskategori',
                'verbose_name_plural': 'investeringskategorier',
                'ordering': ['order', 'code'],
            },
        ),
        migrations.AlterField(
            model_name='historicalinvestment',
            name='name',
            field=models.CharField(max_length=1000, verbose_name='investeringsobjekt'),
        ),
        migrations.AlterField(
            model_name='historicalsavingsmeasure',
            name='category',
            field=models.CharField(blank=True, max_length=1000, verbose_name='kategori'),
        ),
        migrations.AlterField(
            model_name='historicalsavingsmeasure',
            name='name',
            field=models.CharField(max_length=1000, verbose_name='åtgärd'),
        ),
        migrations.AlterField(
            model_name='investment',
            name='name',
            field=models.CharField(max_length=1000, verbose_name='investeringsobjekt'),
        ),
        migrations.AlterField(
            model_name='savingsmeasure',
            name='category',
            field=models.CharField(blank=True, max_length=1000, verbose_name='kategori'),
        ),
        migrations.AlterField(
            model_name='savingsmeasure',
            name='name',
            field=models.CharField(max_length=1000, verbose_name='åtgärd'),
        ),
        migrations.CreateModel(
            name='HistoricalInvestmentCategory',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(max_length=60, verbose_name='kod')),
                ('name', models.CharField(max_length=1000, verbose_name='namn')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='ordning')),
                ('subtotal_label', models.CharField(blank=True, max_length=1000, verbose_name='delsumma')),
                ('for_plan_decisions', models.BooleanField(default=False, verbose_name='för beslutade objekt i investeringsplanen')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical investeringskategori',
                'verbose_name_plural': 'historical investeringskategorier',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        # Investment.category: from a code with fixed choices to the organisation's
        # categories. A new column first, filled from the code, then the old one goes.
        migrations.AddField(
            model_name='historicalinvestment',
            name='category_ref',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='economy.investmentcategory', verbose_name='kategori'),
        ),
        migrations.AddField(
            model_name='investment',
            name='category_ref',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='economy.investmentcategory', verbose_name='kategori'),
        ),
        migrations.RunPython(categories_create, categories_back),
        # A default for the code column, so that going back can add it to existing rows.
        migrations.AlterField(
            model_name='historicalinvestment',
            name='category',
            field=models.CharField(default='', max_length=20, verbose_name='kategori'),
        ),
        migrations.AlterField(
            model_name='investment',
            name='category',
            field=models.CharField(default='', max_length=20, verbose_name='kategori'),
        ),
        migrations.RemoveField(model_name='historicalinvestment', name='category'),
        migrations.RemoveField(model_name='investment', name='category'),
        migrations.AddField(
            model_name='historicalinvestment',
            name='category',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='economy.investmentcategory', verbose_name='kategori'),
        ),
        migrations.AddField(
            model_name='investment',
            name='category',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='investments', to='economy.investmentcategory', verbose_name='kategori'),
        ),
        migrations.RunPython(references_move, references_move_back),
        migrations.RemoveField(model_name='historicalinvestment', name='category_ref'),
        migrations.RemoveField(model_name='investment', name='category_ref'),
        migrations.AlterField(
            model_name='investment',
            name='category',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='investments', to='economy.investmentcategory', verbose_name='kategori'),
        ),
        migrations.AlterModelOptions(
            name='investment',
            options={'ordering': ['year', 'category__order', 'category__code', 'order', 'code'], 'verbose_name': 'investeringsobjekt', 'verbose_name_plural': 'investeringsobjekt'},
        ),
    ]
