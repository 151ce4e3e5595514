"""The timeline chart: level bands over time and one row of event marks per group.

Plain inline SVG, no script: it prints. Marks are binned per pixel column and kind, so an
incident of 100,000 events draws at most a few thousand marks; each mark's tooltip says
how many events it stands for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from html import escape

from runbook.describe import level_word
from runbook.events import Event
from runbook.i18n import Lang, Msg
from runbook.kinds import ACTIVITY_KINDS, SPECS
from runbook.safetext import line
from runbook.summary.model import Summary
from runbook.vocabulary import GROUPS, LEVEL_IDS, level

WIDTH = 960
LEFT = 120
RIGHT = 16
TOP = 34
BAND = 26
ROW = 20
AXIS = 28
COLUMN = 2  # pixels per bin
KIND_COLOUR = {"done": "#2c7a3f", "problem": "#c0392b", "report": "#1f5fa8",
               "level": "#111111", "other": "#7f7f7f"}
LEGEND = {
    "done": Msg("done / decided", "完成／决策"),
    "problem": Msg("blocked / skipped / reopened", "受阻／跳过／重新打开"),
    "report": Msg("report / vendor contact", "报告／联系外包服务提供商"),
    "level": Msg("level and state", "级别与状态"),
    "other": Msg("other", "其他"),
}
TICKS_MIN = (1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080)
LEVEL_ROW = Msg("Level", "级别")
NO_GROUP = Msg("No group", "未指定小组")
LATER = Msg("Events after the end shown, not drawn: {n}.",
            "图示结束时刻之后的记录（未画出）：{n} 条。")


def _chart_kind(kind: str) -> str:
    found = SPECS.get(kind)
    return found.chart if found is not None else "other"


def time_range(summary: Summary) -> tuple[datetime, datetime]:
    ov = summary.overview
    events = summary.timeline
    start = min([ov.reported_at, ov.warning_at] + [e.occurred_at for e in events[:1]])
    if ov.end_kind != "export":
        end = ov.end_at
    else:
        end = max([ov.warning_at] + [e.occurred_at for e in events])
    if end <= start:
        end = start + timedelta(minutes=1)
    return start, end


class Scale:
    def __init__(self, start: datetime, end: datetime) -> None:
        self.start = start
        self.seconds = (end - start).total_seconds()

    def x(self, at: datetime) -> float:
        share = (at - self.start).total_seconds() / self.seconds
        return LEFT + max(0.0, min(1.0, share)) * (WIDTH - LEFT - RIGHT)


def rows_of(events: Sequence[Event]) -> list[str | None]:
    present = {e.actor.group for e in events}
    rows: list[str | None] = [g.id for g in GROUPS if g.id in present]
    return [*rows, None] if None in present or not rows else rows


def timeline_svg(summary: Summary, lang: Lang) -> str:
    start, end = time_range(summary)
    scale = Scale(start, end)
    rows = rows_of(summary.timeline)
    height = TOP + BAND + ROW * len(rows) + AXIS + 22
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
           f'role="img" class="timeline-chart" font-size="11" font-family="sans-serif">']
    out.append(f"<title>{escape(Msg('Timeline', '时间线')(lang))}</title>")
    out += _bands(summary, scale, lang)
    out += _rows(summary.timeline, rows, scale, end, lang)
    out += _moments(summary, scale, height, lang)
    out += _axis(start, end, scale, summary.tz, TOP + BAND + ROW * len(rows))
    out += _legend(height - 8, lang)
    out.append("</svg>")
    later = sum(1 for e in summary.timeline if e.occurred_at > end)
    note = f'<p class="chart-note">{escape(LATER(lang).format(n=later))}</p>' if later else ""
    return "".join(out) + note


def _bands(summary: Summary, scale: Scale, lang: Lang) -> list[str]:
    out = [f'<text x="{LEFT - 6}" y="{TOP + BAND / 2 + 4}" text-anchor="end">'
           f"{escape(LEVEL_ROW(lang))}</text>"]
    for p in summary.overview.levels:
        x0, x1 = scale.x(p.since), scale.x(p.until)
        fill = level(p.level).fill if p.level in LEVEL_IDS else "#999999"
        name = level(p.level).name(lang) if p.level in LEVEL_IDS else line(p.level)
        out.append(f'<rect x="{x0:.1f}" y="{TOP}" width="{max(x1 - x0, 1):.1f}" '
                   f'height="{BAND}" fill="{fill}" fill-opacity="0.55">'
                   f"<title>{escape(name)}</title></rect>")
        if x1 - x0 > 28:
            out.append(f'<text x="{x0 + 4:.1f}" y="{TOP + BAND / 2 + 4}" '
                       f'font-weight="bold">{escape(line(level_word(p.level, lang)))}</text>')
    return out


def _rows(events: Sequence[Event], rows: list[str | None], scale: Scale, end: datetime,
          lang: Lang) -> list[str]:
    out = []
    index = {g: i for i, g in enumerate(rows)}
    for g, i in index.items():
        y = TOP + BAND + ROW * i
        name = next((x.short(lang) for x in GROUPS if x.id == g), NO_GROUP(lang))
        out.append(f'<text x="{LEFT - 6}" y="{y + ROW / 2 + 4}" text-anchor="end">'
                   f"{escape(name)}</text>")
        out.append(f'<line x1="{LEFT}" y1="{y + ROW}" x2="{WIDTH - RIGHT}" y2="{y + ROW}" '
                   'stroke="#dddddd"/>')
    bins: dict[tuple[int, int, str], int] = {}
    for e in events:
        if e.occurred_at > end or e.kind not in ACTIVITY_KINDS:
            continue
        key = (index[e.actor.group], int(scale.x(e.occurred_at) // COLUMN),
               _chart_kind(e.kind))
        bins[key] = bins.get(key, 0) + 1
    for (row, column, kind), count in sorted(bins.items()):
        y = TOP + BAND + ROW * row + 3
        out.append(f'<rect x="{column * COLUMN}" y="{y}" width="{COLUMN}" height="{ROW - 6}" '
                   f'fill="{KIND_COLOUR[kind]}"><title>{count} × '
                   f"{escape(LEGEND[kind](lang))}</title></rect>")
    return out


def _moments(summary: Summary, scale: Scale, height: int, lang: Lang) -> list[str]:
    ov = summary.overview
    marks = [(ov.reported_at, "Td"), (ov.warning_at, "T0")]
    if ov.stand_down is not None:
        marks.append((ov.stand_down.at, Msg("stand-down", "应急结束")(lang)))
    if ov.closed is not None:
        marks.append((ov.closed.at, Msg("closed", "关闭")(lang)))
    out = []
    bottom = height - AXIS - 22 + 6
    for i, (at, label) in enumerate(marks):
        x = scale.x(at)
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{bottom}" '
                   'stroke="#333333" stroke-dasharray="3 2"/>')
        anchor = "start" if x < LEFT + 40 else "end" if x > WIDTH - RIGHT - 40 else "middle"
        out.append(f'<text x="{x:.1f}" y="{12 + 11 * (i % 2)}" text-anchor="{anchor}">'
                   f"{escape(label)}</text>")
    return out


def _axis(start: datetime, end: datetime, scale: Scale, tz: tzinfo, y: int) -> list[str]:
    total_min = (end - start).total_seconds() / 60
    step = next((m for m in TICKS_MIN if total_min / m <= 8), TICKS_MIN[-1])
    local = start.astimezone(tz)
    first = local.replace(second=0, microsecond=0, minute=0) if step >= 60 else local.replace(
        second=0, microsecond=0, minute=local.minute - local.minute % step)
    if step >= 1440:
        first = first.replace(hour=0)
    fmt = "%m-%d %H:%M" if total_min > 1440 else "%H:%M"
    out = [f'<line x1="{LEFT}" y1="{y + 2}" x2="{WIDTH - RIGHT}" y2="{y + 2}" stroke="#333333"/>']
    tick = first
    while tick <= end:
        if tick >= start:
            x = scale.x(tick)
            out.append(f'<line x1="{x:.1f}" y1="{y + 2}" x2="{x:.1f}" y2="{y + 6}" '
                       'stroke="#333333"/>')
            out.append(f'<text x="{x:.1f}" y="{y + 18}" text-anchor="middle">'
                       f"{tick.strftime(fmt)}</text>")
        tick += timedelta(minutes=step)
    return out


def _legend(y: int, lang: Lang) -> list[str]:
    out = []
    x = LEFT
    for kind, label in LEGEND.items():
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" '
                   f'fill="{KIND_COLOUR[kind]}"/>')
        text = label(lang)
        out.append(f'<text x="{x + 14}" y="{y}">{escape(text)}</text>')
        x += 24 + 7 * len(text) * (2 if lang == "zh" else 1)
    return out
