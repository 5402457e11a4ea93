"""Public pages: published articles of public columns, served without login.

Read-only; nothing personal beyond what an article shows (its authors'
names): no member links, no member ids, no contact details.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tongxin.publicity import selectors
from tongxin.publicity.models import Article, Column


def _names(article: Article) -> str:
    return "、".join(a.member.name for a in article.author_links.all())


@require_GET
def column(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        col = selectors.public_column(slug=slug)
    except Column.DoesNotExist:
        raise Http404 from None
    articles = list(selectors.public_articles(column=col)[:100])
    for a in articles:
        a.byline = _names(a)
    return render(
        request,
        "publicity/public_column.html",
        {
            "column": col,
            "articles": articles,
            "columns": Column.objects.filter(is_public=True).order_by("order", "id"),
        },
    )


@require_GET
def article(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        a = selectors.public_article(pk=pk)
    except Article.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "publicity/public_article.html",
        {
            "article": a,
            "byline": _names(a),
            "column": a.column,
            "columns": Column.objects.filter(is_public=True).order_by("order", "id"),
        },
    )
