"""Readable renderings of the contract's JSON: a terminal report and a standalone HTML page.

Everything taken from the agreement is escaped before it is placed in HTML.
"""

from __future__ import annotations

from html import escape

FLAG_COLOURS = {
    "vagueness": "#fde68a", "coercion": "#fca5a5", "victim_responsibility": "#f9a8d4",
    "jargon": "#bfdbfe", "absolute": "#fdba74", "no_actor": "#ddd6fe", "incomplete": "#d1d5db",
}
FLAG_NAMES = {
    "vagueness": "vague", "coercion": "coercive", "victim_responsibility": "victim made responsible",
    "jargon": "jargon", "absolute": "absolute standard", "no_actor": "no one responsible",
    "incomplete": "unfinished",
}


def render_text(result: dict) -> str:
    """A plain-text report for a terminal."""
    if result["status"] != "ok":
        return f"{result['source']}: ERROR: {result['error']}"
    lines = [f"== {result['source']} =="]
    section = object()
    for clause in result["clauses"]:
        if clause["section"] != section:
            section = clause["section"]
            lines.append(f"\n[{section or 'no heading'}]")
        smart = clause["smart"]
        score = f" SMART {smart['score']:.2f}" if smart else ""
        who = clause["subject"]["text"] or "-"
        lines.append(f"{clause['index']:>3}. ({clause['subject']['role']}: {who}){score} {clause['text']}")
        for flag in clause["flags"]:
            lines.append(f"       ! {flag['type']} [{flag['severity']}] \"{flag['cue']}\": {flag['suggestion']}")
    doc = result["document"]
    missing = [c["item"] for c in doc["checklist"] if not c["present"]]
    lines.append("\nChecklist missing: " + (", ".join(missing) if missing else "nothing"))
    lines.append("Commitments by role: " + ", ".join(f"{k} {v}" for k, v in doc["balance"].items() if v))
    if doc["smart_score"] is not None:
        lines.append(f"Mean SMART score: {doc['smart_score']:.2f}")
    return "\n".join(lines)


def highlight_clause(result: dict, clause: dict) -> str:
    """The clause's text as HTML with each flag's cue marked and named (not colour alone)."""
    text, start = result["text"], clause["start"]
    pieces, cursor = [], start
    for flag in sorted(clause["flags"], key=lambda f: f["start"]):
        if flag["start"] < cursor:
            continue
        pieces.append(escape(text[cursor:flag["start"]]))
        colour = FLAG_COLOURS.get(flag["type"], "#e5e7eb")
        pieces.append(
            f'<mark class="flag flag-{escape(flag["type"])}" style="background:{colour}" '
            f'title="{escape(flag["explanation"])}">{escape(flag["cue"])}'
            f'<span class="flag-name"> [{escape(FLAG_NAMES.get(flag["type"], flag["type"]))}]</span></mark>'
        )
        cursor = flag["end"]
    pieces.append(escape(text[cursor:clause["end"]]))
    return "".join(pieces)


def render_clause_html(result: dict, clause: dict) -> str:
    """One clause card: role, highlighted text, SMART bar, explanations and suggestions."""
    role = escape(clause["subject"]["role"])
    who = escape(clause["subject"]["text"] or "no one named")
    smart = clause["smart"]
    bar = ""
    if smart:
        pct = int(round(smart["score"] * 100))
        dims = " ".join(f"{escape(k)} {v:.2f}" for k, v in smart.items() if k != "score")
        bar = (f'<div class="smart" title="{dims}">SMART {pct}%'
               f'<div class="bar"><div style="width:{pct}%"></div></div></div>')
    notes = "".join(
        f'<li><b>{escape(FLAG_NAMES.get(f["type"], f["type"]))}</b> ({escape(f["severity"])}): '
        f'{escape(f["explanation"])}<br><i>Try:</i> {escape(f["suggestion"])}</li>'
        for f in clause["flags"]
    )
    return (
        f'<div class="clause role-{role}"><div class="meta"><span class="role">{role}</span> '
        f'{who} &middot; {escape(clause["kind"])}</div><p>{highlight_clause(result, clause)}</p>'
        f'{bar}{f"<ul>{notes}</ul>" if notes else ""}</div>'
    )


def render_clauses_html(result: dict, *, heading: str = "h2") -> str:
    """Every clause card of `result["clauses"]`, each section under its heading."""
    parts, section = [], object()
    for clause in result["clauses"]:
        if clause["section"] != section:
            section = clause["section"]
            parts.append(f"<{heading}>{escape(section or 'No heading')}</{heading}>")
        parts.append(render_clause_html(result, clause))
    return "".join(parts)


CARD_STYLE = """
.clause{border:1px solid #d1d5db;border-radius:6px;padding:.5rem 1rem;margin:.5rem 0}
.meta{font-size:.85rem;color:#374151}.role{font-weight:600;text-transform:uppercase}
mark{padding:0 .15rem;border-radius:3px;color:#111}.flag-name{font-size:.75rem;font-weight:600}
.bar{background:#e5e7eb;height:.5rem;width:12rem;display:inline-block;margin-left:.5rem}
.bar div{background:#1d4ed8;height:.5rem}.smart{font-size:.85rem}
"""  # the clause cards' look, shared by the HTML report and the dashboard
_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#111;line-height:1.5}
table{border-collapse:collapse}td,th{border:1px solid #d1d5db;padding:.2rem .5rem}
""" + CARD_STYLE


def render_html(result: dict) -> str:
    """A standalone HTML page for one analysed document."""
    title = escape(result["source"])
    if result["status"] != "ok":
        body = f"<p>This file could not be analysed: {escape(result['error'] or '')}</p>"
    else:
        doc = result["document"]
        rows = "".join(
            f'<tr><td>{escape(c["item"])}</td><td>{"present" if c["present"] else "MISSING"}</td>'
            f'<td>{escape(c["evidence"] or "")}</td></tr>' for c in doc["checklist"]
        )
        balance = ", ".join(f"{escape(k)}: {v}" for k, v in doc["balance"].items())
        body = (f"<p>Commitments by role: {balance}</p><h2>Checklist</h2><table>"
                f"<tr><th>item</th><th>status</th><th>evidence</th></tr>{rows}</table>"
                f"{render_clauses_html(result)}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<style>{_STYLE}</style></head><body><h1>{title}</h1>'
            f'<p>This report supports professional judgement; it does not replace it.</p>{body}</body></html>\n')
