// Live safe-messaging check in the page editor: re-checks the text as the editor types.
// Without this script the panel still shows the findings for the last saved draft.
(function () {
    "use strict";

    const DELAY_MS = 1200;
    // Fields that are not prose a reader sees (or are our own help text).
    const SKIPPED_NAME = /(^|-)(slug|csrfmiddlewaretoken|content_note|tags|url|seo_title)$/;

    function labelFor(element) {
        const wrapper = element.closest("[data-field-wrapper], .w-field__wrapper, [data-contentpath]");
        const label = wrapper && wrapper.querySelector("label, legend, .w-field__label");
        return label ? label.textContent.replace(/\s+/g, " ").replace(/\*$/, "").trim() : "Page";
    }

    function collect(form, panel) {
        const chunks = [];
        for (const field of form.querySelectorAll('input[type="text"], textarea')) {
            if (!field.name || SKIPPED_NAME.test(field.name) || !field.value.trim()) continue;
            chunks.push({ where: labelFor(field), text: field.value });
        }
        for (const editor of form.querySelectorAll('[contenteditable="true"]')) {
            const text = editor.innerText || "";
            if (text.trim()) chunks.push({ where: labelFor(editor), text });
        }
        const sensitive = form.querySelector('input[name="is_sensitive"]');
        return {
            chunks,
            is_sensitive: Boolean(sensitive && sensitive.checked),
            has_help_block: panel.dataset.hasHelpBlock === "true",
        };
    }

    function element(tag, text) {
        const node = document.createElement(tag);
        if (text !== undefined) node.textContent = text;
        return node;
    }

    function render(results, findings) {
        const phrases = findings.filter((finding) => finding.kind === "phrase");
        const warnings = findings.filter((finding) => finding.kind === "warning");
        const tips = findings.filter((finding) => finding.kind === "tip");
        results.replaceChildren();
        if (!phrases.length && !warnings.length) {
            results.append(element("p", "No suggestions. Nothing in this page matches the safe-messaging list."));
        }
        if (warnings.length) {
            results.append(element("h3", "About the whole page"));
            const list = element("ul");
            for (const finding of warnings) {
                const item = element("li");
                item.append(element("strong", `${finding.flagged}. `), `${finding.suggestion} `);
                item.append(element("em", "Why:"), ` ${finding.reason}`);
                list.append(item);
            }
            results.append(list);
        }
        if (phrases.length) {
            results.append(element("h3", `Wording (${phrases.length})`));
            const table = element("table");
            table.className = "listing";
            const head = table.createTHead().insertRow();
            for (const title of ["Where", "Written", "Consider", "Why"]) {
                const cell = element("th", title);
                cell.scope = "col";
                head.append(cell);
            }
            const body = table.createTBody();
            for (const finding of phrases) {
                const row = body.insertRow();
                row.insertCell().textContent = finding.where;
                const written = row.insertCell();
                written.append(element("mark", finding.flagged), element("br"), element("small", finding.excerpt));
                row.insertCell().textContent = finding.suggestion;
                row.insertCell().textContent = finding.reason;
            }
            results.append(table);
        }
        for (const finding of tips) {
            const tip = element("p");
            tip.append(element("strong", `Tip: ${finding.flagged}. `), `${finding.suggestion} ${finding.reason}`);
            results.append(tip);
        }
        return phrases.length + warnings.length;
    }

    function start(panel) {
        const form = panel.closest("form");
        const results = panel.querySelector("[data-safe-messaging-results]");
        const status = panel.querySelector("[data-safe-messaging-status]");
        const token = form && form.querySelector('input[name="csrfmiddlewaretoken"]');
        if (!form || !results || !status || !token) return;
        let timer = null;
        let latest = 0;

        async function check() {
            const request = ++latest;
            try {
                const response = await fetch(panel.dataset.checkUrl, {
                    method: "POST",
                    credentials: "same-origin",
                    headers: { "Content-Type": "application/json", "X-CSRFToken": token.value },
                    body: JSON.stringify(collect(form, panel)),
                });
                if (!response.ok) throw new Error(`HTTP ${response.status}`);
                const data = await response.json();
                if (request !== latest) return; // a newer check is on its way
                const count = render(results, data.findings);
                status.textContent = count
                    ? `Checked as you type: ${count} suggestion${count === 1 ? "" : "s"}. Nothing you write is blocked.`
                    : "Checked as you type: no suggestions.";
            } catch (error) {
                status.textContent = "The live check is not available; the findings below are from the last save.";
            }
        }

        const schedule = () => {
            window.clearTimeout(timer);
            timer = window.setTimeout(check, DELAY_MS);
        };
        form.addEventListener("input", schedule);
        form.addEventListener("change", schedule);
        // Draftail edits do not always bubble an input event to the form.
        form.addEventListener("keyup", (event) => {
            if (event.target.closest && event.target.closest('[contenteditable="true"]')) schedule();
        });
    }

    function init() {
        for (const panel of document.querySelectorAll("[data-safe-messaging][data-check-url]")) start(panel);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
