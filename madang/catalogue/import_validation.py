"""Row validation for initiative imports: turns raw records into CleanRecords or RowErrors."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from madang.core.i18n import CONTENT_LANGUAGES
from madang.core.imports import RowError
from madang.core.models import Organisation, Place

from .importing import SLUG_RE, CleanRecord, _url
from .models import SUMMARY_MAX, Domain, FundingModel, Group, Initiative, Origin, PartnerRole, Stage


class Lookups:
    """Everything a row can refer to, loaded once so 10,000 rows cost a handful of queries."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        records = list(records)
        city_slugs = {str(r.get("city") or "") for r in records} | {str(r.get("district") or "") for r in records}
        self.places = {p.slug: p for p in Place.objects.filter(slug__in=city_slugs)}
        org_slugs = {str(r.get("owner") or "") for r in records}
        for r in records:
            for p in r.get("partners") or []:
                if isinstance(p, dict):
                    org_slugs.add(str(p.get("organisation") or ""))
        self.orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=org_slugs)}
        slugs = [str(r.get("slug") or "") for r in records]
        self.existing = {
            i.slug: i for i in Initiative.objects.filter(slug__in=slugs).only("id", "slug", "owner_id", "is_published")
        }


def _int(value: Any, lo: int, hi: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError as exc:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from exc
    if not lo <= number <= hi:
        raise ValueError(_("%(value)s is outside %(lo)d-%(hi)d.") % {"value": number, "lo": lo, "hi": hi})
    return number


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from exc
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    return number


def _check_url(value: str) -> None:
    try:
        _url(value)
    except ValidationError as exc:
        raise ValueError(_("“%(value)s” is not a web address (http or https).") % {"value": value}) from exc


class RowValidator:
    def __init__(self, *, lookups: Lookups, owner_org: Organisation | None, restrict_owner: bool) -> None:
        self.lookups = lookups
        self.owner_org = owner_org
        # Editors may only import their own organisation's entries; staff and the command may import any.
        self.restrict_owner = restrict_owner
        self.seen: dict[str, int] = {}

    def clean(self, row: int, raw: Any) -> tuple[CleanRecord | None, list[RowError]]:
        errors: list[RowError] = []

        def err(column: str, message: str) -> None:
            errors.append(RowError(row, column, message))

        if not isinstance(raw, dict):
            err("", _("Expected an object with the initiative's fields."))
            return None, errors

        def field(column: str, convert: Any, *args: Any) -> Any:
            try:
                return convert(raw.get(column), *args)
            except ValueError as exc:
                err(column, str(exc))
                return None

        slug = str(raw.get("slug") or "").strip()
        if not slug:
            err("slug", _("A slug is required."))
        elif not SLUG_RE.match(slug):
            err("slug", _("Use only lower-case letters, digits and hyphens (at most 120)."))
        elif slug in self.seen:
            err("slug", _("Duplicate of row %(row)d.") % {"row": self.seen[slug]})
        else:
            self.seen[slug] = row

        lang = str(raw.get("original_language") or "").strip()
        if lang not in CONTENT_LANGUAGES:
            err(
                "original_language",
                _("“%(value)s” is not one of: %(choices)s.") % {"value": lang, "choices": ", ".join(CONTENT_LANGUAGES)},
            )

        translations: dict[str, dict[str, str]] = {}
        raw_tr = raw.get("translations") or {}
        if not isinstance(raw_tr, dict):
            err("translations", _("Expected an object keyed by language."))
            raw_tr = {}
        for tl, content in raw_tr.items():
            col = f"translations.{tl}"
            if tl not in CONTENT_LANGUAGES or not isinstance(content, dict):
                err(
                    col,
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": tl, "choices": ", ".join(CONTENT_LANGUAGES)},
                )
                continue
            title = str(content.get("title") or "").strip()
            summary = str(content.get("summary") or "").strip()
            origin = str(content.get("origin") or ("human" if tl == lang else "machine")).strip()
            if not title:
                err(f"title_{tl}", _("A title is required."))
            elif len(title) > 200:
                err(f"title_{tl}", _("At most %(n)d characters.") % {"n": 200})
            if not summary:
                err(f"summary_{tl}", _("A summary is required."))
            elif len(summary) > SUMMARY_MAX:
                err(
                    f"summary_{tl}",
                    _("The summary has %(len)d characters; at most %(n)d.") % {"len": len(summary), "n": SUMMARY_MAX},
                )
            if origin not in Origin.values:
                err(
                    f"origin_{tl}",
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": origin, "choices": ", ".join(Origin.values)},
                )
            translations[tl] = {
                "title": title,
                "summary": summary,
                "body": str(content.get("body") or "").strip(),
                "origin": origin,
            }
        if lang in CONTENT_LANGUAGES and lang not in translations:
            err(f"title_{lang}", _("The original language needs a title and a summary."))

        def choice(column: str, choices: list[str], required: bool = True) -> str:
            value = str(raw.get(column) or "").strip()
            if (value or required) and value not in choices:
                err(
                    column,
                    _("“%(value)s” is not one of: %(choices)s.") % {"value": value, "choices": ", ".join(choices)},
                )
            return value

        domain = choice("domain", Domain.values)
        stage = choice("stage", Stage.values)
        funding = choice("funding_model", FundingModel.values, required=False)

        city = self.lookups.places.get(str(raw.get("city") or "").strip())
        if city is None or city.kind != Place.Kind.CITY:
            err("city", _("Unknown city “%(value)s”.") % {"value": raw.get("city") or ""})
        district = None
        if raw.get("district"):
            district = self.lookups.places.get(str(raw["district"]).strip())
            if district is None or district.kind != Place.Kind.DISTRICT or (city and district.parent_id != city.id):
                err("district", _("Unknown district “%(value)s” in this city.") % {"value": raw["district"]})

        partners: list[tuple[Organisation, str]] = []
        for p in raw.get("partners") or []:
            p = p if isinstance(p, dict) else {}
            org = self.lookups.orgs.get(str(p.get("organisation") or ""))
            role = str(p.get("role") or "")
            if org is None:
                err("partners", _("Unknown organisation “%(value)s”.") % {"value": p.get("organisation") or ""})
            elif role not in PartnerRole.values:
                err(
                    "partners",
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": role, "choices": ", ".join(PartnerRole.values)},
                )
            elif (org, role) not in partners:
                partners.append((org, role))

        owner = self.owner_for(raw, partners, err)
        existing = self.lookups.existing.get(slug)
        if self.restrict_owner and existing is not None and owner and existing.owner_id != owner.id:
            err("slug", _("“%(value)s” belongs to another organisation.") % {"value": slug})

        start = field("start_year", _int, 1950, 2100)
        end = field("end_year", _int, 1950, 2100)
        if start and end and end < start:
            err("end_year", _("The end year is before the start year."))
        budget = field("budget_amount", _decimal)
        if budget is not None and budget < 0:
            err("budget_amount", _("The budget cannot be negative."))
        currency = str(raw.get("budget_currency") or "").strip().upper()
        if currency and (len(currency) != 3 or not currency.isalpha()):
            err("budget_currency", _("Use a three-letter ISO 4217 code such as KRW."))

        groups = [str(g).strip() for g in raw.get("groups_served") or []]
        for g in groups:
            if g not in Group.Code.values:
                err(
                    "groups_served",
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": g, "choices": ", ".join(Group.Code.values)},
                )
        sdgs: list[int] = []
        for s in raw.get("sdgs") or []:
            try:
                number = _int(s, 1, 17)
            except ValueError as exc:
                err("sdgs", str(exc))
                continue
            if number is not None and number not in sdgs:
                sdgs.append(number)

        sources: list[tuple[str, str]] = []
        for s in raw.get("sources") or []:
            s = s if isinstance(s, dict) else {"url": s}
            url = str(s.get("url") or "").strip()
            try:
                _check_url(url)
                sources.append((str(s.get("title") or "").strip()[:300], url))
            except ValueError as exc:
                err("sources", str(exc))

        outcomes = self.clean_outcomes(raw.get("outcomes"), err)
        last_verified = None
        if raw.get("last_verified"):
            try:
                last_verified = dt.date.fromisoformat(str(raw["last_verified"]).strip())
            except ValueError:
                err("last_verified", _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw["last_verified"]})

        tags = sorted({str(t).strip()[:60] for t in raw.get("tags") or [] if str(t).strip()})
        if errors:
            return None, errors
        assert city is not None and owner is not None
        return CleanRecord(
            row=row,
            slug=slug,
            original_language=lang,
            translations=translations,
            domain=domain,
            tags=tags,
            city=city,
            district=district,
            owner=owner,
            partners=partners,
            stage=stage,
            start_year=start,
            end_year=end,
            budget_amount=budget,
            budget_currency=currency,
            funding_model=funding,
            groups_served=groups,
            sdgs=sdgs,
            sources=sources,
            outcomes=outcomes,
            last_verified=last_verified,
        ), []

    def owner_for(self, raw: dict[str, Any], partners: list[tuple[Organisation, str]], err: Any) -> Organisation | None:
        if raw.get("owner"):
            owner = self.lookups.orgs.get(str(raw["owner"]))
            if owner is None:
                err("owner", _("Unknown organisation “%(value)s”.") % {"value": raw["owner"]})
                return None
        else:
            leads = [org for org, role in partners if role == PartnerRole.LEAD] or [org for org, _r in partners]
            owner = leads[0] if leads else self.owner_org
        if self.restrict_owner:
            if owner is not None and self.owner_org is not None and owner.id != self.owner_org.id:
                err("owner", _("You can only import your own organisation's initiatives."))
                return None
            owner = self.owner_org
        if owner is None:
            err("owner", _("Name an owner organisation or a lead partner."))
        return owner

    def clean_outcomes(self, raw: Any, err: Any) -> list[dict[str, Any]]:
        if raw is None:
            err("outcomes", _("Outcomes must be a JSON list."))
            return []
        clean: list[dict[str, Any]] = []
        for o in raw if isinstance(raw, list) else []:
            if not isinstance(o, dict) or not str(o.get("indicator") or "").strip():
                err("outcomes", _("Every outcome needs an indicator."))
                continue
            try:
                item = {
                    "indicator": str(o["indicator"]).strip()[:200],
                    "baseline": _decimal(o.get("baseline")),
                    "result": _decimal(o.get("result")),
                    "unit": str(o.get("unit") or "").strip()[:40],
                    "year": _int(o.get("year"), 1900, 2100),
                    "source": str(o.get("source") or "").strip(),
                }
                if item["source"]:
                    _check_url(str(item["source"]))
            except ValueError as exc:
                err("outcomes", str(exc))
                continue
            clean.append(item)
        return clean
