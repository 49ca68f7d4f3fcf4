// Article page enhancements. Everything here improves something that already works without
// JavaScript: the share link is visible and selectable, and each video has a plain link.

/** Show a "Copy link" button beside the article's address and copy it on click. */
function enhanceCopyLink(container) {
    const input = container.querySelector(".share__url");
    const button = container.querySelector(".share__copy-button");
    const status = container.querySelector(".share__status");
    if (!input || !button) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
        try {
            await navigator.clipboard.writeText(input.value);
            status.textContent = "Link copied.";
        } catch {
            // No clipboard permission: select the text so the reader can copy it themselves.
            input.focus();
            input.select();
            status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
        }
    });
}

/** Replace a video's placeholder with the player, only when the reader asks for it. */
function enhanceVideo(figure) {
    const placeholder = figure.querySelector(".video-embed__placeholder");
    const button = figure.querySelector(".video-embed__play");
    const playerUrl = figure.dataset.playerUrl;
    if (!placeholder || !button || !playerUrl) return;
    button.hidden = false;
    button.addEventListener("click", () => {
        const url = new URL(playerUrl);
        url.searchParams.set("autoplay", "1");
        const frame = document.createElement("iframe");
        frame.src = url.toString();
        frame.title = figure.dataset.videoTitle || "Video";
        frame.className = "video-embed__frame";
        frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        frame.allowFullscreen = true;
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        frame.tabIndex = -1;
        placeholder.replaceWith(frame);
        frame.focus();
    });
}

document.querySelectorAll("[data-copy-link]").forEach(enhanceCopyLink);
document.querySelectorAll("[data-video-embed]").forEach(enhanceVideo);
