"""The CRM's start page: the worklists of every sub-domain on one page, the first rows of
each, and each worklist whole, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from indgang.core.public import paginate
from indgang.crm.companies import selectors as companies_selectors
from indgang.crm.interactions import selectors as interactions_selectors
from indgang.crm.referrals import selectors as referrals_selectors
from indgang.crm.view_support import staff_viewer

# How many rows of each worklist the start page shows before "Show all".
FIRST = 10

# The worklists by their address: (title, rows for the viewer, kind of row).
WORKLISTS = {
    "henvisninger-til-mig": (
        _("Referrals waiting for me"),
        referrals_selectors.waiting_for_me,
        "referrals",
    ),
    "ubesvarede-henvisninger": (
        _("Referrals not answered in 5 working days"),
        referrals_selectors.unanswered_for_manager,
        "referrals",
    ),
    "prioriterede-uden-samtale": (
        _("Prioritised companies not offered a talk in three years"),
        companies_selectors.prioritised_without_talk,
        "companies",
    ),
    "mine-uden-kontakt": (
        _("My companies with no contact in a year"),
        companies_selectors.my_companies_without_contact,
        "quiet",
    ),
}


def _first(rows) -> tuple[list, bool]:
    """The first rows of a worklist, and whether there are more (one query)."""
    found = list(rows[: FIRST + 1])
    return found[:FIRST], len(found) > FIRST


@login_required
def home(request):
    viewer = staff_viewer(request)
    lists = {key: _first(rows_for(viewer)) for key, (_title, rows_for, _kind) in WORKLISTS.items()}
    context = {
        "waiting": lists["henvisninger-til-mig"][0],
        "waiting_more": lists["henvisninger-til-mig"][1],
        "unanswered": lists["ubesvarede-henvisninger"][0],
        "unanswered_more": lists["ubesvarede-henvisninger"][1],
        "prioritised": lists["prioriterede-uden-samtale"][0],
        "prioritised_more": lists["prioriterede-uden-samtale"][1],
        "quiet": lists["mine-uden-kontakt"][0],
        "quiet_more": lists["mine-uden-kontakt"][1],
        "notifications": referrals_selectors.notifications(viewer.person, unread_only=True)[:FIRST],
        "recent": interactions_selectors.recent_interactions(viewer, limit=15),
        "viewer": viewer,
    }
    return render(request, "crm/home.html", context)


@login_required
def worklist(request, name: str):
    viewer = staff_viewer(request)
    if name not in WORKLISTS:
        raise Http404
    title, rows_for, kind = WORKLISTS[name]
    page = paginate(request, rows_for(viewer))
    return render(
        request,
        "crm/worklist.html",
        {"title": title, "kind": kind, "rows": page.object_list, "page": page, "viewer": viewer},
    )
