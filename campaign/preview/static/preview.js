// The preview page: a picker, the edition's pages with a hotspot over every
// message, and live updates from the server's event stream. Text from the
// catalogs is only ever set with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const picker = ["country", "locale", "audience", "target"];
let choices = null;
let state = null; // what /api/preview returned for the shown edition

function element(tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== null) node.textContent = text;
  return node;
}

function fill(select, options, wanted) {
  select.replaceChildren(...options.map(([value, label]) => element("option", { value }, label)));
  if (options.some(([value]) => value === wanted)) select.value = wanted;
}

function selected() {
  return Object.fromEntries(picker.map((name) => [name, $(name).value]));
}

function fillLocales(wanted) {
  const country = choices.countries.find((c) => c.code === $("country").value);
  fill($("locale"), country.locales.map((l) => [l.code, l.name]), wanted);
}

async function start() {
  const response = await fetch("/api/choices");
  choices = await response.json();
  if (!response.ok) return showErrors(choices.errors);
  const query = new URLSearchParams(location.search);
  fill($("country"), choices.countries.map((c) => [c.code, `${c.name} (${c.code})`]), query.get("country"));
  fillLocales(query.get("locale"));
  fill($("audience"), choices.audiences.map((a) => [a, a]), query.get("audience"));
  fill($("target"), choices.targets.map((t) => [t, t]), query.get("target") || "screen");
  $("country").addEventListener("change", () => { fillLocales(null); pick(); });
  for (const name of ["locale", "audience", "target"]) $(name).addEventListener("change", pick);
  listen();
  pick();
}

function pick() {
  history.replaceState(null, "", "?" + new URLSearchParams(selected()));
  state = null;
  $("pages").replaceChildren();
  $("pages").dataset.version = "0";
  $("pages").dataset.checked = "false";
  load();
}

function editionKey() {
  const s = selected();
  return `${s.country}/${s.locale}/${s.audience}`;
}

async function load() {
  const wanted = editionKey();
  const response = await fetch("/api/preview?" + new URLSearchParams(selected()));
  const next = await response.json();
  if (editionKey() !== wanted) return; // the picker moved on meanwhile
  if (!response.ok) return showErrors(next.errors);
  if (next.pending) return setStatus("Laying out the leaflet…", true); // an update event follows
  if (state && next.version === state.version && next.checked && !state.checked) return addProblems(next);
  if (state && next.version <= state.version) return; // already shown
  state = next;
  await showPages(state);
  showErrors(state.errors);
  report(state);
}

function report(shown) {
  const parts = [];
  if (shown.saved_at) {
    // Save to update: from the file's modification time to the pictures being on screen.
    const latency = Date.now() - shown.saved_at * 1000;
    parts.push(`Updated ${Math.max(0, Math.round(latency))} ms after the save`);
    $("status").dataset.latency = String(Math.round(latency));
  }
  parts.push(`laid out and drawn in ${shown.layout_ms} ms`);
  if (!shown.ok) parts.push("showing the last pages that worked");
  setStatus(parts.join(" · "), false);
}

function setStatus(text, busy) {
  $("status").textContent = text;
  $("status").classList.toggle("busy", busy);
}

function showErrors(errors) {
  $("errors").hidden = !errors || errors.length === 0;
  $("error-list").replaceChildren(...(errors || []).map((line) => element("li", {}, line)));
  if (errors && errors.length && !state) setStatus("This leaflet cannot be shown yet", false);
}

function showPages(shown) {
  if (shown.pages.length === 0) return Promise.resolve();
  const loaded = [];
  const pages = shown.pages.map((url, number) => {
    const page = element("div", { class: "page", "data-page": String(number) });
    const image = element("img", { src: url, alt: `Page ${number + 1} of the leaflet`, class: "page-image" });
    loaded.push(image.decode().catch(() => {}));
    page.append(image);
    for (const box of shown.boxes.filter((b) => b.page === number)) page.append(hotspot(box, shown));
    return page;
  });
  // Swap only when the new pictures are ready, so the page never flickers.
  return Promise.all(loaded).then(() => {
    $("pages").replaceChildren(...pages);
    $("pages").dataset.version = String(shown.version);
    $("pages").dataset.checked = String(Boolean(shown.checked));
    // The problems may have arrived while the pictures were decoding.
    for (const spot of pages.flatMap((page) => [...page.querySelectorAll(".hotspot")])) {
      markProblems(spot, shown.messages[Number(spot.dataset.message)]);
    }
  });
}

function hotspot(box, shown) {
  const spot = element("div", { class: "hotspot", "data-message": String(box.message) });
  markProblems(spot, shown.messages[box.message]);
  Object.assign(spot.style, {
    left: `${box.x * 100}%`, top: `${box.y * 100}%`,
    width: `${box.width * 100}%`, height: `${box.height * 100}%`,
  });
  // Looked up when pointed at: the check problems arrive after the pages.
  spot.addEventListener("mouseenter", () => showDetails(box.message, shown.messages[box.message]));
  return spot;
}

function markProblems(spot, message) {
  // Errors stop the build; warnings (such as "longer than the English") are worth a look.
  const error = message.problems.some((p) => p.severity === "error");
  spot.classList.toggle("problem", message.problems.length > 0);
  spot.classList.toggle("error", message.problems.length > 0 && error);
  spot.classList.toggle("warning", message.problems.length > 0 && !error);
}

function addProblems(next) {
  // Same pages, now with what the catalog checks say about each message.
  state.messages = next.messages;
  state.checked = true;
  for (const spot of document.querySelectorAll(".hotspot")) {
    markProblems(spot, state.messages[Number(spot.dataset.message)]);
  }
  const active = document.querySelector(".hotspot.active");
  if (active) showDetails(Number(active.dataset.message), state.messages[Number(active.dataset.message)]);
  $("pages").dataset.checked = "true";
}

function showDetails(number, message) {
  for (const spot of document.querySelectorAll(".hotspot")) {
    spot.classList.toggle("active", spot.dataset.message === String(number));
  }
  const where = message.file ? `${message.file}, line ${message.line}` : "no catalog entry";
  const parts = [
    element("h3", {}, "English"), element("p", { class: "english" }, message.english),
    element("h3", {}, "Translation"),
    element("p", { class: "translation", lang: $("locale").value.replace(/_/g, "-") }, message.translation),
    element("span", { class: `state ${message.state}` }, message.state),
  ];
  if (message.context) parts.push(element("h3", {}, "Context"), element("p", {}, message.context));
  if (message.comments.length) {
    parts.push(element("h3", {}, "Translator comment"),
               ...message.comments.map((c) => element("p", { class: "comment" }, c)));
  }
  parts.push(element("h3", {}, "Catalog"), element("p", { class: "where" }, where));
  if (message.problems.length) {
    const list = element("ul", { class: "problems" });
    list.append(...message.problems.map((p) => element("li", { class: p.severity }, p.text)));
    parts.push(element("h3", {}, "Check problems"), list);
  }
  $("details").replaceChildren(...parts);
}

function listen() {
  const events = new EventSource("/events");
  // On (re)connecting, ask again: an update may have come while not listening.
  events.addEventListener("hello", () => load());
  events.addEventListener("update", (event) => {
    const update = JSON.parse(event.data);
    if (update.edition === editionKey() && update.target === $("target").value) load();
  });
  events.addEventListener("error", () => setStatus("Lost the connection to the preview server", false));
}

start();
