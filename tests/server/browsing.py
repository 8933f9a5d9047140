"""Driving the query page in a real browser: Debian's headless Chromium through Playwright, the page's own
Content-Security-Policy in force (no ``bypass_csp``), every CSP violation reported as a problem. The browser
is the session's (``browser`` in tests/conftest.py)."""

from __future__ import annotations

#: Reports every CSP violation as a console error (which the page fixture collects as a problem).
CSP_REPORTER = ("document.addEventListener('securitypolicyviolation', (e) => console.error("
                "'CSP violation: ' + e.effectiveDirective + ' ' + e.blockedURI))")
#: The page's editor (CodeMirror's public EditorView.findFromDOM).
VIEW = "PartnerkgEditor.EditorView.findFromDOM(document.querySelector('#editor .cm-editor'))"


def open_page(browser, url: str):
    """A tab on ``url`` under the page's real CSP, recording problems (console errors and warnings, page
    errors, CSP violations), requests and dialogs; ready once the page has its library and vocabulary."""
    context = browser.new_context(accept_downloads=True)
    tab = context.new_page()
    tab.problems = []
    tab.requests = []
    tab.dialogs = []
    tab.add_init_script(CSP_REPORTER)
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.goto(url)
    tab.wait_for_selector("body[data-ready=true]")
    return tab


def set_editor(page, text: str) -> None:
    """Replace the editor's text, as a paste would."""
    page.evaluate(f"(t) => {{ const v = {VIEW}; v.dispatch({{ changes: {{ from: 0, to: v.state.doc.length, "
                  "insert: t } }); }", text)


def editor_text(page) -> str:
    return page.evaluate(f"{VIEW}.state.doc.toString()")
