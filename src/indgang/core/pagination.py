"""Long lists, one page at a time: the site's one paginator and its template
(``templates/includes/pagination.html``, the design system's pagination)."""

from django.core.paginator import Page, Paginator

# Rows per page of the long lists (worklists, referrals, notifications, access log, ...).
PER_PAGE = 25
PAGE_PARAMETER = "side"


def paginate(request, rows, per_page: int = PER_PAGE) -> Page:
    """One page of ``rows`` (a queryset: two queries, whatever its length), the number
    from ``?side=``; a number out of range gives the nearest page. The page carries the
    request's other parameters (``query``), so the page links keep the filters, and the
    page numbers to link (``links``, with an ellipsis between distant ones)."""
    page = Paginator(rows, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    params = request.GET.copy()
    params.pop(PAGE_PARAMETER, None)
    page.query = params.urlencode()
    page.links = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
