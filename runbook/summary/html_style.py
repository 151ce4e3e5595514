"""The stylesheet inlined into the HTML export: screen and print, no external fonts.

A Python string: the exporter reads no file at run time, and the HTML stays one file.
"""

from __future__ import annotations

CSS = """
:root { --ink: #1b1b1b; --muted: #5c5c5c; --rule: #c8c8c8; --bad: #b3261e;
        --warn: #8a5a00; --good: #1e6b34; --band: #f3f3f3; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
             "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 1.6em 0 .5em; padding-bottom: .2em;
     border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
p { margin: .4em 0 .8em; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono",
       monospace; font-size: .9em; }
td code { white-space: nowrap; }
table.pairs code { white-space: normal; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: .92em; }
th, td { border: 1px solid var(--rule); padding: 3px 6px; text-align: left;
         vertical-align: top; }
th { background: var(--band); font-weight: 600; }
table.pairs th { width: 32%; }
table.steps td:first-child code { display: block; font-size: .8em; color: var(--muted);
                                  white-space: normal; word-break: break-all; }
table.steps td:first-child { width: 22%; }
table.steps td:last-child { width: 30%; }
table.timeline td:first-child { text-align: right; color: var(--muted); }
table.timeline td:nth-child(2), table.timeline td:nth-child(3) { white-space: nowrap; }
.tone-bad { color: var(--bad); font-weight: 600; }
.tone-warn { color: var(--warn); }
.tone-good { color: var(--good); }
nav.toc { columns: 2; font-size: .92em; margin: .6em 0 1em; }
nav.toc a { color: inherit; }
blockquote { margin: .4em 0 .8em; padding: .3em .8em; border-left: 4px solid var(--rule);
             background: var(--band); }
blockquote footer { color: var(--muted); font-size: .9em; }
.fields { margin: .4em 0 1em; }
.field { display: flex; gap: 8px; align-items: flex-end; margin: 10px 0; }
.field .label { flex: 0 0 45%; }
.field .blank { flex: 1; border-bottom: 1px solid var(--ink); min-height: 1.4em; }
figure.chart { margin: .8em 0 1.2em; }
figure.chart svg { width: 100%; height: auto; display: block; }
.chart-note { color: var(--muted); font-size: .9em; }
ul.items li { margin: .3em 0; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  tr, blockquote, .field, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .tone-bad, .tone-warn, .tone-good { -webkit-print-color-adjust: exact;
                                      print-color-adjust: exact; }
  figure.chart svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
