// Progressive enhancement for the comment form: send it in place, then put what happens next
// (check your email, or the crisis services for a comment a person must read first) where the
// form was, and move focus there. Without JavaScript the form posts and redirects as usual.
const SELECTOR = "form[data-comment-form]";

function describedBy(field) {
    return (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
}

// Take away what an earlier answer (or the page rendered again with errors) marked.
function clearErrors(form) {
    form.querySelectorAll(".comment-form__error").forEach((note) => note.remove());
    form.querySelectorAll("[aria-invalid]").forEach((field) => {
        field.removeAttribute("aria-invalid");
        const ids = describedBy(field).filter((id) => id !== `${field.id}-error`);
        if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
        else field.removeAttribute("aria-describedby");
    });
    form.querySelectorAll(".comment-form__field--error").forEach((box) => {
        box.classList.remove("comment-form__field--error");
    });
}

// The same markup the server renders without JavaScript: a summary whose items link to their
// fields, and each field's own message beside it, tied to it with aria-describedby.
function showErrors(form, result) {
    clearErrors(form);
    const box = form.querySelector("[data-comment-errors]");
    const list = document.createElement("ul");
    for (const [name, errors] of Object.entries(result.errors || {})) {
        const field = form.querySelector(`[name="${name}"]`);
        const shown = field && field.type !== "hidden" && field.id;
        const messages = errors.map((error) => error.message);
        for (const message of messages) {
            const item = document.createElement("li");
            if (shown) {
                const link = document.createElement("a");
                link.href = `#${field.id}`;
                link.textContent = message;
                item.append(link);
            } else {
                item.textContent = message;
            }
            list.append(item);
        }
        if (shown) {
            const note = document.createElement("p");
            note.className = "comment-form__error";
            note.id = `${field.id}-error`;
            note.textContent = messages.join(" ");
            field.before(note);
            field.setAttribute("aria-invalid", "true");
            field.setAttribute("aria-describedby", [...describedBy(field), note.id].join(" "));
            const wrapper = field.closest(".comment-form__field");
            if (wrapper) wrapper.classList.add("comment-form__field--error");
        }
    }
    box.replaceChildren();
    const lead = document.createElement("p");
    // The message repeats the listed errors when there are any: say it once.
    lead.textContent = list.children.length ? "Please check what you wrote:" : result.message;
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
