/* The event form's date field: as the editor types a date phrase or EDTF, show the EDTF, the
   span and the label that saving will store, from the same endpoint the API offers
   (GET /api/v1/dates/parse/). The server decides; this only shows its answer. */
"use strict";

(function () {
  const DELAY_MS = 250;

  function setup(input) {
    const url = input.dataset.datePreview;
    const reference = input.form.elements[input.dataset.dateReference];
    const preview = document.createElement("div");
    // Under the field, aligned with it and its help text as the admin aligns them.
    preview.className = "help date-preview";
    preview.setAttribute("aria-live", "polite");
    const row = input.closest(".flex-container") || input;
    row.insertAdjacentElement("afterend", preview);
    let timer = null;
    let latest = 0;

    function show(parts, isError) {
      preview.replaceChildren();
      preview.classList.toggle("date-preview-error", isError);
      for (const [name, value] of parts) {
        const item = document.createElement("span");
        if (name) {
          const label = document.createElement("strong");
          label.textContent = name + " ";
          item.append(label);
        }
        item.append(value);
        preview.append(item);
      }
    }

    async function ask() {
      const phrase = input.value.trim();
      if (!phrase) {
        show([], false);
        return;
      }
      const params = new URLSearchParams({ q: phrase });
      if (reference && reference.value.trim()) params.set("ref", reference.value.trim());
      const request = ++latest;
      let response;
      let body;
      try {
        response = await fetch(url + "?" + params, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        body = await response.json();
      } catch (error) {
        if (request === latest) show([["", "The date could not be checked now."]], true);
        return;
      }
      if (request !== latest) return; // an older answer that arrived late
      if (response.ok) {
        const span = body.earliest === body.latest ? body.earliest : body.earliest + " – " + body.latest;
        show(
          [
            ["Will store", body.edtf],
            ["Span", span],
            ["Label", body.label + " (" + body.precision + ")"],
          ],
          false,
        );
      } else {
        const messages = body.q || body.ref || [body.detail || "Not a date."];
        show([["", messages.join(" ")]], true);
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    }

    input.addEventListener("input", schedule);
    if (reference) reference.addEventListener("input", schedule);
    ask();
  }

  function start() {
    document.querySelectorAll("input[data-date-preview]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
