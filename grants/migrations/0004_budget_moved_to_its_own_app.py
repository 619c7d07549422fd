# Budgets moved to the budget app (see budget/migrations/0001_initial.py): the grants
# app forgets them, and their tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0003_search_indexes'),
        ('budget', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='budgetitem',
                    name='budget',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetitem',
                    name='budget',
                ),
                migrations.RemoveField(
                    model_name='budgetitem',
                    name='organizations',
                ),
                migrations.RemoveField(
                    model_name='budgetitem',
                    name='programs',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetitem_programs',
                    name='budgetitem',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetitem_organizations',
                    name='budgetitem',
                ),
                migrations.RemoveField(
                    model_name='historicalbudget',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetitem',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetitem_organizations',
                    name='history',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetitem_programs',
                    name='history',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetitem_organizations',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='historicalbudgetitem_programs',
                    name='program',
                ),
                migrations.DeleteModel(
                    name='Budget',
                ),
                migrations.DeleteModel(
                    name='BudgetItem',
                ),
                migrations.DeleteModel(
                    name='HistoricalBudget',
                ),
                migrations.DeleteModel(
                    name='HistoricalBudgetItem',
                ),
                migrations.DeleteModel(
                    name='HistoricalBudgetItem_organizations',
                ),
                migrations.DeleteModel(
                    name='HistoricalBudgetItem_programs',
                ),
            ],
            database_operations=[],
        ),
    ]
