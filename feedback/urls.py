from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.FeedbackView.as_view(), name="form"),
    path("feedback/thanks/", views.ThanksView.as_view(), name="thanks"),
]
