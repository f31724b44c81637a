"""Writes for assessment: values (one, an upload, a self-assessment), validation, frameworks, needs from gaps."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engines.composite import IndicatorTree, MetaError
from madang.accounts.models import NetworkAdmin, User
from madang.core import roles
from madang.core.imports import ImportFailed, Progress, RowError
from madang.core.models import Network, Organisation, Place
from madang.matching.models import Need
from madang.matching.services import need_save
from madang.notifications import events as notices

from .gaps import gap_need_initial
from .models import Framework, Node, Value
from .policies import AssessedPlacePolicy, FrameworkPolicy, ValuePolicy
from .quality import range_problem, source_date_problem
from .uploads import META_COLUMNS, VALUE_COLUMNS, read_table

THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
PROGRESS_EVERY = 500  # rows between two progress reports to a large upload's page
KINDS = {"indicator": Node.Kind.INDICATOR, "aggregate": Node.Kind.AGGREGATE, "denominator": Node.Kind.DENOMINATOR}


@dataclass
class UploadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # validated already, and the file gives the same value, source and date

    def summary(self) -> str:
        """What the upload page (a small file) and the import's page (a large one) say when it is done."""
        done = _("%(created)d new and %(updated)d changed values are saved and wait for validation.") % {
            "created": self.created, "updated": self.updated}  # fmt: skip
        if self.unchanged:
            done += " " + _("%(unchanged)d validated values were given again unchanged and stay validated.") % {
                "unchanged": self.unchanged}  # fmt: skip
        return done


def _may_submit(by: User, place: Place) -> None:
    if not AssessedPlacePolicy.allows(by, "submit_values", place):
        raise PermissionDenied


def _require_framework(by: User, action: str, framework: Framework | None = None) -> None:
    if not FrameworkPolicy.allows(by, action, framework):
        raise PermissionDenied


def _same(existing: Value, value: float, source: str, source_date: dt.date) -> bool:
    return (existing.value, existing.source, existing.source_date) == (value, source, source_date)


def _refused_change(existing: Value | None, by: User, value: float, source: str, source_date: dt.date) -> bool:
    """Writing again over a validated value would put it back to waiting: only its validators may do that. The
    same value given again (a file uploaded once more) changes nothing and is no change to refuse."""
    if existing is None or ValuePolicy.allows(by, "change_value", existing):
        return False
    return not _same(existing, value, source, source_date)


def _validated_message() -> str:
    return _("This value is validated: only a network admin can change it now.")


def _check_value(node: Node, value: float) -> None:
    if math.isnan(value) or math.isinf(value):
        raise ValidationError({"value": _("Enter a number.")})
    self_assessed = node.framework.kind == Framework.Kind.SELF_ASSESSMENT and node.kind == Node.Kind.INDICATOR
    if self_assessed and value not in (1, 2, 3, 4, 5):
        raise ValidationError({"value": _("Answer with a level from 1 to 5.")})
    if (problem := range_problem(node, value)) is not None:
        raise ValidationError({"value": problem})


def _check_source_date(source_date: dt.date) -> None:
    if (problem := source_date_problem(source_date)) is not None:
        raise ValidationError({"source_date": problem})


def _upsert(
    node: Node,
    place: Place,
    year: int,
    value: float,
    source: str,
    source_date: dt.date,
    by: User,
    existing: Value | None,
) -> bool | None:
    """Write one value as submitted (again); True when it is new, None when it is validated and given unchanged.
    The caller has checked that `by` may change the `existing` value (_refused_change)."""
    if existing is not None and existing.status == Value.Status.VALIDATED and _same(existing, value, source,
                                                                                     source_date):  # fmt: skip
        return None
    _, created = Value.objects.update_or_create(
        node=node, place=place, year=year,
        defaults={"value": value, "source": source, "source_date": source_date, "status": Value.Status.SUBMITTED,
                  "submitted_by": by, "reviewed_by": None, "reviewed_at": None, "review_note": "",
                  "is_example": False},
    )  # fmt: skip
    return created


@transaction.atomic
def value_submit(
    *, node: Node, place: Place, year: int, value: float, source: str, source_date: dt.date, by: User
) -> Value:
    """Submit (or resubmit) one value; it waits for a network admin before it counts in the scores."""
    _may_submit(by, place)
    if node.kind == Node.Kind.AGGREGATE:
        raise ValidationError(_("Aggregates are computed, not entered."))
    _check_value(node, value)
    _check_source_date(source_date)
    if not source.strip() and node.framework.kind == Framework.Kind.INDEX:
        raise ValidationError({"source": _("Say where the value comes from.")})
    existing = Value.objects.filter(node=node, place=place, year=year).first()
    if _refused_change(existing, by, value, source.strip(), source_date):
        raise ValidationError({"value": _validated_message()})
    _upsert(node, place, year, value, source.strip(), source_date, by, existing)
    return Value.objects.get(node=node, place=place, year=year)


def _parse_float(text: str) -> float | None:
    """A number with a decimal dot; commas only as thousands separators ("1,200"), never as a decimal comma."""
    text = text.strip()
    if "," in text:
        if not THOUSANDS.match(text):
            return None
        text = text.replace(",", "")
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return None if value is None or math.isnan(value) or math.isinf(value) else value


def values_import(
    *, framework: Framework, data: bytes, filename: str, by: User, progress: Progress | None = None
) -> UploadReport:
    """All or nothing: every row is checked (place, indicator, year, number, source, date, permission) before
    anything is written; ImportFailed lists every problem with its row. The rows are checked outside the writing
    transaction, so that `progress(done, total)` (called every PROGRESS_EVERY rows) is seen by the import's page."""
    rows = read_table(data, filename, VALUE_COLUMNS)
    nodes = {n.code: n for n in framework.data.nodes.exclude(kind=Node.Kind.AGGREGATE).select_related("framework")}
    places = {p.slug: p for p in Place.objects.filter(kind=framework.unit_kind)}
    slugs = {row["place"] for _line, row in rows}
    validated = {(v.node_id, v.place_id, v.year): v for v in Value.objects.filter(
        node__framework=framework.data, place__slug__in=slugs, status=Value.Status.VALIDATED)}  # fmt: skip
    allowed: dict[str, bool] = {}
    errors: list[RowError] = []
    clean: list[_CleanValue] = []
    seen: dict[tuple[str, str, int], int] = {}
    this_year = timezone.localdate().year
    for done, (line, row) in enumerate(rows):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(rows))
        problems = len(errors)
        place = places.get(row["place"])
        if place is None:
            errors.append(RowError(line, "place", _("No place with the code “%(code)s” is assessed here.")
                                   % {"code": row["place"]}))  # fmt: skip
        elif allowed.setdefault(place.slug, AssessedPlacePolicy.allows(by, "submit_values", place)) is False:
            errors.append(RowError(line, "place", _("You may not submit values for %(place)s.") % {"place": place}))
        node = nodes.get(row["indicator"])
        if node is None:
            errors.append(RowError(line, "indicator", _("“%(code)s” is not an indicator of this framework.")
                                   % {"code": row["indicator"]}))  # fmt: skip
        year = int(row["year"]) if row["year"].isdigit() else None
        if year is None or not 1900 <= year <= this_year + 1:
            errors.append(RowError(line, "year", _("Write the year as four digits, e.g. 2024.")))
        value = _parse_float(row["value"])
        if value is None:
            errors.append(RowError(line, "value", _("Enter a number (use a dot for decimals).")))
        elif node is not None:
            try:
                _check_value(node, value)
            except ValidationError as exc:
                errors.extend(RowError(line, "value", str(m)) for m in exc.messages)
        source = row["source"].strip()
        if not source and framework.kind == Framework.Kind.INDEX:
            errors.append(RowError(line, "source", _("Say where the value comes from.")))
        source_date: dt.date | None = None
        try:
            source_date = dt.date.fromisoformat(row["source_date"])
        except ValueError:
            errors.append(RowError(line, "source_date", _("Write the date as YYYY-MM-DD.")))
        if source_date is not None and (problem := source_date_problem(source_date)) is not None:
            errors.append(RowError(line, "source_date", problem))
        if place is not None and node is not None and year is not None:
            key = (place.slug, node.code, year)
            if key in seen:
                errors.append(RowError(line, "", _("Row %(row)d already gives this value.") % {"row": seen[key]}))
            seen[key] = line
            existing = validated.get((node.pk, place.pk, year))
            if (
                value is not None
                and source_date is not None
                and allowed.get(place.slug)
                and _refused_change(existing, by, value, source, source_date)
            ):
                errors.append(RowError(line, "value", _validated_message()))
        if len(errors) == problems:  # so place, node, year, value and source_date are this row's, all checked
            clean.append(_CleanValue(line, node, place, year, value, source, source_date))  # type: ignore[arg-type]
    if not rows:
        errors.append(RowError(0, "", _("The file has no rows.")))
    if errors:
        raise ImportFailed(errors)
    return _values_write(clean, by)


@dataclass(frozen=True)
class _CleanValue:
    line: int
    node: Node
    place: Place
    year: int
    value: float
    source: str
    source_date: dt.date


@transaction.atomic
def _values_write(clean: list[_CleanValue], by: User) -> UploadReport:
    """Write the checked rows, or none. A value may have been validated while a large file was being checked:
    what is validated is read again (and locked) here, and a row that would now change one refuses the file."""
    validated = {(v.node_id, v.place_id, v.year): v for v in Value.objects.select_for_update().filter(
        node_id__in={c.node.pk for c in clean}, place_id__in={c.place.pk for c in clean},
        status=Value.Status.VALIDATED)}  # fmt: skip
    refused = [RowError(c.line, "value", _validated_message()) for c in clean if _refused_change(
        validated.get((c.node.pk, c.place.pk, c.year)), by, c.value, c.source, c.source_date)]  # fmt: skip
    if refused:
        raise ImportFailed(refused)
    report = UploadReport()
    for c in clean:
        existing = validated.get((c.node.pk, c.place.pk, c.year))
        created = _upsert(c.node, c.place, c.year, c.value, c.source, c.source_date, by, existing)
        if created is None:
            report.unchanged += 1
        elif created:
            report.created += 1
        else:
            report.updated += 1
    return report


@transaction.atomic
def self_assessment_submit(
    *, framework: Framework, place: Place, year: int, answers: dict[Node, tuple[int, str]], by: User
) -> int:
    """A city's answers (level 1-5 and evidence links per question), submitted together for validation."""
    _may_submit(by, place)
    if framework.kind != Framework.Kind.SELF_ASSESSMENT:
        raise ValidationError(_("This framework is not a self-assessment."))
    today = timezone.localdate()
    existing = {v.node_id: v for v in Value.objects.filter(node__framework=framework, place=place, year=year)}
    for node, (level, evidence) in answers.items():
        if node.framework_id != framework.pk or node.kind != Node.Kind.INDICATOR:
            raise ValidationError(_("That question belongs to another framework."))
        _check_value(node, level)
        old, answer = existing.get(node.pk), (float(level), evidence.strip())
        # An answer's date is the day it was given: one given again unchanged keeps its date (and, validated, stays).
        date = old.source_date if old is not None and _same(old, *answer, old.source_date) else today
        if _refused_change(old, by, *answer, date):
            raise ValidationError(_("These answers are validated: only a network admin can change them now."))
        _upsert(node, place, year, *answer, date, by, old)
    return len(answers)


@transaction.atomic
def values_review(*, values: Iterable[Value], by: User, accept: bool, note: str = "") -> int:
    """Validate values (they count from now on) or return them to the city with a note."""
    if not accept and not note.strip():
        raise ValidationError({"note": _("Tell the city why the values are returned.")})
    count = 0
    now = timezone.now()
    reviewed: list[Value] = []
    for value in values:
        if not ValuePolicy.allows(by, "review_value", value):
            raise PermissionDenied
        value.status = Value.Status.VALIDATED if accept else Value.Status.REJECTED
        value.reviewed_by, value.reviewed_at, value.review_note = by, now, note.strip()
        value.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        reviewed.append(value)
        count += 1
    notices.values_reviewed(values=reviewed, by=by, accept=accept, note=note.strip())
    return count


# ---------------------------------------------------------------- frameworks
def _names(text: str) -> dict[str, str]:
    return {"en": text} if text else {}


def own_network_id(by: User) -> int | None:
    """The network a new framework or copy belongs to when none is chosen: the admin's network (the first one
    granted, for an admin of several), None for a superuser who administers none."""
    networks = roles.admin_network_ids(by)
    if not networks:
        return None
    return NetworkAdmin.objects.filter(user_id=by.pk).order_by("pk").values_list("network_id", flat=True).first()


def framework_create(*, by: User, slug: str, name: dict[str, str], imeta: bytes | None = None,
                     filename: str = "imeta.csv", progress: Progress | None = None, network_id: int | None = None,
                     **fields: Any) -> Framework:  # fmt: skip
    """A network admin's own framework, empty (nodes added in forms) or from an iMeta-style table: the table is
    checked first (outside the writing transaction, reporting `progress`), then the framework and its tree are
    written together or not at all."""
    _require_framework(by, "add_framework")
    if Framework.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A framework with this short name exists already.")})
    rows = _nodes_check(data=imeta, filename=filename, progress=progress) if imeta is not None else None
    with transaction.atomic():
        if network_id is not None and network_id not in roles.admin_network_ids(by) and not roles.is_superuser(by):
            raise PermissionDenied
        network_id = network_id or own_network_id(by)
        framework = Framework.objects.create(slug=slug, name=name, network_id=network_id, created_by=by, **fields)
        if rows is not None:
            _require_framework(by, "change_framework", framework)
            _nodes_write(framework, rows)
    return framework


def nodes_import(
    *, framework: Framework, data: bytes, filename: str, by: User, progress: Progress | None = None
) -> int:
    """Replace the framework's tree with an iMeta table (COINr's columns), checked by engines.composite first."""
    _require_framework(by, "change_framework", framework)
    rows = _nodes_check(data=data, filename=filename, progress=progress)
    with transaction.atomic():
        return _nodes_write(framework, rows)


def _nodes_check(*, data: bytes, filename: str, progress: Progress | None) -> list[tuple[int, dict[str, str]]]:
    rows = read_table(data, filename, ("iCode", "Parent", "Type"))
    errors: list[RowError] = []
    for done, (line, r) in enumerate(rows):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(rows))
        if (r.get("Type") or "").lower() not in KINDS:
            errors.append(RowError(line, "Type", _("Type is Indicator, Aggregate or Denominator.")))
    if errors:
        raise ImportFailed(errors)
    # The engine checks the raw cells, so a weight like "high" is reported rather than silently dropped.
    frame = pd.DataFrame([{c: (r.get(c) or None) for c in META_COLUMNS} for _, r in rows])
    try:
        IndicatorTree.from_frame(frame)
    except MetaError as exc:
        raise ImportFailed([RowError(0, "", p) for p in exc.problems]) from exc
    return rows


def _nodes_write(framework: Framework, rows: list[tuple[int, dict[str, str]]]) -> int:
    """The caller holds the transaction: the old tree goes only if the whole new one is written."""
    framework.nodes.all().delete()
    by_code: dict[str, Node] = {}
    for order, (_line, r) in enumerate(rows):
        by_code[r["iCode"]] = Node.objects.create(
            framework=framework, code=r["iCode"], name=_names(r.get("iName", "")), order=order,
            kind=KINDS[r["Type"].lower()], level=_int(r.get("Level")), unit=r.get("Unit", ""),
            direction=-1 if (r.get("Direction") or "1").strip() in ("-1", "-1.0") else 1,
            weight=_weight(r.get("Weight", "")),
            target=_parse_float(r.get("Target", "")),
        )  # fmt: skip
    for _line, r in rows:
        node = by_code[r["iCode"]]
        node.parent = by_code.get(r.get("Parent") or "")
        node.denominator = by_code.get(r.get("Denominator") or "")
        node.save(update_fields=["parent", "denominator"])
    framework.save(update_fields=["updated_at"])
    return len(rows)


def _weight(text: str) -> float:
    value = _parse_float(text)
    return 1.0 if value is None else value


def _int(text: str | None) -> int | None:
    value = _parse_float(text or "")
    return None if value is None else int(value)


@transaction.atomic
def framework_copy(*, framework: Framework, by: User, slug: str | None = None) -> Framework:
    """A network's own editable copy of a framework (a shipped one, say, to change its weights)."""
    _require_framework(by, "copy_framework", framework)
    network_id = own_network_id(by)
    network = Network.objects.get(pk=network_id) if network_id is not None else None
    base = slug or slugify(f"{framework.slug}-{network.slug if network else by.username}")[:70]
    slug, n = base, 1
    while Framework.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy = Framework.objects.create(
        slug=slug, name={k: v for k, v in framework.name.items()}, description=framework.description,
        kind=framework.kind, unit_kind=framework.unit_kind, network=network, spec=framework.spec,
        source=framework.source, unit_groups=framework.unit_groups, created_by=by, based_on=framework.data,
    )  # fmt: skip
    old_to_new: dict[int, Node] = {}
    nodes = list(framework.nodes.all())
    for node in nodes:
        old_to_new[node.pk] = Node.objects.create(
            framework=copy, code=node.code, name=node.name, description=node.description, kind=node.kind,
            level=node.level, direction=node.direction, weight=node.weight, unit=node.unit, target=node.target,
            domain=node.domain, levels=node.levels, order=node.order,
        )  # fmt: skip
    for node in nodes:
        new = old_to_new[node.pk]
        new.parent = old_to_new.get(node.parent_id) if node.parent_id else None
        new.denominator = old_to_new.get(node.denominator_id) if node.denominator_id else None
        new.save(update_fields=["parent", "denominator"])
    return copy


@transaction.atomic
class NodeFields(TypedDict, total=False):
    """What the node form edits (NodeForm.Meta.fields, the names in four languages): never the framework or order."""

    code: str
    name: dict[str, str]
    kind: str
    level: int | None
    parent: Node | None
    direction: int
    weight: float
    unit: str
    min_value: float | None
    max_value: float | None
    target: float | None
    denominator: Node | None
    domain: str


def node_save(*, framework: Framework, by: User, node: Node | None = None, **fields: Unpack[NodeFields]) -> Node:
    """Add or change one node of the tree (weights included). A tree being built may be incomplete (an aggregate
    without children yet); engines.composite checks the whole tree when it scores, and the framework page shows
    what is missing. Here only what no complete tree could have is refused."""
    _require_framework(by, "change_framework", framework)
    node = node or Node(framework=framework, order=framework.nodes.count())
    for key, value in fields.items():
        setattr(node, key, value)
    node.full_clean(exclude=["framework"])
    parent = node.parent
    if parent is not None:
        if parent.framework_id != framework.pk or parent.kind != Node.Kind.AGGREGATE:
            raise ValidationError({"parent": _("The parent is an aggregate of the same framework.")})
        if parent.level is not None and node.level is not None and parent.level <= node.level:
            raise ValidationError({"level": _("A node's level is below its parent's.")})
        seen = {node.pk}
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"parent": _("A node cannot be inside itself.")})
            seen.add(parent.pk)
            parent = parent.parent
    if node.kind == Node.Kind.INDICATOR and node.pk and node.children.exists():
        raise ValidationError({"kind": _("This node has children, so it is an aggregate.")})
    node.save()
    framework.save(update_fields=["updated_at"])
    return node


def framework_publish(*, framework: Framework, by: User, publish: bool = True) -> Framework:
    _require_framework(by, "change_framework", framework)
    framework.is_published = publish
    framework.save(update_fields=["is_published", "updated_at"])
    return framework


def need_from_gap(*, framework: Framework, place: Place, node: Node, by: User) -> Need:
    """One action: a draft need answering a gap, pre-filled from the assessment, for the city to complete. The
    need is the place's government's, whoever drafts it (its editor, or a superuser)."""
    organisation = Organisation.objects.filter(governs=place).first()
    if organisation is None or not AssessedPlacePolicy.allows(by, "draft_need_from_gap", place):
        raise PermissionDenied
    initial = gap_need_initial(framework=framework, place=place, node=node)
    return need_save(
        by=by, organisation=organisation, city=place, language=initial["language"], title=initial["title"][:200],
        description=initial["description"] or initial["title"], domain=initial["domain"] or "open_inclusive",
        evaluation_criteria=_("Expected effect on “%(indicator)s”, cost, and how well it works for digitally "
                              "vulnerable residents.") % {"indicator": node.title.text},
        status=Need.Status.DRAFT,
    )  # fmt: skip
