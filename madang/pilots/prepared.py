"""A pilot report's PDF, prepared by the job worker (madang/core/computations.py): laying out the tables and
charts in the reader's language takes longer than a page should. The PDF is the same for everyone who may read
the report (no quoted comments), so one prepared copy per pilot, language and data version serves them all."""

from typing import Any

from django.utils import translation

from madang.core import page_cache
from madang.core.computations import Output, computation, computation_for
from madang.core.models import Computation

from .exports import report_pdf
from .models import Pilot
from .reports import labelled_tables, report_build

KIND = "pilots.report_pdf"


def report_pdf_prepare(*, pilot: Pilot, prepared: str = "") -> Computation:
    """The PDF a `?prepared=` link names, else the one for the current data in the current language."""
    params = {"pilot": pilot.pk, "language": translation.get_language() or "en"}
    return computation_for(kind=KIND, params=params, prepared=prepared, version=str(page_cache.content_version()))


@computation(KIND)
def _pdf(params: dict[str, Any]) -> Output:
    pilot = Pilot.objects.get(pk=params["pilot"])
    with translation.override(params["language"]):
        built = report_build(pilot=pilot, themes=False)
        return Output(content=report_pdf(built, rows=labelled_tables(built)))
