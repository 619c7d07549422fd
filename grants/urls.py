from django.urls import path
from django.views.decorators.http import require_safe

from . import views

app_name = "grants"

urlpatterns = [
    path("grants/", views.GrantRoundListView.as_view(), name="list"),
    path("grantees/<slug:slug>/", views.GranteeDetailView.as_view(), name="grantee"),
    path("budget/", views.BudgetView.as_view(), name="budget"),
    path("budget.csv", require_safe(views.budget_csv), name="budget-csv"),
]
