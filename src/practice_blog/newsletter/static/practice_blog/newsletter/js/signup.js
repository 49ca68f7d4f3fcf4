// Progressive enhancement for the newsletter signup form: send it in place and announce the
// result in the form's live region. Without JavaScript the form posts and redirects as usual.
const SELECTOR = "form[data-newsletter-signup]";

async function submitInPlace(event) {
    const form = event.target.closest(SELECTOR);
    if (!form) return;
    event.preventDefault();
    const status = form.querySelector("[role=status]");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "Sending…";
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
        // Network trouble or an unexpected answer: fall back to an ordinary submission
        // (form.submit() fires no submit event, so this handler does not run again).
        button.disabled = false;
        form.submit();
        return;
    }
    button.disabled = false;
    form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
    for (const name of Object.keys(result.errors || {})) {
        const field = form.querySelector(`[name="${name}"]`);
        if (field && field.type !== "hidden") field.setAttribute("aria-invalid", "true");
    }
    status.textContent = result.message;
    if (response.ok) form.reset();
}

document.addEventListener("submit", submitInPlace);
