"""The standalone HTML report: every table and plot in one file that opens
offline (styles inline, plots as inline SVG, no scripts, fonts or links to
fetch), and the compact HTML a notebook shows for ``Results``."""

from __future__ import annotations

import html
import re

from prevsim import __version__
from prevsim.labels import label, text
from prevsim.report import Report, Table, display_rows

_CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto;
       max-width: 1100px; padding: 0 1em; color: #1a1a1a; line-height: 1.4; }
h1 { color: #1F4E79; border-bottom: 3px solid #1F4E79; padding-bottom: .2em; }
h2 { color: #1F4E79; margin-top: 2.2em; border-bottom: 1px solid #ccc; }
h3 { margin-top: 1.6em; }
table { border-collapse: collapse; margin: .6em 0 1.4em; font-size: .86em; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 1.05em; padding-bottom: .2em; }
caption .note { display: block; font-weight: normal; font-style: italic; color: #555; font-size: .9em; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .6em; vertical-align: top; }
thead th { background: #1F4E79; color: #fff; text-align: left; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody th { text-align: left; font-weight: bold; min-width: 9em; }
table[data-table="overview"] tbody th, table[data-table="compare"] tbody th { min-width: 18em; }
tbody tr:nth-child(even) { background: #f4f7fb; }
.lead td.num:nth-child(2), .lead td.num:nth-child(3), .lead td.num:nth-child(4) { font-weight: bold; }
figure { margin: 1em 0 2em; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .9em; color: #444; }
.settings { background: #eef3f8; padding: .6em 1em; border-left: 4px solid #1F4E79; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; font-size: .88em; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; word-break: break-all; }
nav ul { columns: 2; }
.scroll { overflow-x: auto; }
"""


def html_table(table: Table, lang: str, *, lead: bool = False, table_id: str | None = None) -> str:
    """One table with its title and caption (price year, discount rate)."""
    header, rows = display_rows(table, lang)
    kinds = ["index"] + [c.kind for c in table.columns]
    esc = html.escape
    attributes = (f' id="{esc(table_id)}"' if table_id else "") + (' class="lead"' if lead else "")
    out = [f'<div class="scroll"><table{attributes} data-table="{esc(table.key)}">',
           f'<caption>{esc(table.title)}'
           + (f'<span class="note">{esc(table.caption)}</span>' if table.caption else "") + "</caption>",
           "<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in header) + "</tr></thead>", "<tbody>"]
    for r in rows:
        cells = [f'<th scope="row">{esc(r[0])}</th>']
        cells += [f'<td class="{"num" if k != "text" else "text"}">{esc(v)}</td>' for v, k in zip(r[1:], kinds[1:])]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _clean_svg(svg: str) -> str:
    # The metadata block only names RDF vocabularies; drop it so that the page
    # holds no URL besides the SVG namespace declarations.
    return re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)


def render_html(report: Report, svgs: dict[tuple[str, str], str]) -> str:
    """The whole report as one HTML page; ``svgs[(stem, plot)]`` the inline plots."""
    lang = report.lang
    esc = html.escape
    body = [f"<h1>{esc(label('report.title', lang))}</h1>", f"<p>{esc(label('report.intro', lang))}</p>",
            f"<p>{esc(text('report.generated', lang, version=__version__))}</p>"]
    toc = []
    if report.overview is not None:
        toc.append(f'<li><a href="#overview">{esc(report.overview.title)}</a></li>')
    toc += [f'<li><a href="#{esc(s.stem)}">{esc(s.title)}</a></li>' for s in report.scenarios]
    body.append(f"<nav><h2>{esc(label('report.contents', lang))}</h2><ul>{''.join(toc)}</ul></nav>")
    if report.overview is not None:
        body.append(f'<section id="overview"><h2>{esc(report.overview.title)}</h2>')
        body.append(html_table(report.overview, lang, lead=True))
        body.append("</section>")
    for s in report.scenarios:
        body.append(f'<section id="{esc(s.stem)}"><h2>{esc(s.title)}</h2>')
        if s.description:
            body.append(f"<p>{esc(s.description)}</p>")
        body.append(f'<p class="settings">{esc(s.settings_text)}</p>')
        for i, t in enumerate(s.tables[:-1]):
            body.append(html_table(t, lang, lead=i == 0, table_id=f"{s.stem}-{t.key}"))
            if t.key == "summary_per_participant" and svgs:
                body.append(f"<h3>{esc(label('report.plots', lang))}</h3>")
                for p in s.plots:
                    svg = svgs.get((s.stem, p.key))
                    if svg:
                        body.append(f'<figure id="{esc(s.stem)}-plot-{esc(p.key)}" data-plot="{esc(p.key)}">'
                                    f"{_clean_svg(svg)}<figcaption>{esc(p.title)}</figcaption></figure>")
        body.append(f"<h3>{esc(label('report.inputs', lang))}</h3><dl class=\"meta\">")
        body += [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in s.meta_rows]
        body.append("</dl>")
        body.append(html_table(s.tables[-1], lang, table_id=f"{s.stem}-{s.tables[-1].key}"))
        body.append("</section>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(label('report.title', lang))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def results_html(results, *, lang: str = "en") -> str:
    """The notebook view of ``Results``: title, settings and the headline table."""
    from prevsim.report import settings_text, summary_table

    return (f"<div><strong>{html.escape(results.scenario.title)}</strong>"
            f"<p style=\"font-size:.9em\">{html.escape(settings_text(results, lang))}</p>"
            + html_table(summary_table(results, lang=lang), lang, lead=True) + "</div>")


__all__ = ["html_table", "render_html", "results_html"]
