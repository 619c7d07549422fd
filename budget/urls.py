from django.urls import path
from django.views.decorators.http import require_safe

from . import views

app_name = "budget"

urlpatterns = [
    path("budget/", views.BudgetView.as_view(), name="page"),
    path("budget.json", views.BudgetView.as_view(format="json"), name="json"),
    path("budget.csv", require_safe(views.budget_csv), name="csv"),
]
