// Import a blog: while an import runs, ask how far it has got every two seconds and show it;
// when it ends, load the page again to show the report. Without this script the page has a
// Refresh button.
(() => {
  const box = document.querySelector("[data-import-progress]");
  if (!box) return;
  const text = box.querySelector("[data-import-progress-text]");
  const bar = box.querySelector("progress");
  let shown = text.textContent.trim();

  const check = async () => {
    try {
      const response = await fetch(box.dataset.importProgress, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const progress = await response.json();
      if (!progress.in_progress) {
        window.location.reload();
        return;
      }
      const words = progress.total
        ? `${progress.status_label}: ${progress.done} of ${progress.total} articles.`
        : `${progress.status_label}: reading the file.`;
      bar.max = progress.total || 1;
      bar.value = progress.done;
      bar.textContent = `${progress.done} of ${progress.total}`;
      // Only every tenth article is announced, so a screen reader is not flooded.
      if (words !== shown && (progress.done % 10 === 0 || progress.done === progress.total)) {
        text.textContent = words;
        shown = words;
      }
    } catch {
      // A missed answer is tried again at the next tick; the Refresh button still works.
    }
    window.setTimeout(check, 2000);
  };
  window.setTimeout(check, 2000);
})();
