"""The CRM's start page: the worklists of every sub-domain on one page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from indgang.crm.companies import selectors as companies_selectors
from indgang.crm.interactions import selectors as interactions_selectors
from indgang.crm.referrals import selectors as referrals_selectors
from indgang.crm.view_support import staff_viewer


@login_required
def home(request):
    viewer = staff_viewer(request)
    context = {
        "waiting": referrals_selectors.waiting_for_me(viewer)[:50],
        "unanswered": referrals_selectors.unanswered_for_manager(viewer)[:50],
        "prioritised": companies_selectors.prioritised_without_talk(viewer)[:50],
        "quiet": companies_selectors.my_companies_without_contact(viewer)[:50],
        "notifications": referrals_selectors.notifications(viewer.person, unread_only=True)[:20],
        "recent": interactions_selectors.recent_interactions(viewer, limit=15),
        "viewer": viewer,
    }
    return render(request, "crm/home.html", context)
