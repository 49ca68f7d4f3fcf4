"""Public newsletter addresses, mounted at ``/newsletter/`` by ``practice_blog.urls``. None of
these pages belongs in a search engine."""

from django.urls import path

from practice_blog.core.robots import noindex

from . import views

app_name = "practice_blog_newsletter"

urlpatterns = [
    path("signup/", noindex(views.signup), name="signup"),
    path("thanks/", noindex(views.thanks), name="thanks"),
    path("confirm/<str:token>/", noindex(views.confirm), name="confirm"),
    path("confirmed/", noindex(views.confirmed), name="confirmed"),
    path("unsubscribe/<str:token>/", noindex(views.unsubscribe), name="unsubscribe"),
    path("unsubscribed/", noindex(views.unsubscribed), name="unsubscribed"),
]
