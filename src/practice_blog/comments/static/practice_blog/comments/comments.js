// Progressive enhancement for the comment form: send it in place, then put what happens next
// (check your email, or the crisis services for a comment a person must read first) where the
// form was, and move focus there. Without JavaScript the form posts and redirects as usual.
const SELECTOR = "form[data-comment-form]";

function showErrors(form, result) {
    const box = form.querySelector("[data-comment-errors]");
    form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
    const list = document.createElement("ul");
    for (const [name, errors] of Object.entries(result.errors || {})) {
        const field = form.querySelector(`[name="${name}"]`);
        if (field && field.type !== "hidden") field.setAttribute("aria-invalid", "true");
        for (const error of errors) {
            const item = document.createElement("li");
            item.textContent = error.message;
            list.append(item);
        }
    }
    box.replaceChildren();
    const lead = document.createElement("p");
    lead.textContent = result.message;
    box.append(lead);
    if (list.children.length) box.append(list);
    box.setAttribute("tabindex", "-1");
    box.focus();
}

async function submitInPlace(event) {
    const form = event.target.closest(SELECTOR);
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    let response;
    let result;
    try {
        response = await fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            headers: { Accept: "application/json" },
            credentials: "omit",
        });
        result = await response.json();
    } catch {
        // Network trouble or an unexpected answer: send it the ordinary way instead
        // (form.submit() fires no submit event, so this handler does not run again).
        button.disabled = false;
        form.submit();
        return;
    }
    button.disabled = false;
    if (!response.ok || !result.ok) {
        showErrors(form, result);
        return;
    }
    // The answer is our own server's markup for the outcome (never the reader's text).
    const template = document.createElement("template");
    template.innerHTML = result.html;
    const outcome = template.content.firstElementChild;
    form.replaceWith(template.content);
    if (outcome) outcome.focus();
}

document.addEventListener("submit", submitInPlace);
