"""One error summary for every form on the site, found in the template context by base.html.

GOV.UK's pattern: after a failed submit the summary comes first in <main>, takes focus on load (the `autofocus`
attribute, so it works without JavaScript) and the page title starts with "Error:". Views need do nothing: any form
or formset in the context that has been validated and failed is listed, so no page can forget it.
"""

from dataclasses import dataclass, field
from typing import Any

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class SummaryItem:
    message: str
    label: str = ""
    anchor: str = ""  # the id of the control to jump to


@dataclass
class PageErrors:
    items: list[SummaryItem] = field(default_factory=list)
    forms: list[Any] = field(default_factory=list)  # the forms listed, so includes/form_errors.html stays silent
    has_import_errors: bool = False  # an import's problems table (includes/import_errors.html) is on the page

    def __bool__(self) -> bool:
        return bool(self.items or self.has_import_errors)


def _validated(obj: Any) -> bool:
    # Only a form the view has already validated: asking an unvalidated bound form (a GET filter) for its errors
    # would validate it here and report problems nobody submitted.
    return getattr(obj, "is_bound", False) and getattr(obj, "_errors", None) is not None


def _form_items(form: BaseForm) -> list[SummaryItem]:
    items = [SummaryItem(message=str(e)) for e in form.non_field_errors()]
    for bound in form:
        # A radio list has no single control to label: jump to the list itself (Django gives it the field's id).
        anchor = bound.id_for_label or bound.auto_id or ""
        items += [SummaryItem(message=str(e), label=_label(bound.label), anchor=anchor) for e in bound.errors]
    return items


def _label(label: object) -> str:
    """The field's label as a lead-in: "Name: ...", but "I agree.  ..." keeps its own full stop."""
    text = str(label or "").strip()
    return text if not text or text[-1] in ".?!:。？！：" else text + ":"


def _candidates(values: list[Any]) -> list[Any]:
    found: list[Any] = []
    for value in values:
        inner = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else [value]
        found += [v for v in inner if isinstance(v, BaseForm | BaseFormSet)]
    return found


def _has_import_errors(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(hasattr(e, "row") and hasattr(e, "message") for e in value)


@register.simple_tag(takes_context=True)
def page_errors(context: template.Context) -> PageErrors:
    flat = context.flatten()
    result = PageErrors(has_import_errors=_has_import_errors(flat.get("errors")))
    seen: set[int] = set()
    for candidate in _candidates(list(flat.values())):
        if id(candidate) in seen or not _validated(candidate):
            continue
        seen.add(id(candidate))
        if isinstance(candidate, BaseFormSet):
            items = [SummaryItem(message=str(e)) for e in candidate.non_form_errors()]
            for form in candidate.forms:
                items += _form_items(form) if _validated(form) else []
        else:
            items = _form_items(candidate)
        if items:
            result.items += items
            result.forms.append(candidate)
    return result


@register.filter
def listed_in(form: Any, summary: PageErrors | None) -> bool:
    """Whether base.html's summary already lists this form's errors."""
    return summary is not None and any(form is f for f in summary.forms)
