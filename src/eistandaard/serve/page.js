// The upload page of `ei serve`: posts the chosen file to /validatie or /explain and shows the
// HTML answer in a sandboxed frame (no scripts run inside it). Nothing is stored.
"use strict";

const $ = (id) => document.getElementById(id);
const status = $("status");
const frame = $("result");
let chosen = null;

// What the page says itself, in the language chosen for the report: one language per check.
const WORDS = {
  nl: {
    chosen: "Gekozen: {name}",
    chooseFirst: "Kies eerst een bestand.",
    checking: "Bezig met controleren…",
    accepted: "goedgekeurd",
    rejected: "afgekeurd",
    error: "fout (geen oordeel)",
    choosePair: "Kies een verzoek en een antwoord.",
    comparing: "Bezig met vergelijken…",
    fits: "Antwoord past bij het verzoek",
    fitsNot: "Antwoord past niet bij het verzoek",
    failed: "Mislukt: {reason}",
  },
  en: {
    chosen: "Chosen: {name}",
    chooseFirst: "Choose a file first.",
    checking: "Checking…",
    accepted: "accepted",
    rejected: "rejected",
    error: "error (no verdict)",
    choosePair: "Choose a request and an answer.",
    comparing: "Comparing…",
    fits: "The answer fits the request",
    fitsNot: "The answer does not fit the request",
    failed: "Failed: {reason}",
  },
};

function say(key, values = {}) {
  const words = WORDS[$("lang").value] || WORDS.nl;
  return words[key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
}

function show(html) {
  frame.srcdoc = html;
  frame.classList.remove("hidden");
}

async function problemText(response) {
  try {
    const body = await response.json();
    return `${response.status} ${body.title}: ${body.detail}`;
  } catch (error) {
    return `${response.status} ${response.statusText}`;
  }
}

function choose(file) {
  chosen = file || null;
  $("download-rapport").disabled = $("download-json").disabled = !chosen;
  status.textContent = chosen ? say("chosen", { name: chosen.name }) : "";
}

async function validate(accept, format) {
  const lang = $("lang").value;
  return fetch(`/validatie?format=${format}&lang=${lang}`, {
    method: "POST",
    // A header carries Latin-1 only: the name goes percent-encoded (UTF-8), the service decodes it.
    headers: { Accept: accept, "X-Filename": encodeURIComponent(chosen.name) },
    body: chosen,
  });
}

async function check() {
  if (!chosen) {
    status.textContent = say("chooseFirst");
    return;
  }
  status.textContent = say("checking");
  const response = await validate("text/html", "html");
  if (!response.ok) {
    status.textContent = await problemText(response);
    return;
  }
  const verdict = response.headers.get("X-Verdict") || "";
  const known = ["accepted", "rejected", "error"].includes(verdict);
  status.textContent = `${chosen.name}: ${known ? say(verdict) : verdict}`;
  status.dataset.verdict = verdict;
  show(await response.text());
}

async function download(accept, format, suffix) {
  if (!chosen) return;
  const response = await validate(accept, format);
  if (!response.ok) {
    status.textContent = await problemText(response);
    return;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = chosen.name.replace(/\.(xml|zip)$/i, "") + suffix;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function compare() {
  const request = $("request").files[0];
  const answer = $("answer").files[0];
  if (!request || !answer) {
    status.textContent = say("choosePair");
    return;
  }
  const form = new FormData();
  form.append("request", request);
  form.append("answer", answer);
  status.textContent = say("comparing");
  const response = await fetch(`/explain?format=html&lang=${$("lang").value}`, {
    method: "POST",
    body: form,
  });
  if (!response.ok) {
    status.textContent = await problemText(response);
    return;
  }
  const consistent = response.headers.get("X-Consistent") === "true";
  status.textContent = say(consistent ? "fits" : "fitsNot");
  show(await response.text());
}

$("file").addEventListener("change", (event) => choose(event.target.files[0]));
// A request that fails in the browser (network, an unreadable file) is told, never left pending.
const told = (action) => () =>
  action().catch((error) => {
    status.textContent = say("failed", { reason: error.message || error });
  });
$("run").addEventListener("click", told(check));
$("download-rapport").addEventListener("click", told(() => download("application/xml", "rapport", ".rapport.xml")));
$("download-json").addEventListener("click", told(() => download("application/json", "json", ".json")));
$("run-compare").addEventListener("click", told(compare));
const drop = $("drop");
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  choose(event.dataTransfer.files[0]);
});
