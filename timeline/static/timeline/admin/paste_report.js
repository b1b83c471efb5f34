// The admin's "Paste a report" page: a shell over POST /api/v1/reports/extract/ (read the text)
// and POST /api/v1/reports/ (create the source and the drafts), called with the editor's session.
// Text from the report and the API is only ever set as textContent, never parsed as HTML.
"use strict";

(function () {
  const root = document.getElementById("paste-report");
  if (!root) return;
  const $ = (selector) => root.querySelector(selector);
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  let extracted = null; // {text, answer}

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrf,
      },
      body: JSON.stringify(body),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = { detail: `The server answered ${response.status} ${response.statusText}.` };
    }
    return { ok: response.ok, status: response.status, data };
  }

  // Errors: DRF's {"field": ["message"]} or {"events": {"0": {"date": [...]}}}, flattened.
  function messages(errors, prefix) {
    if (typeof errors === "string") return [prefix ? `${prefix}: ${errors}` : errors];
    if (Array.isArray(errors)) return errors.flatMap((item) => messages(item, prefix));
    if (errors && typeof errors === "object") {
      return Object.entries(errors).flatMap(([key, value]) => {
        const name = key === "detail" || key === "non_field_errors" ? prefix : prefix ? `${prefix} ${key}` : key;
        return messages(value, name);
      });
    }
    return [];
  }

  function showErrors(list) {
    const note = $("#report-errors");
    note.replaceChildren();
    if (!list.length) {
      note.hidden = true;
      return;
    }
    note.append(element("span", {}, "Please correct these:"));
    const items = element("ul", { className: "errorlist" });
    for (const message of list) items.append(element("li", {}, message));
    note.append(items);
    note.hidden = false;
  }

  function sourceMode() {
    return root.querySelector("input[name=source-mode]:checked").value;
  }

  function published() {
    if (sourceMode() === "existing") {
      const option = $("#source-id").selectedOptions[0];
      return option ? option.dataset.published || "" : "";
    }
    return $("#source-published").value.trim();
  }

  function toggleSource() {
    const existing = sourceMode() === "existing";
    $(".source-existing").hidden = !existing;
    $(".source-new").hidden = existing;
  }
  for (const radio of root.querySelectorAll("input[name=source-mode]")) {
    radio.addEventListener("change", toggleSource);
  }
  toggleSource();

  // --- reading the text -------------------------------------------------------------------

  $("#report-extract").addEventListener("click", async () => {
    const text = $("#report-text").value;
    const body = { text };
    if (published()) body.published = published();
    const button = $("#report-extract");
    button.disabled = true;
    button.value = "Reading…";
    try {
      const { ok, data } = await post(root.dataset.extractUrl, body);
      if (!ok) {
        showErrors(messages(data));
        return;
      }
      showErrors([]);
      extracted = { text, answer: data };
      $("#report-created").hidden = true;
      render();
    } catch (error) {
      showErrors([`The text could not be read: ${error.message}`]);
    } finally {
      button.disabled = false;
      button.value = "Find places and dates";
    }
  });

  function placeLabel(candidate) {
    const where = `${candidate.latitude.toFixed(3)}, ${candidate.longitude.toFixed(3)}`;
    const stored = candidate.place_id ? " · stored" : "";
    return `${candidate.name} (${where}) · score ${candidate.score}${stored}`;
  }

  function highlights(answer) {
    const marks = [
      ...answer.places.map((place, index) => ({
        start: place.start,
        end: place.end,
        className: place.ambiguous ? "place ambiguous" : "place",
        title: place.ambiguous
          ? `Ambiguous: ${place.candidates.map((c) => c.name).join(" or ")}`
          : place.candidates[0].name,
        dataset: { place: index },
      })),
      ...answer.dates.map((date) => ({
        start: date.start,
        end: date.end,
        className: date.edtf ? "date" : "date unanchored",
        title: date.edtf ? `${date.label} (${date.edtf})` : "Cannot be dated without the publication date",
        dataset: {},
      })),
    ].sort((a, b) => a.start - b.start || b.end - a.end);
    const kept = [];
    let last = 0;
    for (const mark of marks) {
      if (mark.start >= last) {
        kept.push(mark);
        last = mark.end;
      }
    }
    return kept;
  }

  function renderText(text, answer) {
    const box = $("#report-highlighted");
    box.replaceChildren();
    const passages = answer.events.map((event) => event.passage);
    let position = 0;
    for (const mark of highlights(answer)) {
      box.append(text.slice(position, mark.start));
      box.append(
        element(
          "mark",
          { className: mark.className, title: mark.title, dataset: mark.dataset },
          text.slice(mark.start, mark.end),
        ),
      );
      position = mark.end;
    }
    box.append(text.slice(position));
    box.dataset.passages = JSON.stringify(passages);
  }

  function candidatesIn(answer, passage) {
    // Every candidate of every place named in the passage, the proposed one first.
    const seen = new Set();
    const options = [];
    for (const place of answer.places) {
      if (place.start < passage.start || place.end > passage.end) continue;
      for (const candidate of place.candidates) {
        if (seen.has(candidate.geonames_id)) continue;
        seen.add(candidate.geonames_id);
        options.push({ candidate, mention: place.mention, ambiguous: place.ambiguous });
      }
    }
    return options;
  }

  function eventCard(event, index) {
    const { text, answer } = extracted;
    const options = candidatesIn(answer, event.passage);
    const ambiguous = answer.places.some(
      (place) => place.ambiguous && place.start >= event.passage.start && place.end <= event.passage.end,
    );
    const placeSelect = element("select", { id: `event-${index}-place`, className: "event-place" });
    options.forEach((option, number) => {
      placeSelect.append(
        element(
          "option",
          { value: number, selected: event.place && option.candidate.geonames_id === event.place.geonames_id },
          `${option.mention} → ${placeLabel(option.candidate)}`,
        ),
      );
    });
    placeSelect.append(element("option", { value: "" }, "No place"));
    const card = element(
      "li",
      { className: "report-event", dataset: { index } },
      element(
        "label",
        { className: "event-accept" },
        element("input", { type: "checkbox", checked: true, id: `event-${index}-accept` }),
        " Create this draft",
      ),
      element("label", { for: `event-${index}-title` }, "Title"),
      element("input", { type: "text", id: `event-${index}-title`, className: "vTextField event-title", maxlength: 300, value: event.title }),
      element("label", { for: `event-${index}-date` }, "Date (EDTF or a phrase)"),
      element("input", {
        type: "text",
        id: `event-${index}-date`,
        className: "event-date",
        maxlength: 100,
        value: event.date || event.date_as_reported,
      }),
      element("div", { className: "help" }, `As reported: “${event.date_as_reported}”`),
      element("label", { for: `event-${index}-place` }, "Place"),
      placeSelect,
      ambiguous ? element("div", { className: "help ambiguous-note" }, "Ambiguous place: check the candidates.") : null,
      element("blockquote", { className: "event-passage" }, text.slice(event.passage.start, event.passage.end)),
      element("ul", { className: "errorlist event-errors" }),
    );
    card._options = options;
    card.addEventListener("mouseenter", () => focusPassage(event.passage));
    card.addEventListener("focusin", () => focusPassage(event.passage));
    card.querySelector("input[type=checkbox]").addEventListener("change", (change) => {
      card.classList.toggle("dropped", !change.target.checked);
      countAccepted();
    });
    return card;
  }

  function focusPassage(passage) {
    for (const mark of root.querySelectorAll("#report-highlighted mark")) mark.classList.remove("in-passage");
    const box = $("#report-highlighted");
    // Outline the passage's marks; the passage's own text is shown in its card.
    let offset = 0;
    for (const node of box.childNodes) {
      const length = node.textContent.length;
      if (node.nodeName === "MARK" && offset >= passage.start && offset + length <= passage.end) {
        node.classList.add("in-passage");
      }
      offset += length;
    }
  }

  function countAccepted() {
    const cards = [...root.querySelectorAll(".report-event")];
    const accepted = cards.filter((card) => card.querySelector("input[type=checkbox]").checked).length;
    $("#report-accepted").textContent = `${accepted} of ${cards.length} accepted`;
    $("#report-create").disabled = accepted === 0;
  }

  function render() {
    const { text, answer } = extracted;
    renderText(text, answer);
    const list = $("#report-events");
    list.replaceChildren(...answer.events.map(eventCard));
    const ambiguous = answer.places.filter((place) => place.ambiguous).length;
    $("#report-counts").textContent =
      `${answer.places.length} places (${ambiguous} to check), ${answer.dates.length} dates, ` +
      `${answer.events.length} proposed events.` +
      (answer.events.length ? "" : " No sentence names both a place and a date.");
    $("#report-review").hidden = false;
    countAccepted();
  }

  // --- creating the drafts ----------------------------------------------------------------

  function source() {
    if (sourceMode() === "existing") {
      return { source_id: Number($("#source-id").value) || null };
    }
    const fields = {
      outlet: $("#source-outlet").value.trim(),
      title: $("#source-title").value.trim(),
    };
    if ($("#source-url").value.trim()) fields.url = $("#source-url").value.trim();
    if ($("#source-published").value.trim()) fields.published = $("#source-published").value.trim();
    return { source: fields };
  }

  $("#report-create").addEventListener("click", async () => {
    if (!extracted) return;
    const cards = [...root.querySelectorAll(".report-event")].filter(
      (card) => card.querySelector("input[type=checkbox]").checked,
    );
    const type = $("#report-type").value;
    const events = cards.map((card) => {
      const event = extracted.answer.events[Number(card.dataset.index)];
      const choice = card.querySelector(".event-place").value;
      return {
        title: card.querySelector(".event-title").value,
        type,
        date: card.querySelector(".event-date").value,
        date_as_reported: event.date_as_reported,
        place: choice === "" ? null : card._options[Number(choice)].candidate,
        passage: event.passage,
      };
    });
    for (const list of root.querySelectorAll(".event-errors")) list.replaceChildren();
    const button = $("#report-create");
    button.disabled = true;
    try {
      const { ok, data } = await post(root.dataset.reportsUrl, { text: extracted.text, ...source(), events });
      if (!ok) {
        const { events: eventErrors, ...others } = data || {};
        if (eventErrors && typeof eventErrors === "object" && !Array.isArray(eventErrors)) {
          for (const [position, problems] of Object.entries(eventErrors)) {
            const card = cards[Number(position)];
            if (!card) continue;
            for (const message of messages(problems)) {
              card.querySelector(".event-errors").append(element("li", {}, message));
            }
          }
        }
        const general = messages(others);
        if (eventErrors && !general.length && Array.isArray(eventErrors)) general.push(...messages(eventErrors, "events"));
        showErrors(general.length ? general : ["Some drafts need correcting: see the messages beside them."]);
        return;
      }
      showErrors([]);
      created(data);
    } catch (error) {
      showErrors([`The drafts could not be created: ${error.message}`]);
    } finally {
      countAccepted();
    }
  });

  function created(data) {
    const box = $("#report-created");
    const list = box.querySelector("ul");
    list.replaceChildren();
    for (const event of data.events || []) {
      const url = root.dataset.changeUrl.replace("/0/", `/${event.id}/`);
      const item = element("li", {}, element("a", { href: url }, event.title || `Draft ${event.id}`));
      if (event.possible_duplicates && event.possible_duplicates.length) {
        item.append(` — may repeat ${event.possible_duplicates.map((id) => `#${id}`).join(", ")}`);
      }
      list.append(item);
    }
    $("#report-review").hidden = true;
    box.hidden = false;
  }
})();
