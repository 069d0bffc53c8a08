"""The dashboard: feedback on a draft agreement, an audit of many, and how the tool works.

Run with `streamlit run app.py`. This file only lays out the page; the analysis, tables and
downloads come from `analyser` (mostly `analyser.dashboard`). Nothing pasted or uploaded is
saved: uploads are read in memory.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from analyser import dashboard as dash
from analyser.ingest import SUPPORTED
from analyser.pipeline import ModelNotFound, load_pipeline
from analyser.render import FLAG_NAMES, render_html
from analyser.rules import FLAG_TYPES, ROLES
from analyser.settings import SettingsError, load_settings

JUDGEMENT = "This tool supports professional judgement; it never replaces it."
PRIVACY = "Everything runs on this computer. Nothing you paste or upload is saved or sent anywhere."
PASTE, UPLOAD, FOLDER = "Paste the text", "Upload a file", "A folder on this computer"


@st.cache_resource(show_spinner="Loading the language model (only the first time)...")
def analyser_pipeline():
    """Load the settings and the pipeline once per server, shared by every session."""
    settings = load_settings()
    return settings, load_pipeline(settings)


def or_stop(load):
    """Return what `load` gives, or explain in one line why the analyser cannot start."""
    try:
        return load()
    except (ModelNotFound, SettingsError) as err:
        st.error(dash.plain(str(err)))
        st.stop()


def load_sample() -> None:
    """Put the chosen sample agreement into the text box."""
    st.session_state["draft_text"] = dash.sample_text(st.session_state["sample_name"])


def draft_view() -> None:
    """Check one agreement: paste or upload, analyse, and see what to look at again."""
    st.header("Check a draft")
    st.write("Paste a draft agreement or upload it. Each clause is shown with who is asked to act, "
             "the wording that may need another look, why, and a suggested rewording.")
    settings, nlp = or_stop(analyser_pipeline)
    source = st.radio("Where is the agreement?", [PASTE, UPLOAD], horizontal=True, key="draft_from")
    if source == PASTE:
        left, right = st.columns([3, 1])
        right.selectbox("Sample agreement (fictitious)", dash.sample_names(), key="sample_name")
        right.button("Load a sample", on_click=load_sample)
        left.text_area("Agreement text", key="draft_text", height=260,
                       placeholder="Paste the agreement here")
    else:
        st.file_uploader("Agreement file", type=dash.UPLOAD_TYPES, key="draft_file")
    if st.button("Analyse the draft", type="primary"):
        with st.spinner("Reading the agreement..."):
            if source == PASTE:
                result = dash.analyse_draft(nlp, st.session_state.get("draft_text", ""),
                                            max_bytes=settings.max_bytes)
            elif st.session_state.get("draft_file") is None:
                st.warning("Choose a file first.")
                return
            else:
                upload = st.session_state["draft_file"]
                result = next(dash.analyse_files(nlp, [(upload.name, upload.getvalue())],
                                                 max_bytes=settings.max_bytes))
        remember_run(result)
    if st.session_state.get("draft_changes"):
        st.info("Since the last run:\n\n" + "\n".join(f"- {line}" for line in
                                                      st.session_state["draft_changes"]))
    if st.session_state.get("draft_result"):
        show_document(st.session_state["draft_result"], key="draft")


def remember_run(result: dict) -> None:
    """Keep this run, and what changed since the previous run of a different text."""
    previous = st.session_state.get("draft_result")
    changes = None
    both_ok = previous and previous["status"] == result["status"] == "ok"
    if both_ok and previous["text"] != result["text"]:
        changes = dash.compare_runs(dash.run_summary(previous), dash.run_summary(result)) or [
            "No change in flags, SMART score or checklist."]
    st.session_state["draft_changes"] = changes
    st.session_state["draft_result"] = result


def show_document(result: dict, *, key: str) -> None:
    """One analysed agreement: clause cards, what to look at, checklist, balance, downloads."""
    if result["status"] != "ok":
        st.error(f"{dash.plain(result['source'])} could not be analysed: "
                 f"{dash.plain(result['error'] or '')}")
        return
    doc = result["document"]
    flagged = sum(bool(c["flags"]) for c in result["clauses"])
    metrics = st.columns(4)
    metrics[0].metric("Clauses", len(result["clauses"]))
    metrics[1].metric("Clauses to look at again", flagged)
    metrics[2].metric("Average SMART score",
                      "none" if doc["smart_score"] is None else f"{doc['smart_score']:.0%}")
    metrics[3].metric("Checklist items missing", sum(not c["present"] for c in doc["checklist"]))
    left, right = st.columns([3, 2])
    with left:
        st.subheader("The agreement, clause by clause")
        st.html(dash.legend_html())
        only = st.checkbox("Show only clauses to look at again", key=f"{key}_only_flagged")
        st.html(dash.annotated_html(result, flagged_only=only))
    with right:
        st.subheader("What to look at")
        st.dataframe(dash.flag_count_frame(result), hide_index=True)
        st.subheader("Checklist from the guidance")
        st.dataframe(dash.checklist_frame(result), hide_index=True)
        st.subheader("Who is asked to do things")
        st.bar_chart(dash.balance_frame([doc["balance"]]), x="role", y="commitments")
        st.subheader("Download")
        stem = Path(result["source"]).stem.replace(" ", "-")
        st.download_button("Report for sharing (HTML)", render_html(result), key=f"{key}_html",
                           file_name=f"{stem}-report.html", mime="text/html")
        st.download_button("Full results (JSON)", dash.json_download(result), key=f"{key}_json",
                           file_name=f"{stem}.json", mime="application/json")


def use_samples_folder() -> None:
    """Point the folder box at the sample agreements."""
    st.session_state["audit_folder"] = str(dash.SAMPLES_DIR)


def audit_view() -> None:
    """Audit many agreements: analyse them, then table, charts, filters and drill-down."""
    st.header("Audit a batch")
    st.write("Analyse many agreements at once to see patterns across them. Choose files, or "
             "give a folder on this computer (every readable file under it is analysed).")
    settings, nlp = or_stop(analyser_pipeline)
    source = st.radio("Where are the agreements?", [UPLOAD, FOLDER], horizontal=True,
                      key="audit_from", format_func=lambda s: "Upload files" if s == UPLOAD else s)
    if source == UPLOAD:
        st.file_uploader("Agreement files", type=dash.UPLOAD_TYPES, accept_multiple_files=True,
                         key="audit_files")
    else:
        st.text_input("Folder path", key="audit_folder")
        st.button("Use the sample agreements", on_click=use_samples_folder)
    if st.button("Analyse the batch", type="primary"):
        run_batch(source, nlp, settings.max_bytes)
    if st.session_state.get("audit_results"):
        show_audit(st.session_state["audit_results"])


def run_batch(source: str, nlp, max_bytes: int) -> None:
    """Analyse the chosen files with a progress bar and keep the results in the session."""
    if source == UPLOAD:
        files = st.session_state.get("audit_files") or []
        total = len(files)
        stream = dash.analyse_files(nlp, ((f.name, f.getvalue()) for f in files),
                                    max_bytes=max_bytes)
    else:
        try:
            paths, others = dash.folder_files(st.session_state.get("audit_folder", ""))
        except dash.FolderError as err:
            st.error(dash.plain(str(err)))
            return
        if others:
            st.info(f"{others} other files were left out: only {', '.join(SUPPORTED)} files "
                    "are read.")
        total, stream = len(paths), dash.analyse_folder(nlp, paths, max_bytes=max_bytes)
    if not total:
        st.warning("No agreements to analyse: choose one or more files first.")
        return
    bar = st.progress(0.0, text=f"Analysing {total} documents...")
    results = []
    for done, result in enumerate(stream, 1):
        results.append(result)
        bar.progress(done / total, text=f"Analysed {done} of {total} documents")
    st.session_state["audit_results"] = results


def show_audit(results: list[dict]) -> None:
    """Show the batch's table, filters, charts, one document's view and the scan's files."""
    frame = dash.documents_frame(results)
    st.subheader("Filter")
    cols = st.columns(3)
    flags = cols[0].multiselect("Documents with any of these flags", FLAG_TYPES,
                                format_func=FLAG_NAMES.get, key="audit_flags")
    roles = cols[1].multiselect("Documents with commitments by", ROLES, key="audit_roles")
    score = cols[2].slider("Average SMART score", 0.0, 1.0, (0.0, 1.0), step=0.05,
                           key="audit_score")
    shown = dash.filter_documents(frame, flags=flags, roles=roles, score=score)
    st.subheader(f"Documents ({len(shown)} of {len(frame)})")
    score_bar = st.column_config.ProgressColumn("smart_score", min_value=0.0, max_value=1.0,
                                                format="%.2f")
    st.dataframe(shown, hide_index=True, column_config={"smart_score": score_bar})
    sources = set(shown["source"])
    chosen = [i for i, r in enumerate(results) if r["source"] in sources]
    show_charts([results[i] for i in chosen])
    st.subheader("One document in detail")
    if chosen:
        index = st.selectbox("Document", chosen, format_func=lambda i: results[i]["source"],
                             key="audit_document")
        show_document(results[index], key="audit_doc")
    st.subheader("Download the audit tables")
    st.caption("The same files as `analyser scan`: every document, not only the filtered ones.")
    cols = st.columns(len(dash.SCAN_FILES))
    for col, name in zip(cols, dash.SCAN_FILES, strict=True):
        col.download_button(name, partial(lambda n: dash.scan_outputs(results)[n], name),
                            file_name=name, key=f"audit_{name}")


def show_charts(results: list[dict]) -> None:
    """Flag prevalence, SMART distribution, balance and checklist coverage for a set."""
    summary = dash.corpus_summary(results)
    top, bottom = st.columns(2), st.columns(2)
    top[0].markdown("**Share of documents with each flag**")
    top[0].bar_chart(dash.flag_prevalence(summary), x="flag", y="share of documents",
                     horizontal=True)
    top[1].markdown("**Average SMART score of each document**")
    top[1].bar_chart(dash.smart_distribution(summary), x="average SMART score", y="documents")
    bottom[0].markdown("**Commitments by role, all documents**")
    balances = (r["document"]["balance"] for r in results if r["document"])
    bottom[0].bar_chart(dash.balance_frame(balances), x="role", y="commitments")
    bottom[1].markdown("**Share of documents with each checklist item**")
    bottom[1].bar_chart(dash.checklist_coverage(summary), x="checklist item",
                        y="share of documents", horizontal=True)


def method_view() -> None:
    """Explain the flags and scores, how well the model does, and the limits."""
    st.header("Method")
    st.info(JUDGEMENT)
    st.write("The analyser splits an agreement into clauses, works out who is asked to act in "
             "each, and looks for wording that inspections and reviews keep finding. Each finding "
             "says which principle it offends and suggests a better wording.")
    st.subheader("What each flag means")
    st.html(dash.legend_html())
    st.dataframe(dash.flag_meanings(), hide_index=True)
    st.subheader("SMART: what each score means")
    st.write("Each commitment gets a probability from 0 to 1 for each dimension from a small "
             "trained model; the clause's SMART score is their average.")
    st.dataframe(dash.smart_meanings(), hide_index=True)
    card = dash.model_card_sections(or_stop(load_settings).models_dir)
    for title in ("Scores", "Data", "Known limits"):
        if title in card:
            st.subheader(f"Model card: {title.lower()}")
            if title == "Scores":
                st.caption("F1 runs from 0 to 1 (1 is perfect) and combines how often the model "
                           "is right when it says a clause meets a dimension with how many such "
                           "clauses it finds. 'Test' figures come from clauses the model never "
                           "saw while it was built.")
            st.markdown(card[title])
    st.subheader("Limits")
    st.markdown(
        "- The flags come from word patterns and grammar: they can miss a problem or flag a "
        "clause that is fine in context. A clause with no flag is not necessarily a good clause.\n"
        "- Who is asked to act is worked out from the text; check it where wording is unusual.\n"
        "- The model and patterns were built on fictitious English agreements only.\n"
        f"- {JUDGEMENT} Use it to prompt a second look and a conversation, not to decide about a "
        "family.\n"
        f"- {PRIVACY}")


VIEWS = {"Check a draft": draft_view, "Audit a batch": audit_view, "Method": method_view}


def main() -> None:
    """Lay out the page: the sidebar chooses the view."""
    st.set_page_config(page_title="Agreement checker", layout="wide")
    st.html(f"<style>{dash.PAGE_STYLE}</style>")
    with st.sidebar:
        st.title("Agreement checker")
        st.write("Feedback on written agreements in children's social care.")
        view = st.radio("View", list(VIEWS), key="view")
        st.caption(JUDGEMENT)
        st.caption(PRIVACY)
    VIEWS[view]()


main()
