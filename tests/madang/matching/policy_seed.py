"""Matching objects for the generated permission tests.

Needs of Seoul's city hall (open and draft), of the district office located in Seoul (draft) and of Makati's city
hall (draft); solutions of the provider (published and not), of Seoul's and of Makati's city hall (unpublished);
matches whose other half is hidden from one side (an unpublished solution, a draft need).
"""

from madang.matching.models import Match, Need, Solution


def _need(world, slug, org, city, status):  # type: ignore[no-untyped-def]
    return Need.objects.create(
        organisation=world.orgs[org], city=world.places[city], language="en", title=f"Need {slug}",
        description=f"The {slug} need.", domain="mobility", evaluation_criteria="-", status=status,
    )  # fmt: skip


def _solution(world, slug, org, published):  # type: ignore[no-untyped-def]
    return Solution.objects.create(
        organisation=world.orgs[org], language="en", title=f"Solution {slug}", description=f"The {slug} solution.",
        domain="mobility", maturity="piloted", is_published=published,
    )  # fmt: skip


def seed(world):  # type: ignore[no-untyped-def]
    needs = {
        "same-open": _need(world, "same-open", "same", "seoul", "open_call"),
        "same-draft": _need(world, "same-draft", "same", "seoul", "draft"),
        "other-draft": _need(world, "other-draft", "other", "seoul", "draft"),
        "makati-draft": _need(world, "makati-draft", "makati", "makati", "draft"),
    }
    solutions = {
        "provider-published": _solution(world, "provider-published", "provider", True),
        "provider-hidden": _solution(world, "provider-hidden", "provider", False),
        "same-hidden": _solution(world, "same-hidden", "same", False),
        "makati-hidden": _solution(world, "makati-hidden", "makati", False),
    }
    pairs = [
        ("same-open", "provider-published", "shortlisted"),
        ("same-open", "provider-hidden", "interested"),
        ("same-draft", "provider-published", "shortlisted"),
        ("makati-draft", "makati-hidden", "shortlisted"),
    ]
    world.objects["needs"] = needs
    world.objects["solutions"] = solutions
    world.objects["matches"] = [
        Match.objects.create(need=needs[n], solution=solutions[s], state=state) for n, s, state in pairs
    ]
