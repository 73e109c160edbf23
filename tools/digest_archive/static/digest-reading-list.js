// A reader's list of papers, kept in this browser's localStorage: no account,
// no server, no request. Each card's Save button adds its paper or takes it
// off; the reading-list page lists the papers, exports them as BibTeX, RIS or
// CSL-JSON (the records the archive wrote for each card, joined here), and
// saves the list as a file or adds the papers of one. The buttons and the
// list are hidden in the page and shown here: without this script, or
// without storage, there is nothing to save to.
"use strict";

const STORE = "digest-archive.reading-list";
// The list as a file: what it says it is, so that another file is refused.
const FORMAT = "digest-archive reading list";
const VERSION = 1;
// What a saved paper holds, every one a string. A list read from storage or
// from a file is data anyone could have written: a paper is kept only if it
// has them all, and its key and page are plain paths (see valid()).
const FIELDS = ["key", "title", "date", "page", "bibtex", "ris", "csl"];
const KEY = /^[A-Za-z0-9_:.-]{1,200}$/;
const PAGE = /^[A-Za-z0-9_.\/-]{1,300}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function storage() {
  try {
    localStorage.setItem(`${STORE}.test`, "1");
    localStorage.removeItem(`${STORE}.test`);
    return localStorage;
  } catch {
    return null; // storage turned off, or a private window without it
  }
}

function valid(paper) {
  if (paper === null || typeof paper !== "object") return false;
  if (!FIELDS.every((field) => typeof paper[field] === "string")) return false;
  if (!KEY.test(paper.key) || !PAGE.test(paper.page) || !DATE.test(paper.date)) return false;
  // Relative and below the site's root: "//host/…" would lead to another site, "/…" and ".." out of it.
  if (paper.page.startsWith("/") || paper.page.split("/").includes("..")) return false;
  try {
    const item = JSON.parse(paper.csl);
    return item !== null && typeof item === "object" && !Array.isArray(item);
  } catch {
    return false;
  }
}

function only(paper) {
  return Object.fromEntries(FIELDS.map((field) => [field, paper[field]]));
}

function load(store) {
  try {
    const papers = JSON.parse(store.getItem(STORE) ?? "[]");
    return Array.isArray(papers) ? papers.filter(valid) : [];
  } catch {
    return [];
  }
}

function keep(store, papers) {
  store.setItem(STORE, JSON.stringify(papers.map(only)));
}

// The site's root, from Sphinx's data-content_root: saved pages are paths
// below it, so that a list still leads to them on a copy of the site.
function siteRoot() {
  return new URL(document.documentElement.dataset.content_root ?? "./", location.href);
}

function pageHere(root) {
  const here = new URL(location.href);
  here.hash = "";
  here.search = "";
  return here.href.startsWith(root.href) ? decodeURI(here.href.slice(root.href.length)) : null;
}

// A card's paper as the list keeps it: its records as the card carries them
// (its RIS as a JSON string, its CSL-JSON item with its title), its BibTeX
// the card's own block. A card on another page than its digest's (the home
// page's) names its digest's page and carries its BibTeX itself.
function paperOf(button, here) {
  const { key, date, ris, csl } = button.dataset;
  const page = button.dataset.page ?? here;
  const block = button.parentElement.querySelector(".digest-cite pre");
  try {
    const paper = { key, date, page, csl, ris: JSON.parse(ris), title: JSON.parse(csl).title ?? key };
    const carried = button.dataset.bibtex;
    paper.bibtex = carried !== undefined ? JSON.parse(carried) : block ? block.textContent : "";
    return valid(paper) ? paper : null;
  } catch {
    return null;
  }
}

function setUpSaveButtons(store) {
  const buttons = [...document.querySelectorAll("button.digest-save")];
  const page = pageHere(siteRoot());
  if (buttons.length === 0 || page === null) return;
  const show = () => {
    const saved = new Set(load(store).map((paper) => paper.key));
    for (const button of buttons) {
      const on = saved.has(button.dataset.key);
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? button.dataset.savedLabel : button.dataset.label;
    }
  };
  for (const button of buttons) {
    button.dataset.label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", () => {
      const papers = load(store);
      const at = papers.findIndex((paper) => paper.key === button.dataset.key);
      if (at >= 0) {
        papers.splice(at, 1);
      } else {
        const paper = paperOf(button, page);
        if (paper !== null) papers.push(paper);
      }
      keep(store, papers);
      show();
    });
  }
  show();
  // Saved or removed in another tab, or on the reading-list page.
  window.addEventListener("storage", (event) => {
    if (event.key === STORE) show();
  });
}

function download(name, type, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

// Each format as the archive's own files write it, the papers in the list's order.
const EXPORTS = {
  "digest-export-bibtex": (papers) =>
    ["reading-list.bib", "application/x-bibtex", papers.map((p) => `${p.bibtex.trim()}\n`).join("\n")],
  "digest-export-ris": (papers) =>
    ["reading-list.ris", "application/x-research-info-systems", papers.map((p) => p.ris).join("")],
  "digest-export-csl": (papers) => [
    "reading-list.csl.json",
    "application/vnd.citationstyles.csl+json",
    `${JSON.stringify(papers.map((p) => JSON.parse(p.csl)), null, 2)}\n`,
  ],
  "digest-export-list": (papers) => [
    "reading-list.json",
    "application/json",
    `${JSON.stringify({ format: FORMAT, version: VERSION, papers: papers.map(only) }, null, 2)}\n`,
  ],
};

function paperItem(paper, root, removeLabel, remove) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = `${new URL(paper.page, root).href}#${encodeURIComponent(paper.key)}`;
  link.textContent = paper.title || paper.key;
  link.lang = "en";
  const day = document.createElement("span");
  day.className = "digest-reading-list-date";
  day.textContent = paper.date;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "digest-reading-list-remove";
  button.textContent = removeLabel;
  button.setAttribute("aria-label", `${removeLabel}: ${link.textContent}`);
  button.addEventListener("click", remove);
  item.append(link, " ", day, " ", button);
  return item;
}

function setUpList(store, box) {
  const status = box.querySelector(".digest-reading-list-status");
  const list = box.querySelector(".digest-reading-list-papers");
  const controls = box.querySelector(".digest-reading-list-exports");
  const root = siteRoot();
  const draw = (message) => {
    const papers = load(store);
    list.replaceChildren(
      ...papers.map((paper) =>
        paperItem(paper, root, box.dataset.remove, () => {
          keep(store, load(store).filter((other) => other.key !== paper.key));
          draw();
        }),
      ),
    );
    const counted = box.dataset.count.replace("{count}", String(papers.length));
    status.textContent = message ?? (papers.length ? counted : box.dataset.empty);
    for (const button of controls.querySelectorAll("button")) button.disabled = papers.length === 0;
  };
  for (const [name, made] of Object.entries(EXPORTS)) {
    controls.querySelector(`.${name}`).addEventListener("click", () => download(...made(load(store))));
  }
  controls.querySelector("input.digest-import").addEventListener("change", async (event) => {
    const [file] = event.target.files;
    if (!file) return;
    let read;
    try {
      read = JSON.parse(await file.text());
    } catch {
      read = null;
    }
    event.target.value = "";
    if (read === null || read.format !== FORMAT || read.version !== VERSION || !Array.isArray(read.papers)) {
      draw(box.dataset.unreadable);
      return;
    }
    const papers = load(store);
    const known = new Set(papers.map((paper) => paper.key));
    const added = [];
    for (const paper of read.papers) {
      if (!valid(paper) || known.has(paper.key)) continue;
      known.add(paper.key);
      added.push(paper);
    }
    keep(store, [...papers, ...added]);
    draw(box.dataset.imported.replace("{count}", String(added.length)));
  });
  controls.hidden = false;
  draw();
  window.addEventListener("storage", (event) => {
    if (event.key === STORE) draw();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const store = storage();
  if (store === null) return;
  setUpSaveButtons(store);
  const box = document.querySelector(".digest-reading-list");
  if (box !== null) setUpList(store, box);
});
