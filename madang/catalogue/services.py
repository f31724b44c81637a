"""Writes to the catalogue. Views and commands call these; nothing else writes initiatives."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from madang.accounts.models import User
from madang.core import roles
from madang.core.imports import ImportFailed, RowError
from madang.core.models import Organisation
from madang.notifications import events as notices

from .import_validation import Lookups, RowValidator
from .importing import CleanRecord, ImportReport, parse
from .models import Group, Initiative, InitiativeTranslation, Outcome, Partnership, SourceLink, Tag
from .policies import InitiativePolicy
from .signals import initiatives_changed

SCALAR_FIELDS = (
    "original_language",
    "domain",
    "city",
    "district",
    "owner",
    "stage",
    "start_year",
    "end_year",
    "budget_amount",
    "budget_currency",
    "funding_model",
    "sdgs",
    "last_verified",
)


# How often a long import tells its page how far it has got (a write per this many rows).
PROGRESS_EVERY = 500


def _row_permission_errors(clean: list[CleanRecord], existing: dict[str, Initiative], *, by: User) -> list[RowError]:
    """Each row is an edit of the entry it names, asked of the same rule as the edit page: the person must be allowed
    to change the entry as it is now (its current owner), and to own it as the row says. Moving an entry to another
    organisation is for staff only: without this, a row could take over another organisation's published entry."""
    errors = []
    for record in clean:
        current = existing.get(record.slug)
        if current is not None and (
            current.owner_id != record.owner.id or not by.has_perm("catalogue.change_initiative", current)
        ):
            errors.append(
                RowError(record.row, "slug", _("“%(value)s” belongs to another organisation.") % {"value": record.slug})
            )
        elif not InitiativePolicy.allows(by, "change_initiative", Initiative(owner=record.owner)):
            errors.append(
                RowError(
                    record.row,
                    "owner",
                    _("“%(value)s” is not a member of your network.") % {"value": record.owner.slug},
                )
            )
    return errors


def initiatives_import(
    *,
    data: bytes,
    fmt: str,
    by: User | None,
    publish: bool = False,
    owner: Organisation | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate every row, then write all of them in one transaction, or nothing.

    `by=None` is the management command (trusted, any owner). A user who is not staff may only import
    entries owned by their own organisation, and only network admins (or the command) may publish.
    """
    if by is not None and not by.has_perm("catalogue.import_initiatives"):
        raise PermissionDenied
    # An editor of one organisation (and no network) imports that organisation's entries; an editor of several
    # names the owner on every row, and each row's owner is checked below as the edit page would.
    edits = sorted(roles.editor_org_ids(by)) if by is not None else []
    restrict = by is not None and not roles.is_superuser(by) and not roles.network_org_ids(by) and len(edits) <= 1
    owner_org = owner or (Organisation.objects.get(pk=edits[0]) if len(edits) == 1 else None)
    records = parse(data, fmt)
    lookups = Lookups(r for _, r in records)
    validator = RowValidator(lookups=lookups, owner_org=owner_org, restrict_owner=restrict)
    clean: list[CleanRecord] = []
    errors: list[RowError] = []
    for done, (row, raw) in enumerate(records):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(records))
        record, row_errors = validator.clean(row, raw)
        errors.extend(row_errors)
        if record is not None:
            clean.append(record)
    if by is not None:
        errors.extend(_row_permission_errors(clean, lookups.existing, by=by))
    if errors:
        raise ImportFailed(errors)
    if not clean:
        raise ImportFailed([RowError(0, "", _("The file holds no initiatives."))])
    may_publish = publish and (
        by is None or all(InitiativePolicy.allows(by, "publish_initiative", Initiative(owner=r.owner)) for r in clean)
    )
    report = _write(clean, lookups.existing, by=by, publish=may_publish)
    initiatives_changed.send(sender=Initiative, sync=False)
    return report


@transaction.atomic
def _write(
    records: list[CleanRecord], existing: dict[str, Initiative], *, by: User | None, publish: bool
) -> ImportReport:
    report = ImportReport()
    to_create: list[Initiative] = []
    to_update: list[Initiative] = []
    for rec in records:
        values = {f: getattr(rec, f) for f in SCALAR_FIELDS}
        if rec.slug in existing:
            obj = existing[rec.slug]
            for key, value in values.items():
                setattr(obj, key, value)
            if publish:
                obj.is_published = True
            to_update.append(obj)
        else:
            to_create.append(Initiative(slug=rec.slug, created_by=by, is_published=publish, **values))
    Initiative.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Initiative.objects.bulk_update(to_update, [*SCALAR_FIELDS, "is_published", "updated_at"], batch_size=500)
        ids = [i.id for i in to_update]
        for model in (InitiativeTranslation, Partnership, Outcome, SourceLink):
            model.objects.filter(initiative_id__in=ids).delete()
        Initiative.tags.through.objects.filter(initiative_id__in=ids).delete()
        Initiative.groups_served.through.objects.filter(initiative_id__in=ids).delete()
    by_slug = {i.slug: i for i in (*to_create, *to_update)}
    if any(i.pk is None for i in to_create):  # databases without RETURNING on bulk insert
        by_slug.update(Initiative.objects.filter(slug__in=[i.slug for i in to_create]).in_bulk(field_name="slug"))
    _write_children(records, by_slug)
    report.created, report.updated = len(to_create), len(to_update)
    return report


def _write_children(records: list[CleanRecord], by_slug: dict[str, Initiative]) -> None:
    tag_names = {t for r in records for t in r.tags}
    Tag.objects.bulk_create([Tag(name=n) for n in tag_names], ignore_conflicts=True, batch_size=500)
    tags = dict(Tag.objects.filter(name__in=tag_names).values_list("name", "id"))
    groups = dict(Group.objects.values_list("code", "id"))
    translations, partners, outcomes, sources, tag_links, group_links = [], [], [], [], [], []
    TagLink, GroupLink = Initiative.tags.through, Initiative.groups_served.through
    for rec in records:
        initiative = by_slug[rec.slug]
        translations += [
            InitiativeTranslation(initiative=initiative, language=lang, **content)
            for lang, content in rec.translations.items()
        ]
        partners += [Partnership(initiative=initiative, organisation=org, role=role) for org, role in rec.partners]
        outcomes += [Outcome(initiative=initiative, **o) for o in rec.outcomes]
        sources += [SourceLink(initiative=initiative, title=title, url=url) for title, url in rec.sources]
        tag_links += [TagLink(initiative_id=initiative.pk, tag_id=tags[t]) for t in rec.tags]
        group_links += [GroupLink(initiative_id=initiative.pk, group_id=groups[g]) for g in set(rec.groups_served)]
    for model, rows in (
        (InitiativeTranslation, translations),
        (Partnership, partners),
        (Outcome, outcomes),
        (SourceLink, sources),
        (TagLink, tag_links),
        (GroupLink, group_links),
    ):
        model.objects.bulk_create(rows, batch_size=500)  # type: ignore[arg-type]


def initiative_publish(*, initiative: Initiative, by: User, published: bool = True) -> Initiative:
    if not by.has_perm("catalogue.publish_initiative", initiative):
        raise PermissionDenied
    initiative.is_published = published
    initiative.save(update_fields=["is_published", "updated_at"])
    notices.initiative_published(initiative=initiative, by=by, published=published)
    return initiative


def _set_children(
    initiative: Initiative,
    *,
    translations: dict[str, dict[str, str]],
    tags: Iterable[str],
    groups_served: Iterable[str],
    partners: Iterable[tuple[Organisation, str]] | None,
    outcomes: Iterable[dict[str, Any]] | None,
    sources: Iterable[tuple[str, str]] | None,
) -> None:
    for lang, content in translations.items():
        if content.get("title") or content.get("summary"):
            InitiativeTranslation.objects.update_or_create(initiative=initiative, language=lang, defaults=content)
        else:
            InitiativeTranslation.objects.filter(initiative=initiative, language=lang).delete()
    tag_objs = [Tag.objects.get_or_create(name=t.strip()[:60])[0] for t in tags if t.strip()]
    initiative.tags.set(tag_objs)
    initiative.groups_served.set(Group.objects.filter(code__in=list(groups_served)))
    # None leaves a list as it is; an empty list clears it.
    if partners is not None:
        initiative.partnerships.all().delete()
        Partnership.objects.bulk_create(
            [Partnership(initiative=initiative, organisation=o, role=r) for o, r in dict.fromkeys(partners)]
        )
    if outcomes is not None:
        initiative.outcomes.all().delete()
        Outcome.objects.bulk_create([Outcome(initiative=initiative, **o) for o in outcomes])
    if sources is not None:
        initiative.sources.all().delete()
        SourceLink.objects.bulk_create([SourceLink(initiative=initiative, title=t, url=u) for t, u in sources])


@transaction.atomic
def initiative_create(
    *,
    by: User,
    owner: Organisation,
    translations: dict[str, dict[str, str]],
    tags: Iterable[str] = (),
    groups_served: Iterable[str] = (),
    partners: Iterable[tuple[Organisation, str]] | None = None,
    outcomes: Iterable[dict[str, Any]] | None = None,
    sources: Iterable[tuple[str, str]] | None = None,
    **fields: Any,
) -> Initiative:
    if not by.has_perm("catalogue.add_initiative"):
        raise PermissionDenied
    initiative = Initiative(owner=owner, created_by=by, is_published=False, **fields)
    if not by.has_perm("catalogue.change_initiative", initiative):
        raise PermissionDenied
    initiative.full_clean(exclude=["tags", "groups_served", "partners"])
    initiative.save()
    _set_children(
        initiative,
        translations=translations,
        tags=tags,
        groups_served=groups_served,
        partners=partners,
        outcomes=outcomes,
        sources=sources,
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    by: User,
    translations: dict[str, dict[str, str]],
    tags: Iterable[str] = (),
    groups_served: Iterable[str] = (),
    partners: Iterable[tuple[Organisation, str]] | None = None,
    outcomes: Iterable[dict[str, Any]] | None = None,
    sources: Iterable[tuple[str, str]] | None = None,
    **fields: Any,
) -> Initiative:
    if not by.has_perm("catalogue.change_initiative", initiative):
        raise PermissionDenied
    fields.pop("owner", None)  # ownership never moves through an edit form
    for key, value in fields.items():
        setattr(initiative, key, value)
    initiative.full_clean(exclude=["tags", "groups_served", "partners"])
    initiative.save()
    _set_children(
        initiative,
        translations=translations,
        tags=tags,
        groups_served=groups_served,
        partners=partners,
        outcomes=outcomes,
        sources=sources,
    )
    return initiative
