"""The alert's pages: subscribe from the results, confirm, see and change, unsubscribe.

No login: the token in the link is the key. An unknown token is a 404.
"""

from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from indgang.catalog.public import Offer
from indgang.guide.alerts import services
from indgang.guide.alerts.forms import AlertForm, SubscribeForm
from indgang.guide.alerts.models import Alert
from indgang.guide.contact import back_to_results
from indgang.guide.forms import NeedsForm
from indgang.guide.views import facts_from_form


def _alert(token: str) -> Alert:
    alert = Alert.objects.filter(token=token).first()
    if alert is None:
        raise Http404
    return alert


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":  # a reload, or the language switch: back to the results
        return back_to_results(request.GET, "alert")
    query = QueryDict(request.POST["query"]) if "query" in request.POST else request.GET
    needs_form = NeedsForm(query)
    form = SubscribeForm(request.POST)
    if not needs_form.is_valid():
        return redirect("guide:start")
    if not form.is_valid():
        return render(
            request, "guide/alerts/subscribe.html", {"form": form, "query": query.urlencode()}
        )
    data = needs_form.cleaned_data
    services.subscribe(
        email=form.cleaned_data["email"],
        facts=facts_from_form(data),
        needs=data["needs"],
        text=data["text"],
    )
    return render(request, "guide/alerts/check_mail.html", {"email": form.cleaned_data["email"]})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    alert = _alert(token)
    if request.method == "POST":
        services.confirm(alert)
        return redirect("guide:alert", token=token)
    return render(request, "guide/alerts/confirm.html", {"alert": alert})


def _choices(alert: Alert) -> list[tuple[str, str]]:
    ids = [r.offer_id for r in services.matches(alert)]
    ids += [i for i in alert.followed if i not in ids]
    titles = dict(Offer.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [(i, titles[i]) for i in ids if i in titles]


@require_http_methods(["GET", "POST"])
def manage(request, token):
    alert = _alert(token)
    if alert.confirmed_at is None:
        return redirect("guide:alert_confirm", token=token)
    choices = _choices(alert)
    if request.method == "POST":
        form = AlertForm(request.POST, offer_choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            facts = services.facts_of(alert)
            facts.municipality_code = data["municipality"].code if data["municipality"] else None
            services.change(
                alert,
                facts=facts,
                needs=data["needs"],
                text=data["text"],
                followed=data["followed"],
            )
            return render(
                request,
                "guide/alerts/manage.html",
                {
                    "alert": alert,
                    "form": AlertForm(initial=_initial(alert), offer_choices=_choices(alert)),
                    "saved": True,
                },
            )
    else:
        services.touch(alert)
        form = AlertForm(initial=_initial(alert), offer_choices=choices)
    return render(request, "guide/alerts/manage.html", {"alert": alert, "form": form})


def _initial(alert: Alert) -> dict:
    from indgang.reference.public import municipalities

    return {
        "municipality": municipalities().filter(code=alert.municipality_code).first(),
        "text": alert.text,
        "needs": alert.needs,
        "followed": alert.followed,
    }


@csrf_exempt  # the token is the key; mail clients post RFC 8058's one-click unsubscribe
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    alert = Alert.objects.filter(token=token).first()
    if alert is not None:
        services.unsubscribe(alert)
    if request.method == "POST" and "List-Unsubscribe" in request.POST:
        return HttpResponse(status=204)
    return render(request, "guide/alerts/unsubscribed.html")
