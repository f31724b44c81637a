"""Assessment pages anyone can read: frameworks, a place's scores, gaps, benchmarks; and the network view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from madang.core import roles
from madang.core.models import Network

from . import services
from .forms import BenchmarkForm
from .gaps import network_overview, place_gaps
from .models import Framework, Node, Value
from .policies import AssessedPlacePolicy, FrameworkPolicy, NetworkOverviewPolicy
from .quality import min_share
from .regions import REGION_NAMES, SIZE_NAMES
from .reports import benchmark, benchmark_peers, place_report
from .scoring import MIN_RANKED, framework_scores
from .selectors import (
    framework_get_for,
    framework_list_for,
    place_get,
    plan_list_for,
    tree_order,
    values_for,
    values_pending_for,
)

MAX_COMPARED = 8  # columns that stay readable side by side on a laptop; a phone scrolls the table


def home(request: HttpRequest) -> HttpResponse:
    frameworks = list(framework_list_for(user=request.user))
    pending = values_pending_for(user=request.user).count()
    can_add = FrameworkPolicy.allows(request.user, "add_framework")
    return render(request, "assessment/home.html", {
        "frameworks": frameworks, "pending": pending, "can_add": can_add,
        "can_review": AssessedPlacePolicy.allows(request.user, "review_values"),
        "plans": plan_list_for(user=request.user)[:10],
    })  # fmt: skip


def _ranking(framework: Framework, year: int | None, sort: str) -> list[dict[str, Any]]:
    """Every place with values in the year: those with an index score by rank, then those without by name."""
    scores = framework_scores(framework=framework)
    code = scores.index_code
    if year is None or code is None:
        return []
    ranked = len(scores.scored(year)) >= MIN_RANKED
    rows: list[dict[str, Any]] = [
        {"place": scores.places[u], "score": scores.score(year, u, code),
         "rank": scores.rank(year, u, code) if ranked else None, "coverage": scores.coverage_of(year, u, code),
         "example": scores.is_example(year, u)}
        for u in scores.units(year) if u in scores.places
    ]  # fmt: skip
    rows.sort(key=lambda r: r["place"].display_name().text)
    if sort != "name":
        rows.sort(key=lambda r: (r["score"] is None, r["rank"] or 0))
    return rows


def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug)
    scores = framework_scores(framework=framework)
    year_param = request.GET.get("year", "")
    year = int(year_param) if year_param.isdigit() and int(year_param) in scores.years else scores.default_year
    sort = "name" if request.GET.get("sort") == "name" else "rank"
    ranking = _ranking(framework, year, sort)
    return render(request, "assessment/framework_detail.html", {
        "framework": framework, "tree": tree_order(scores.nodes), "scores": scores, "year": year, "sort": sort,
        "ranking": ranking, "problems": scores.problems, "min_share": min_share(framework),
        "n_scored": sum(1 for r in ranking if r["score"] is not None),
        "example": any(r["example"] for r in ranking),
        "denominators": [n for n in scores.nodes if n.kind == Node.Kind.DENOMINATOR],
        "can_change": FrameworkPolicy.allows(request.user, "change_framework", framework),
        "can_submit": FrameworkPolicy.allows(request.user, "submit_to_framework", framework),
        "can_copy": FrameworkPolicy.allows(request.user, "copy_framework", framework),
    })  # fmt: skip


def place_detail(request: HttpRequest, slug: str, place: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug)
    where = place_get(framework=framework, slug=place)
    report = place_report(framework=framework, place=where)
    values = values_for(framework=framework, place=where, user=request.user)
    return render(request, "assessment/place_detail.html", {
        "framework": framework, "place": where, "report": report, "values": values[:500],
        "pending": values.filter(status=Value.Status.SUBMITTED).count(),
        "can_submit": AssessedPlacePolicy.allows(request.user, "submit_values", where),
        "plans": plan_list_for(user=request.user, city=where),
    })  # fmt: skip


def gaps(request: HttpRequest, slug: str, place: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug)
    where = place_get(framework=framework, slug=place)
    user = request.user
    can_draft = AssessedPlacePolicy.allows(user, "draft_need_from_gap", where) and user.has_perm("matching.add_need")
    return render(request, "assessment/gaps.html", {
        "framework": framework, "place": where, "gaps": place_gaps(framework=framework, place=where),
        "can_draft": can_draft,
    })  # fmt: skip


@login_required
@require_POST
def gap_need(request: HttpRequest, slug: str, place: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug)
    where = place_get(framework=framework, slug=place)
    AssessedPlacePolicy.require(request.user, "draft_need_from_gap", where)
    if not request.user.has_perm("matching.add_need"):
        raise PermissionDenied
    node = framework.nodes.filter(code=request.POST.get("node", ""), kind=Node.Kind.INDICATOR).first()
    if node is None:
        return HttpResponseBadRequest()  # the page's form always names an indicator of this framework
    need = services.need_from_gap(framework=framework, place=where, node=node, by=request.user)  # type: ignore[arg-type]
    return redirect(reverse("matching:need-edit", args=[need.pk]))


def benchmark_view(request: HttpRequest, slug: str) -> HttpResponse:
    framework = framework_get_for(user=request.user, slug=slug)
    scores = framework_scores(framework=framework)
    units = sorted(scores.places.values(), key=lambda p: p.display_name().text)
    form = BenchmarkForm(request.GET or None, places=[(p.slug, p.display_name().text) for p in units],
                         years=scores.years)  # fmt: skip
    chosen: list[str] = []
    year = scores.default_year
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["places"]
        year = form.cleaned_data["year"] or year
    peers_of = scores.places.get(request.GET.get("peers_of", ""))
    peers = None
    if peers_of is not None and year is not None:
        # From a place's page: the place and its peers, closest first, as a starting point the reader changes.
        peers = benchmark_peers(scores=scores, place=peers_of, year=year, limit=MAX_COMPARED - 1)
        chosen = [peers_of.slug, *[p.slug for p in peers.chosen]]
    if not chosen and year is not None:
        ranked = _ranking(framework, year, "rank")
        chosen = [r["place"].slug for r in ranked if r["score"] is not None][:4]
    # More than fit are not dropped in silence: the page names the ones left out and keeps them ticked to untick.
    shown, left_out = chosen[:MAX_COMPARED], chosen[MAX_COMPARED:]
    result = benchmark(framework=framework, slugs=shown, year=year)
    return render(request, "assessment/benchmark.html", {
        "framework": framework, "form": form, "bench": result, "max_compared": MAX_COMPARED,
        "checked": set(chosen), "left_out": [scores.places[s] for s in left_out if s in scores.places],
        "n_chosen": len(chosen), "peers_of": peers_of, "peers": peers,
    })  # fmt: skip


@login_required
def network_view(request: HttpRequest) -> HttpResponse:
    """An admin's own network (another one chosen in the address is not found); a superuser chooses any."""
    user = request.user
    NetworkOverviewPolicy.require(user, "view_network_overview")
    shown = NetworkOverviewPolicy.queryset(user, "view_network_overview", Network.objects.order_by("name"))
    slug = request.GET.get("network", "")
    network = NetworkOverviewPolicy.get(user, "view_network_overview", slug=slug) if slug else None
    own = roles.admin_network_ids(user)
    if network is None and own:
        network = shown.filter(pk__in=own).order_by("name").first()
    if network is None:
        network = shown.order_by("id").first()
    if network is None:
        raise Http404
    networks = list(shown)
    return render(request, "assessment/network.html", {
        "overview": network_overview(network=network), "region_names": REGION_NAMES, "size_names": SIZE_NAMES,
        "networks": networks if len(networks) > 1 else [],
    })  # fmt: skip
