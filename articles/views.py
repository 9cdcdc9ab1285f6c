"""Reader-facing pages. Every query starts from ``Article.objects.published()``."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from articles.models import Article, Author, Section


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().with_related()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        return get_object_or_404(Article.objects.published().with_related(), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class SectionView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().in_section(self.section).with_related()

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.section.name, intro=self.section.description, **kwargs)


class AuthorView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        articles = Article.objects.published().by_author(self.author).with_related()
        if not articles.exists():
            raise Http404("No published stories by this author")
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.author.name, intro=self.author.bio, **kwargs)
