from django.urls import path, register_converter

from articles import views


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class YearConverter(TwoDigitConverter):
    regex = "[0-9]{4}"

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(TwoDigitConverter, "dd")
register_converter(YearConverter, "yyyy")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
]
