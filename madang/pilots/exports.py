"""Report downloads: the anonymous sessions file (the stats CLI's format), the report as CSV, and a PDF."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from engines.stats.usability import SegmentResult
from madang.core.spreadsheet import SafeWriter

from .reports import PilotReport, session_rows

SUS_ADJECTIVES = {
    "Best imaginable": gettext_lazy("Best imaginable"), "Excellent": gettext_lazy("Excellent"),
    "Good": gettext_lazy("Good"), "OK": gettext_lazy("OK"), "Poor": gettext_lazy("Poor"),
    "Worst imaginable": gettext_lazy("Worst imaginable"),
}  # fmt: skip


def _n(x: float | None, digits: int = 1) -> str:
    return "" if x is None or x != x else f"{x:.{digits}f}"


def sessions_csv(report: PilotReport) -> str:
    """One row per tester x task with the SUS answers on the tester's first row: `python -m engines.stats usability`
    reads it as is. Codes only, never names."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["tester_id", "segment", "task_id", "outcome", "seconds", "errors", "assists",
                     *[f"sus_{i}" for i in range(1, 11)]])  # fmt: skip
    for r in session_rows(report):
        sus = list(r.sus) if r.sus else [""] * 10
        writer.writerow([r.tester_id, r.segment, r.task_id, r.outcome.value, "" if r.seconds is None else r.seconds,
                         r.errors, r.assists, *sus])  # fmt: skip
    return out.getvalue()


def _segment_measures(s: SegmentResult) -> list[tuple[str, float | None, float | None, float | None]]:
    return [
        ("n_testers", s.n_testers, None, None),
        ("sus_mean", *((s.sus.estimate, s.sus.low, s.sus.high) if s.sus else (None, None, None))),
        ("completion_rate", s.completion.estimate, s.completion.low, s.completion.high),
        ("unaided_rate", s.unaided.estimate, s.unaided.low, s.unaided.high),
        ("needed_help_share", s.needed_help_share, None, None),
        ("median_seconds", s.median_seconds, None, None),
        ("flagged", float(s.flagged), None, None),
    ]


def report_csv(report: PilotReport) -> str:
    """The report in long form: table, group, name, measure, value, ci_low, ci_high, target, met."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["table", "group", "name", "measure", "value", "ci_low", "ci_high", "target", "met"])
    for c in report.criteria:
        crit = c.criterion
        writer.writerow(["criteria", crit.segment or "all", crit.task.title if crit.task else "all",
                         f"{crit.metric} {crit.comparator}", _n(c.value, 4), _n(c.low, 4), _n(c.high, 4),
                         f"{crit.target:g}", "" if c.met is None else str(c.met).lower()])  # fmt: skip
    if report.overall is not None:
        for measure, value, low, high in _segment_measures(report.overall):
            writer.writerow(["segments", "all", "all", measure, _n(value, 4), _n(low, 4), _n(high, 4), "", ""])
    for seg in report.segmentations:
        for name, s in seg.report.segments_.items():
            if name == "all":
                continue
            for measure, value, low, high in _segment_measures(s):
                writer.writerow(["segments", seg.key, name, measure, _n(value, 4), _n(low, 4), _n(high, 4), "", ""])
    for t in report.tasks:
        for measure, iv in (("completion_rate", t.completion), ("unaided_rate", t.unaided)):
            writer.writerow(["tasks", t.task_id, t.title, measure, _n(iv.estimate, 4), _n(iv.low, 4), _n(iv.high, 4),
                             "", ""])  # fmt: skip
        writer.writerow(["tasks", t.task_id, t.title, "median_seconds", _n(t.median_seconds, 1), "", "", "", ""])
        writer.writerow(["tasks", t.task_id, t.title, "seq_mean", _n(t.ease, 4), "", "", "", ""])
    return out.getvalue()


# ------------------------------------------------------------------ PDF
CID_FONTS = {"ko": "HYSMyeongJo-Medium", "ja": "HeiseiMin-W3", "zh-hans": "STSong-Light"}


def _font(language: str) -> str:
    """Standard CJK fonts every PDF reader supplies (not embedded), so the file stays small and offline-built."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    name = CID_FONTS.get(language)
    if name is None:
        return "Helvetica"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def report_pdf(report: PilotReport, *, rows: dict[str, Any]) -> bytes:
    """`rows`: the same labelled table rows the page shows (built once in the view), so both say the same."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pilot = report.pilot
    ui = get_language() or "en"
    lang = ui if ui in CID_FONTS else (pilot.language if pilot.language in CID_FONTS else "en")
    font = _font(lang)
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{_('Pilot report')}: {pilot.title}", author=str(pilot.manager),
        lang=ui, leftMargin=15 * mm, rightMargin=15 * mm,
    )  # fmt: skip

    def p(text: Any, style: str = "BodyText") -> Paragraph:
        return Paragraph(str(text).replace("&", "&amp;").replace("<", "&lt;"), styles[style])

    def table(head: list[Any], body: list[list[Any]]) -> Table:
        t = Table([[p(h) for h in head]] + [[p(c) for c in row] for row in body], repeatRows=1)
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))  # fmt: skip
        return t

    story: list[Any] = [p(f"{_('Pilot report')}: {pilot.title}", "Title")]
    story.append(p(f"{pilot.city} · {pilot.solution} · {pilot.get_phase_display()}"))
    if pilot.decision:
        story += [p(_("Decision"), "Heading2"), p(f"{pilot.get_decision_display()}: {pilot.decision_reasons}")]
    for key, title in (("criteria", _("Success criteria against results")), ("segments", _("Results by group")),
                       ("tasks", _("Results by task")), ("changes", _("What the provider changed"))):  # fmt: skip
        data = rows.get(key)
        if data and data["body"]:
            story += [Spacer(1, 4 * mm), p(title, "Heading2"), table(data["head"], data["body"])]
    doc.build(story)
    return buffer.getvalue()
