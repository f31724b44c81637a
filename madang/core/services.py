"""Writes to the shared reference data: places, networks, organisations and memberships."""

from typing import Any

from django.db import transaction
from django.utils import translation

from .models import ImportRun, Membership, Network, Organisation, Place


def _names(raw: dict[str, Any]) -> tuple[str, dict[str, str]]:
    names = dict(raw.get("name") or {})
    if isinstance(raw.get("name"), str):
        names = {"en": raw["name"]}
    english = names.get("en") or next(iter(names.values()), raw.get("slug") or raw.get("code") or "")
    return english, {k: v for k, v in names.items() if k != "en" and v}


def _place_values(raw: dict[str, Any], parent: Place | None) -> dict[str, Any]:
    name, names = _names(raw)
    return {
        "name": name,
        "names": names,
        "parent": parent,
        "population": raw.get("population"),
        "population_year": raw.get("population_year"),
        "latitude": raw.get("lat"),
        "longitude": raw.get("lon"),
    }


@transaction.atomic
def reference_load(*, data: dict[str, Any]) -> dict[str, int]:
    """Create or update (by natural key) the countries, cities, districts, networks and organisations in `data`.

    Idempotent: loading the same data twice leaves one row per key.
    """
    counts = {"countries": 0, "cities": 0, "districts": 0, "networks": 0, "organisations": 0}
    for raw in data.get("countries", []):
        name, names = _names(raw)
        Place.objects.update_or_create(
            slug=raw.get("slug") or raw["code"].lower(),
            defaults={"kind": Place.Kind.COUNTRY, "code": raw["code"].upper(), "name": name, "names": names},
        )
        counts["countries"] += 1
    for raw in data.get("cities", []):
        country = Place.objects.get(kind=Place.Kind.COUNTRY, code=raw["country"].upper())
        Place.objects.update_or_create(
            slug=raw["slug"], defaults={"kind": Place.Kind.CITY, **_place_values(raw, country)}
        )
        counts["cities"] += 1
    for raw in data.get("districts", []):
        city = Place.objects.get(kind=Place.Kind.CITY, slug=raw["city"])
        Place.objects.update_or_create(
            slug=raw["slug"], defaults={"kind": Place.Kind.DISTRICT, **_place_values(raw, city)}
        )
        counts["districts"] += 1
    for raw in data.get("networks", []):
        name, names = _names(raw)
        Network.objects.update_or_create(
            slug=raw["slug"],
            defaults={
                "name": name,
                "names": names,
                "website": raw.get("website", ""),
                "description": raw.get("description", ""),
            },
        )
        counts["networks"] += 1
    for raw in data.get("organisations", []):
        name, names = _names(raw)
        org_city = Place.objects.filter(kind=Place.Kind.CITY, slug=raw.get("city") or "").first()
        org, _ = Organisation.objects.update_or_create(
            slug=raw["slug"],
            defaults={
                "name": name,
                "names": names,
                "kind": raw["kind"],
                "city": org_city,
                "governs": Place.objects.filter(slug=raw.get("governs") or "").exclude(kind=Place.Kind.COUNTRY).first(),
                "website": raw.get("website", ""),
            },
        )
        for network_slug in raw.get("networks", []):
            member_of = Network.objects.filter(slug=network_slug).first()
            if member_of is not None:
                Membership.objects.get_or_create(organisation=org, network=member_of)
        counts["organisations"] += 1
    for raw in data.get("networks", []):
        network = Network.objects.get(slug=raw["slug"])
        for org_slug in raw.get("members", []):
            member = Organisation.objects.filter(slug=org_slug).first()
            if member is not None:
                Membership.objects.get_or_create(organisation=member, network=network)
    return counts


def import_run_start(*, kind: str, upload: Any, by: Any, done_url: str, again_url: str) -> ImportRun:
    """Keep an upload (already checked against the size limit by its form) for the job that imports it."""
    return ImportRun.objects.create(
        kind=kind,
        created_by=by,
        language=translation.get_language() or "en",
        filename=str(upload.name)[:200],
        data=upload.read(),
        done_url=done_url,
        again_url=again_url,
    )
