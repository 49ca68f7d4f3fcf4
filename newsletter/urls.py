"""Public newsletter addresses, mounted at ``/newsletter/`` by the site's URL configuration."""

from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("thanks/", views.thanks, name="thanks"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirmed/", views.confirmed, name="confirmed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribed/", views.unsubscribed, name="unsubscribed"),
]
