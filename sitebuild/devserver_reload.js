// The development server's script (sitebuild/devserver.py adds it to the pages it serves, never to a built file).
// The page reloads itself when a rebuild is done; a rebuild that failed shows its message over the page (which is
// the last good build) until the next good one. Runs under the site's Content-Security-Policy: styles are set
// through the DOM, never as markup. Its own words are English (a developer's tool), marked lang="en".
(() => {
  "use strict";

  const version = document.currentScript.dataset.version;
  const events = new EventSource(`/__devserver/events?version=${encodeURIComponent(version)}`);
  let overlay = null;
  let focusedBefore = null;

  function element(name, style, text) {
    const node = document.createElement(name);
    Object.assign(node.style, style);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hide() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (focusedBefore && focusedBefore.isConnected) focusedBefore.focus();
  }

  function show(message) {
    hide();
    focusedBefore = document.activeElement;
    overlay = element("div", {
      position: "fixed",
      inset: "1rem",
      zIndex: "2147483647",
      overflow: "auto",
      padding: "1.5rem",
      background: "#ffffff",
      color: "#1b1b1b",
      border: "0.5rem solid #b3261e",
      boxShadow: "0 0 0 100vmax rgba(0, 0, 0, 0.5)",
      font: "1rem/1.5 system-ui, sans-serif",
      textAlign: "start",
    });
    overlay.id = "devserver-problem";
    overlay.setAttribute("role", "alert");
    overlay.lang = "en";
    overlay.dir = "ltr";
    const title = element(
      "p",
      { margin: "0 0 0.5rem", fontSize: "1.25rem", fontWeight: "700" },
      "The last save was not built",
    );
    const note = element(
      "p",
      { margin: "0 0 1rem" },
      "This page is the last good build. Fix what is said below and save again: the page reloads by itself.",
    );
    const text = element(
      "pre",
      {
        margin: "0 0 1rem",
        whiteSpace: "pre-wrap",
        overflowWrap: "anywhere",
        font: "0.9375rem/1.5 ui-monospace, monospace",
      },
      message,
    );
    const close = element(
      "button",
      { font: "inherit", padding: "0.25rem 0.75rem", cursor: "pointer" },
      "Close (Esc)",
    );
    close.type = "button";
    close.addEventListener("click", hide);
    overlay.append(title, note, text, close);
    document.body.append(overlay);
    close.focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && overlay) hide();
  });
  events.addEventListener("problem", (event) => show(JSON.parse(event.data)));
  events.addEventListener("reload", () => {
    events.close();
    window.location.reload();
  });
})();
