// Progressive enhancement: lets a reader hide the crisis banner for this browser session only.
// The server adds `data-dismissible` only when staff allow it and never on sensitive pages.
// The stored value is the banner's version (a hash of its text), so a changed banner returns.
// sessionStorage, not a cookie: nothing is sent to the server and it ends with the session.
const STORAGE_KEY = "practice-blog:crisis-banner-hidden";
const SELECTOR = "[data-crisis-banner][data-dismissible]";

function hiddenVersion() {
    try {
        return window.sessionStorage.getItem(STORAGE_KEY);
    } catch {
        return null; // storage switched off: the banner simply stays
    }
}

function hideAll() {
    for (const banner of document.querySelectorAll(SELECTOR)) banner.hidden = true;
}

function addHideButton(banner) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "crisis-banner__hide";
    button.textContent = "Hide this message for now";
    button.addEventListener("click", () => {
        try {
            window.sessionStorage.setItem(STORAGE_KEY, banner.dataset.version);
        } catch {
            // Without storage the banner is hidden on this page only.
        }
        hideAll();
        // Focus would be lost with the button; move it to the main content.
        document.getElementById("main")?.focus();
    });
    banner.querySelector(".crisis-banner__inner")?.append(button);
}

for (const banner of document.querySelectorAll(SELECTOR)) {
    if (hiddenVersion() === banner.dataset.version) {
        banner.hidden = true;
    } else {
        addHideButton(banner);
    }
}
