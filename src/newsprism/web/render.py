"""HTML fragments built in Python: highlighted article text and the SVG charts.

Every piece of article or actor text passes through ``escape`` here; the fragments are returned as
``Markup`` so the templates insert them as they are, and nothing else is ever marked safe.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

# PLOVER categories, coloured by family: verbal cooperation (greens), material cooperation (blues),
# verbal conflict (oranges) and material conflict (reds/purples).
CATEGORY_COLOURS = {
    "AGREE": "#1b9e4b",
    "CONSULT": "#5cb85c",
    "SUPPORT": "#8fc93a",
    "CONCEDE": "#2aa198",
    "COOPERATE": "#1f77b4",
    "AID": "#4fa3e0",
    "RETREAT": "#6c8ebf",
    "REQUEST": "#e6a117",
    "ACCUSE": "#e67e22",
    "REJECT": "#d35400",
    "THREATEN": "#c0392b",
    "PROTEST": "#b03a8c",
    "SANCTION": "#8e44ad",
    "MOBILIZE": "#7f5a3c",
    "COERCE": "#a93226",
    "ASSAULT": "#641e16",
}
OTHER_COLOUR = "#888888"
MIN_DAYS = 14


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s) and well formed, else None: never a javascript: or data: link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def highlight(text: str, spans: Sequence[dict[str, Any]], *, link_prefix: str = "") -> Markup:
    """``text`` escaped, with each span (start, end, relation, claim_id, note) wrapped in a <mark>.

    Overlapping spans keep the earlier one; the text between spans is escaped piece by piece, so no
    character of the article can open a tag.
    """
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = max(span["start"], pos), min(span["end"], len(text))
        if start >= end or span["start"] < pos:
            continue
        out.append(str(escape(text[pos:start])))
        relation = span.get("relation", "single")
        cls = relation if relation in ("agree", "differ", "single") else "single"
        out.append(
            f'<mark class="claim {cls}" id="{escape(link_prefix)}{escape(span.get("claim_id", ""))}"'
            f' title="{escape(relation)}: {escape(span.get("note", ""))}">{escape(text[start:end])}</mark>'
        )
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def paragraphs(html: Markup) -> Markup:
    """Split escaped text into <p> at blank lines (the text is already escaped; only tags are added)."""
    parts = [p for p in str(html).split("\n\n") if p.strip()]
    return Markup("".join(f"<p>{p}</p>" for p in parts))


def marked_snippet(segments: Sequence[dict[str, Any]] | None) -> Markup:
    if not segments:
        return Markup("")
    return Markup(
        "".join(
            f"<mark>{escape(s['text'])}</mark>" if s["match"] else str(escape(s["text"])) for s in segments
        )
    )


def timeline_svg(points: Sequence[tuple[str, int, int]], *, width: int = 640, height: int = 160) -> Markup:
    """Mentions per day (or per month over long spans) as a bar chart in inline SVG."""
    if not points:
        return Markup('<p class="muted">No dated mentions.</p>')
    days = [(dt.date.fromisoformat(d[:10]), m) for d, m, _ in points if _is_day(d)]
    if not days:
        return Markup('<p class="muted">No dated mentions.</p>')
    first, last = days[0][0], days[-1][0]
    monthly = (last - first).days > 120
    buckets: dict[str, int] = {}
    for day, n in days:
        key = day.strftime("%Y-%m") if monthly else day.isoformat()
        buckets[key] = buckets.get(key, 0) + n
    if not monthly and (last - first).days < MIN_DAYS - 1:
        # a short span still reads as time: show it inside a fortnight, not as one wall-wide bar
        first -= dt.timedelta(days=2)
        last = max(last, first + dt.timedelta(days=MIN_DAYS - 1))
    keys = _all_keys(first, last, monthly)
    counts = [buckets.get(k, 0) for k in keys]
    top = max(counts) or 1
    left, bottom, pad = 36, 22, 6
    plot_w, plot_h = width - left - pad, height - bottom - pad
    bar = plot_w / len(keys)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="mentions per {"month" if monthly else "day"}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{pad + 8}" text-anchor="end" font-size="10" fill="#555">{top}</text>',
        f'<text x="{left - 4}" y="{pad + plot_h}" text-anchor="end" font-size="10" fill="#555">0</text>',
    ]
    for i, (key, n) in enumerate(zip(keys, counts, strict=True)):
        if not n:
            continue
        h = plot_h * n / top
        x = left + i * bar
        parts.append(
            f'<rect x="{x + bar * 0.1:.1f}" y="{pad + plot_h - h:.1f}" width="{max(bar * 0.8, 1):.1f}" '
            f'height="{h:.1f}" fill="#3b6ea5"><title>{escape(key)}: {n} mention{"s" if n != 1 else ""}'
            "</title></rect>"
        )
    ticks = _tick_indexes(len(keys))
    for i in ticks:
        x = left + (i + 0.5) * bar
        # the outermost labels lean inwards so that they stay inside the chart
        anchor = (
            "start"
            if i == ticks[0] and len(ticks) > 1
            else "end"
            if i == ticks[-1] and len(ticks) > 1
            else "middle"
        )
        x = left if anchor == "start" else width - pad if anchor == "end" else x
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}" font-size="10" '
            f'fill="#555">{escape(keys[i])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value[:10])
        return True
    except ValueError:
        return False


def _all_keys(first: dt.date, last: dt.date, monthly: bool) -> list[str]:
    keys = []
    if monthly:
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        day = first
        while day <= last:
            keys.append(day.isoformat())
            day += dt.timedelta(days=1)
    return keys


def _tick_indexes(n: int, most: int = 5) -> list[int]:
    if n <= most:
        return list(range(n))
    step = (n - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


def network_svg(edges: Sequence[dict[str, Any]], *, centre: str | None = None, size: int = 640) -> Markup:
    """Actors on a circle (the most connected first), arrows source → target coloured by PLOVER category."""
    if not edges:
        return Markup('<p class="muted">No events with both a source and a target actor.</p>')
    degree: dict[str, int] = {}
    names: dict[str, str] = {}
    for e in edges:
        for side in ("source", "target"):
            degree[e[side]] = degree.get(e[side], 0) + e["count"]
            names[e[side]] = e[f"{side}_name"]
    order = sorted(degree, key=lambda a: (a != centre, -degree[a], names[a]))
    size = max(360, min(size, 200 + 40 * len(order)))
    c = size / 2
    radius = size / 2 - 90
    pos: dict[str, tuple[float, float]] = {}
    ring = [a for a in order if a != centre] if centre in degree else order
    if centre in degree:
        pos[centre] = (c, c)  # type: ignore[index]
    for i, actor in enumerate(ring):
        angle = 2 * math.pi * i / max(len(ring), 1) - math.pi / 2
        pos[actor] = (c + radius * math.cos(angle), c + radius * math.sin(angle))
    top = max(e["count"] for e in edges)
    parts = [
        f'<svg class="network" viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" '
        'aria-label="actor network" '
        'xmlns="http://www.w3.org/2000/svg"><defs>'
    ]
    used = sorted({e["category"] for e in edges})
    for cat in used:
        colour = CATEGORY_COLOURS.get(cat, OTHER_COLOUR)
        parts.append(
            f'<marker id="arrow-{escape(cat)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
            f'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    seen_pairs: dict[tuple[str, str], int] = {}
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        k = seen_pairs.get((e["source"], e["target"]), 0)
        seen_pairs[(e["source"], e["target"])] = k + 1
        # parallel edges (several categories between the same pair) bend by different amounts
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        bend = 18 + 14 * k
        qx, qy = mx - dy / length * bend, my + dx / length * bend
        # stop short of the target node so the arrowhead shows
        ex, ey = (
            x2 - (x2 - qx) / (math.hypot(x2 - qx, y2 - qy) or 1) * 9,
            y2 - (y2 - qy) / (math.hypot(x2 - qx, y2 - qy) or 1) * 9,
        )
        colour = CATEGORY_COLOURS.get(e["category"], OTHER_COLOUR)
        w = 1 + 3 * e["count"] / top
        parts.append(
            f'<path class="edge" d="M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="{w:.1f}" stroke-opacity="0.8" '
            f'marker-end="url(#arrow-{escape(e["category"])})" data-category="{escape(e["category"])}">'
            f"<title>{escape(e['source_name'])} → {escape(e['target_name'])}: {escape(e['category'])} "
            f"×{e['count']}</title></path>"
        )
    for actor in order:
        x, y = pos[actor]
        r = 4 + min(8, math.sqrt(degree[actor]))
        # labels sit outside the circle: beside nodes on the sides, above or below those at the top or bottom
        anchor, lx, ly = "middle", x, y - r - 4
        if actor != centre:
            dx, dy = (x - c) / radius, (y - c) / radius
            if abs(dx) >= 0.35:
                anchor = "start" if dx > 0 else "end"
                lx, ly = x + (r + 4) * (1 if dx > 0 else -1), y + 4
            else:
                ly = y - r - 4 if dy < 0 else y + r + 12
        label = names[actor] if len(names[actor]) <= 28 else names[actor][:27] + "…"
        parts.append(
            f'<a href="/actors/{quote(actor)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#fff" '
            f'stroke="#333" stroke-width="1.5"><title>{escape(names[actor])}</title></circle>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="11" fill="#222">'
            f"{escape(label)}</text></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def legend(categories: Sequence[str]) -> list[dict[str, str]]:
    return [{"category": c, "colour": CATEGORY_COLOURS.get(c, OTHER_COLOUR)} for c in categories]
