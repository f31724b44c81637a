"""Server-side SVG maps: a choropleth in class breaks, each class a colour AND a pattern (readable without colour
and in print), facilities and chosen sites on top, each area a link. Paths come pre-projected from AreaShape."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Pattern marks by class, light to dark: none, dots, diagonal lines, cross-hatch, dense cross-hatch.
PATTERN = 12
MARKS = [
    "",
    '<circle cx="6" cy="6" r="1.4" class="mk"/>',
    '<path d="M0 12L12 0" class="mk"/>',
    '<path d="M0 12L12 0M0 0L12 12" class="mk"/>',
    '<path d="M0 12L12 0M0 0L12 12M6 0V12" class="mk"/>',
    '<path d="M0 12L12 0M0 0L12 12M6 0V12M0 6H12" class="mk"/>',
]
NO_DATA = -1
COLOURS = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]


def nice(x: float) -> float:
    """x rounded to two significant digits (break points a reader can say aloud)."""
    if x == 0 or not math.isfinite(x):
        return 0.0
    digits = 1 - int(math.floor(math.log10(abs(x))))
    return round(x, digits)


def breaks(values: Sequence[float], k: int = 5) -> list[float]:
    """Inner class breaks at rounded quantiles: value v is in class i when breaks[i-1] <= v < breaks[i]."""
    data = sorted(v for v in values if v is not None and math.isfinite(v))
    if len(set(data)) < 2:
        return []
    cuts: list[float] = []
    for i in range(1, k):
        q = data[min(len(data) - 1, round(i * len(data) / k))]
        cut = nice(q)
        if data[0] < cut <= data[-1] and (not cuts or cut > cuts[-1]):
            cuts.append(cut)
    return cuts


def classify(value: float | None, cuts: Sequence[float]) -> int:
    if value is None:
        return NO_DATA
    return sum(1 for c in cuts if value >= c)


@dataclass(frozen=True)
class Area:
    pk: int
    path: str
    href: str
    label: str  # "청운효자동: 19.7%" (its tooltip and accessible name)
    cls: int
    lang: str = ""  # the name's language when it is not the page's (screen readers switch voice)


@dataclass(frozen=True)
class Site:
    x: float
    y: float
    number: int
    label: str
    lang: str = ""


def palette(n_classes: int) -> list[str]:
    """Light to dark (ColorBrewer PuBu); fewer classes take evenly spaced colours."""
    if n_classes <= 1:
        return [COLOURS[2]]
    return [COLOURS[round(c * (len(COLOURS) - 1) / (n_classes - 1))] for c in range(n_classes)]


def _patterns(prefix: str, n_classes: int) -> str:
    defs = []
    for c, colour in enumerate(palette(n_classes)):
        level = round(c * (len(MARKS) - 1) / max(1, n_classes - 1))
        ink = "#1b1b1f" if colour in COLOURS[:3] else "#ffffff"
        marks = MARKS[level].replace('class="mk"', f'class="mk" stroke="{ink}" fill="{ink}"')
        defs.append(f'<pattern id="{prefix}-c{c}" patternUnits="userSpaceOnUse" width="{PATTERN}" height="{PATTERN}">'
                    f'<rect fill="{colour}" width="{PATTERN}" height="{PATTERN}"/>{marks}</pattern>')  # fmt: skip
    defs.append(f'<pattern id="{prefix}-nd" patternUnits="userSpaceOnUse" width="{PATTERN}" height="{PATTERN}">'
                f'<rect fill="#ffffff" width="{PATTERN}" height="{PATTERN}"/>'
                f'<path d="M0 3H12M0 9H12" class="mk" stroke="#767680"/></pattern>')  # fmt: skip
    return "".join(defs)


def fill(prefix: str, cls: int) -> str:
    return f"url(#{prefix}-nd)" if cls == NO_DATA else f"url(#{prefix}-c{cls})"


def render(*, width: int, height: int, areas: Sequence[Area], n_classes: int, title: str, desc: str,
           facilities: Sequence[tuple[float, float]] = (), sites: Sequence[Site] = (), reach: float | None = None,
           prefix: str = "m") -> SafeString:  # fmt: skip
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    # A group, not role="img": an image's children are presentational, which would hide the area links from
    # screen readers (axe: nested-interactive). The group is named by <title> and described by <desc>.
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="group" class="choropleth" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(desc)}</desc>',
        f'<defs>{_patterns(prefix, n_classes)}</defs><g class="areas">',
    ]
    for a in areas:
        lang = f' lang="{escape(a.lang)}"' if a.lang else ""
        out.append(f'<a href="{escape(a.href)}"{lang}><title>{escape(a.label)}</title>'
                   f'<path fill="{fill(prefix, a.cls)}" d="{a.path}"/></a>')  # fmt: skip
    out.append("</g>")
    if facilities:
        dots = "".join(f"M{round(x)} {round(y)}h0" for x, y in facilities)
        out.append(f'<g class="facilities" aria-hidden="true"><path class="halo" d="{dots}"/>'
                   f'<path class="dot" d="{dots}"/></g>')  # fmt: skip
    if sites:
        out.append('<g class="sites">')
        if reach:
            out.extend(f'<circle class="reach" cx="{s.x:.0f}" cy="{s.y:.0f}" r="{reach:.1f}"/>' for s in sites)
        for s in sites:
            lang = f' lang="{escape(s.lang)}"' if s.lang else ""
            out.append(f'<g class="site"{lang}><title>{escape(s.label)}</title>'
                       f'<rect x="{s.x - 9:.0f}" y="{s.y - 9:.0f}" width="18" height="18"/>'
                       f'<text x="{s.x:.0f}" y="{s.y + 5:.0f}">{s.number}</text></g>')  # fmt: skip
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped; paths are our own numbers)


def swatch(prefix: str, cls: int) -> SafeString:
    """A legend key drawn with the map's own pattern (the legend lives in the same document)."""
    return mark_safe(  # noqa: S308 (no user text)
        f'<svg class="swatch" viewBox="0 0 36 24" width="36" height="24" aria-hidden="true" focusable="false">'
        f'<rect width="36" height="24" fill="{fill(prefix, cls)}"/></svg>'
    )
