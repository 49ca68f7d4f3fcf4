// "Was this article helpful?": progressive enhancement of the plain forms in
// practice_blog/feedback/includes/helpful_widget.html. Without this file every form posts and the server
// redirects back with the thank-you; with it, the same forms are sent with fetch and the
// widget updates in place. The reader's answer and a random voter key (one per page, so
// answers on different pages cannot be linked) are remembered in localStorage — never a
// cookie — so a reload shows the answer instead of asking again.

const STORAGE_PREFIX = "practice-blog:helpful:";
const REMEMBERED_PANEL = { yes: "yes", no: "sent", sent: "sent" };

function storageKey(widget) {
  return `${STORAGE_PREFIX}${widget.dataset.page}`;
}

function remembered(widget) {
  try {
    const value = JSON.parse(window.localStorage.getItem(storageKey(widget)) || "null");
    if (value && /^[0-9a-f]{32}$/.test(value.voter) && value.state in REMEMBERED_PANEL) {
      return value;
    }
  } catch {
    // Storage switched off or unreadable: behave like a first visit.
  }
  return null;
}

function remember(widget, state, voter) {
  try {
    window.localStorage.setItem(storageKey(widget), JSON.stringify({ state, voter }));
  } catch {
    // Private browsing with storage disabled: the answer still counts, it is just not recalled.
  }
}

function newVoterKey() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function setVoter(widget, voter) {
  widget.querySelectorAll("[data-helpful-voter]").forEach((input) => {
    input.value = voter;
  });
}

function showPanel(widget, name, { focus = false } = {}) {
  let shown = null;
  widget.querySelectorAll("[data-helpful-panel]").forEach((panel) => {
    const visible = panel.dataset.helpfulPanel === name;
    panel.hidden = !visible;
    if (visible) shown = panel;
  });
  if (focus && shown) {
    const target = name === "question" ? shown.querySelector("button") : shown;
    target.focus();
  }
  return shown;
}

function announce(widget, text) {
  const status = widget.querySelector("[data-helpful-status]");
  status.textContent = "";
  // A fresh text node after a tick makes screen readers announce a repeated message too.
  window.setTimeout(() => {
    status.textContent = text;
  }, 50);
}

function showError(widget, message) {
  const error = widget.querySelector("[data-helpful-error]");
  error.textContent = message || "";
  error.hidden = !message;
}

function formBody(form, submitter) {
  const data = new FormData(form);
  if (submitter && submitter.name) data.set(submitter.name, submitter.value);
  return new URLSearchParams(data);
}

async function send(widget, form, submitter) {
  showError(widget, "");
  const buttons = form.querySelectorAll("button");
  buttons.forEach((button) => {
    button.disabled = true;
  });
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: formBody(form, submitter),
      headers: { Accept: "application/json" },
      credentials: "omit",
    });
    let reply = {};
    try {
      reply = await response.json();
    } catch {
      reply = {};
    }
    if (!response.ok || !reply.ok) {
      showError(widget, reply.error || "Sorry, your answer could not be sent. Please try again.");
      return;
    }
    const voter = reply.voter || widget.querySelector("[data-helpful-voter]").value;
    if (voter) {
      setVoter(widget, voter);
      remember(widget, reply.state, voter);
    }
    if (reply.state !== "no") form.reset();
    const panel = showPanel(widget, reply.state, { focus: true });
    const thanks = panel && panel.querySelector(".helpful__thanks");
    announce(widget, thanks ? thanks.textContent.trim() : reply.message || "");
  } catch {
    showError(widget, "Sorry, your answer could not be sent. Check your connection and try again.");
  } finally {
    buttons.forEach((button) => {
      button.disabled = false;
    });
  }
}

function enhance(widget) {
  const serverState = widget.dataset.state;
  const fromUrl = widget.querySelector("[data-helpful-voter]").value;
  const saved = remembered(widget);
  if (serverState && fromUrl) {
    // Came back from a vote sent without JavaScript: remember it from now on.
    remember(widget, serverState, fromUrl);
  } else if (saved) {
    setVoter(widget, saved.voter);
    if (!serverState) showPanel(widget, REMEMBERED_PANEL[saved.state]);
  } else {
    setVoter(widget, newVoterKey());
  }
  widget.querySelectorAll("[data-helpful-form]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(widget, form, event.submitter);
    });
  });
}

document.querySelectorAll("[data-helpful]").forEach(enhance);
