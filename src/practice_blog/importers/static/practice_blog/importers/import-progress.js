// Import a blog: while an import runs, ask how far it has got every two seconds and show it;
// when it ends, load the page again to show the report. Without this script the page has a
// Refresh button, which is also what it points to when the answers stop coming.
(() => {
  const box = document.querySelector("[data-import-progress]");
  if (!box) return;
  const shown = box.querySelector("[data-import-progress-text]");
  const announced = box.querySelector("[data-import-progress-announce]");
  const bar = box.querySelector("progress");
  const MAX_FAILURES = 5;
  let failures = 0;

  const check = async () => {
    try {
      const response = await fetch(box.dataset.importProgress, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const progress = await response.json();
      failures = 0;
      if (!progress.in_progress) {
        window.location.reload();
        return;
      }
      const words = progress.total
        ? `${progress.status_label}: ${progress.done} of ${progress.total} articles.`
        : `${progress.status_label}: reading the file.`;
      shown.textContent = words;
      bar.max = progress.total || 1;
      bar.value = progress.done;
      bar.textContent = `${progress.done} of ${progress.total}`;
      // A screen reader hears every tenth article and the last, not every tick.
      if (progress.done % 10 === 0 || progress.done === progress.total) {
        announced.textContent = words;
      }
    } catch {
      failures += 1;
      if (failures >= MAX_FAILURES) {
        shown.textContent = "This page stopped updating. Use Refresh to see how far the import has got.";
        announced.textContent = shown.textContent;
        return;
      }
    }
    window.setTimeout(check, 2000);
  };
  window.setTimeout(check, 2000);
})();
