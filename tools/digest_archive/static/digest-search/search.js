// The search page: the form, the filters, the status, the results, and the search's URL.
//
// The module search.html loads; it imports the others. search.html?q=TERM
// searches for TERM (the URL Sphinx themes' search boxes submit to) in the
// digests' papers; &scope=docs searches the project's own pages instead;
// &year=2021 and &cat=cs.LG narrow the papers to a year and a category. A
// query may ask for an author (author:Zhang, author:"B Zhang") and a
// category (cat:cs.CV). The URL follows what the reader searches, so a
// search can be bookmarked or shared. Every string from the index is set as
// text, never as markup, and a link only to http(s): a digest is data.

import { highlighter, highlightWords } from "./highlight.js";
import { Index } from "./index.js";
import { byAuthors, parseQuery, phrases, requirements, satisfies } from "./query.js";
import { categoryLabel, resolveCategory } from "./categories.js";
import { element, resultItem } from "./results.js";
import { pieces, STOP_WORDS, terms } from "./text.js";

// The longest query read, in characters: longer ones are cut, in the box too.
const MAX_QUERY = 256;
// A query that may be on at most this many pages reads them all at once, so
// that its results are counted exactly, under every filter; one of common
// words reads its pages PAGES_PER_BATCH at a time, best first, as the reader asks for more.
const EXACT_PAGES = 30;
const PAGES_PER_BATCH = 10;
// Entries shown at first, and added by "More results".
const ENTRIES_PER_BATCH = 20;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A message of the page's words (data-words) with its {fields} filled in
// from `values`, in one pass: a value is never read as a field.
function say(words, key, values = {}) {
  return words[key].replace(/\{(\w+)\}/g, (field, name) => (name in values ? String(values[name]) : field));
}

class SearchPage {
  constructor(element) {
    this.element = element;
    this.words = JSON.parse(element.dataset.words);
    this.base = new URL(element.dataset.index, window.location.href);
    this.root = new URL("../", this.base);
    this.index = new Index(this.base);
    this.form = element.querySelector("form");
    this.input = element.querySelector("input[name=q]");
    this.status = element.querySelector(".digest-search-status");
    this.list = element.querySelector(".digest-search-results");
    this.more = element.querySelector(".digest-search-more");
    this.suggestion = element.querySelector(".digest-search-suggestion");
    this.facets = element.querySelector(".digest-search-facets");
    this.examples = element.querySelector(".digest-search-examples");
    this.scopes = this.form.elements.scope;
    this.chineseNames = document.documentElement.lang.toLowerCase().startsWith("zh");
    this.generation = 0;
    this.query = "";
    this.scope = "papers";
    this.filters = { year: "", category: "" };
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run(this.input.value, this.scopes.value, this.filters);
    });
    for (const choice of this.scopes) {
      choice.addEventListener("change", () => this.run(this.input.value, choice.value, this.filters));
    }
    this.more.addEventListener("click", () => this.showMore());
    for (const link of this.examples.querySelectorAll("a[data-query]")) {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        this.run(link.dataset.query, "papers", this.filters);
      });
    }
  }

  // The search's address: the query, the scope and the filters, to be shared.
  address(query, scope, filters) {
    const url = new URL(window.location.href);
    url.searchParams.delete("category");
    const values = [
      ["q", query],
      ["scope", scope === "docs" ? scope : ""],
      ["year", filters.year],
      ["cat", filters.category],
    ];
    for (const [name, value] of values) {
      if (value) {
        url.searchParams.set(name, value);
      } else {
        url.searchParams.delete(name);
      }
    }
    return url;
  }

  // Searches for `typed` in `scope` ("papers" or "docs"); papers are narrowed
  // to the `filters` ({year, category}). Without a query, the filters with
  // the archive's counts, the example queries, and a category's papers.
  async run(typed, scope, filters = {}) {
    const generation = ++this.generation;
    // Read no further than MAX_QUERY characters: what a query costs to check
    // against an entry grows with its words, and a link can carry thousands.
    const query = Array.from(typed).slice(0, MAX_QUERY).join("").trim();
    this.query = query;
    this.scope = scope === "docs" ? "docs" : "papers";
    this.input.value = query;
    this.scopes.value = this.scope;
    this.suggestion.replaceChildren();
    this.list.replaceChildren();
    this.more.hidden = true;
    this.examples.hidden = query !== "";
    this.element.dataset.state = "searching";
    this.status.textContent = say(this.words, "searching");
    try {
      const meta = await this.index.meta();
      if (generation !== this.generation) {
        return;
      }
      this.meta = meta;
      const category = this.scope === "docs" ? "" : resolveCategory(meta, filters.category || "");
      const year = this.scope === "docs" || !(filters.year in meta.facets) ? "" : filters.year;
      this.filters = { year, category: category || "" };
      window.history.replaceState(null, "", this.address(query, this.scope, this.filters));
      const asked = parseQuery(query);
      const wanted = resolveCategory(meta, asked.category);
      this.asked = { ...asked, category: wanted };
      this.needs = requirements(asked.text);
      this.phrases = phrases(asked.text);
      // An author's words are marked as typed (a name has no stem).
      const names = asked.authors.flat();
      const marked = names.map((piece) => (piece.cjk ? piece : { ...piece, stem: piece.text }));
      this.find = highlighter([...this.needs, ...marked], this.phrases);
      this.highlight = highlightWords(this.needs);
      this.found = [];
      this.seen = new Set();
      this.shown = 0;
      this.exhausted = false;
      this.browsing = query === "";
      let words = [...new Set([...terms(asked.text), ...terms(names.map((piece) => piece.text).join(" "))])];
      // A category alone (cat:cs.CV, or chosen before a query): its entries, found by its code.
      const only = wanted || (this.browsing ? this.filters.category : "");
      if (words.length === 0 && only) {
        words = [...new Set(terms(only))];
      }
      if (wanted === null || words.length === 0) {
        // A category the archive does not have, or nothing to search for.
        this.ranking = null;
        this.exhausted = true;
      } else {
        this.ranking = await this.index.rank(words);
        this.bound = this.ranking.candidates();
      }
      if (generation !== this.generation) {
        return;
      }
      await this.showMore(generation);
    } catch (error) {
      if (generation === this.generation) {
        this.status.textContent = say(this.words, "failed", { error: error.message });
        this.element.dataset.state = "done";
      }
    }
  }

  // Whether an entry found passes the filters; `except` one of them ("year", "category").
  passes(entry, except = "") {
    return (
      (except === "year" || !this.filters.year || entry.year === this.filters.year) &&
      (except === "category" || !this.filters.category || entry.category === this.filters.category)
    );
  }

  visible() {
    return this.found.filter((entry) => this.passes(entry));
  }

  // Reads the next ranked pages and keeps their entries that hold the query.
  async readMore(generation) {
    if (this.exhausted) {
      return;
    }
    const step = this.bound <= EXACT_PAGES ? this.bound : this.seen.size + PAGES_PER_BATCH;
    const ranked = await this.ranking.top(step);
    const batch = ranked.filter(({ page }) => !this.seen.has(page));
    for (const { page } of batch) {
      this.seen.add(page);
    }
    const pages = await Promise.all(batch.map(({ page }) => this.index.load(`pages/${page}.json.gz`)));
    if (generation !== this.generation) {
      return;
    }
    this.exhausted = batch.length === 0 || !this.ranking.more;
    for (const page of pages) {
      if (page.scope !== this.scope) {
        continue;
      }
      for (const record of page.records) {
        const category = (page.categories || {})[record[0]] || "";
        if (
          satisfies(record, this.needs, this.phrases) &&
          byAuthors(record, this.asked.authors) &&
          (!this.asked.category || this.asked.category === category) &&
          (!this.browsing || category === this.filters.category)
        ) {
          this.found.push({ page, record, year: page.year || "", category });
        }
      }
    }
  }

  // The next entries that pass the filters, once read; the "More results"
  // button only while there are more entries read to show.
  async showMore(generation = this.generation) {
    this.element.dataset.state = "searching";
    while (!this.exhausted && this.visible().length <= this.shown + ENTRIES_PER_BATCH) {
      await this.readMore(generation);
      if (generation !== this.generation) {
        return;
      }
    }
    const visible = this.visible();
    const shown = { root: this.root, find: this.find, highlight: this.highlight, words: this.words };
    for (const { page, record, category } of visible.slice(this.shown, this.shown + ENTRIES_PER_BATCH)) {
      const label = category && categoryLabel(this.meta, this.chineseNames, category);
      this.list.append(resultItem(page, record, { ...shown, category: label }));
    }
    this.shown = Math.min(visible.length, this.shown + ENTRIES_PER_BATCH);
    this.more.hidden = this.shown >= visible.length;
    this.showFacets();
    if (this.query && visible.length === 0) {
      await this.offerSuggestion(this.asked.text);
      if (generation !== this.generation) {
        return;
      }
    }
    this.status.textContent = this.statusText(visible.length);
    this.element.dataset.state = "done";
  }

  statusText(count) {
    if (this.browsing) {
      if (this.scope === "docs") {
        return "";
      }
      // The archive's papers in the year and the category chosen, if any.
      const total = this.counted("year")
        .filter(([year]) => !this.filters.year || year === this.filters.year)
        .reduce((sum, [, found]) => sum + found, 0);
      const filtered = this.filters.year || this.filters.category;
      const key = (filtered ? "filtered" : "archive") + (total === 1 ? "One" : "Many");
      return say(this.words, key, { count: total });
    }
    if (count === 0) {
      return say(this.words, this.scope === "docs" ? "noneInDocs" : "noneInPapers", { query: this.query });
    }
    if (!this.exhausted) {
      return say(this.words, "atLeast", { count, query: this.query });
    }
    return say(this.words, count === 1 ? "one" : "many", { count, query: this.query });
  }

  // "Did you mean lottery?" for a query that found nothing, each word the
  // index lacks replaced by the closest it has; a link that searches again.
  async offerSuggestion(text) {
    const meta = await this.index.meta();
    let suggested = this.query;
    let changed = false;
    for (const piece of pieces(text)) {
      if (piece.cjk || STOP_WORDS.has(piece.text)) {
        continue;
      }
      const word = await this.index.suggest(piece.text, meta);
      if (word !== null) {
        suggested = suggested.replace(new RegExp(escapeRegExp(piece.text), "iu"), word);
        changed = true;
      }
    }
    if (!changed) {
      return;
    }
    const link = document.createElement("a");
    const url = this.address(suggested, this.scope, this.filters);
    link.href = url.pathname + url.search;
    link.textContent = suggested;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      this.run(suggested, this.scope, this.filters);
    });
    // The link stands where the message has its field.
    const [before, after = ""] = say(this.words, "didYouMean").split("{suggestion}");
    this.suggestion.replaceChildren(before, link, after);
  }

  // Each value of a facet ("year" or "category") with its count under the
  // other filter: [[value, count], …], for the entries found, or before a
  // query (or with a category alone), the archive's (meta.json).
  counted(name) {
    const counts = new Map();
    const add = (value, found) => counts.set(value, (counts.get(value) || 0) + found);
    if (this.browsing) {
      for (const [year, categories] of Object.entries(this.meta.facets)) {
        for (const [category, found] of Object.entries(categories)) {
          const entry = { year, category };
          if (this.passes(entry, name)) {
            add(name === "year" ? year : category, found);
          }
        }
      }
    } else {
      for (const entry of this.found) {
        if (this.passes(entry, name)) {
          add(entry[name], 1);
        }
      }
    }
    return [...counts];
  }

  // The years and the categories, each with its count under the other
  // filter, the chosen one marked, "any" to widen again; shown before a
  // query too, and only for the papers.
  showFacets() {
    this.facets.replaceChildren();
    this.facets.hidden = this.scope === "docs";
    if (this.scope === "docs") {
      return;
    }
    for (const [name, label, any] of [
      ["year", "year", "anyYear"],
      ["category", "category", "anyCategory"],
    ]) {
      const line = element("p", `digest-search-facet digest-search-facet-${name}`);
      line.append(element("span", "digest-search-facet-label", say(this.words, label)));
      const chosen = this.filters[name];
      const values = this.counted(name).filter(([value, found]) => value && (found > 0 || value === chosen));
      if (chosen && !values.some(([value]) => value === chosen)) {
        values.push([chosen, 0]);
      }
      values.sort((a, b) =>
        name === "year" ? (a[0] < b[0] ? 1 : -1) : b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
      );
      const total = values.reduce((sum, [, found]) => sum + found, 0);
      const options = [[say(this.words, any), "", total]];
      for (const [value, found] of values) {
        const shown = name === "category" ? categoryLabel(this.meta, this.chineseNames, value) : value;
        options.push([shown, value, found]);
      }
      for (const [shown, value, found] of options) {
        const text = value ? say(this.words, "facetValue", { value: shown, count: found }) : shown;
        line.append(" ", this.filterLink(name, value, text, value === chosen));
      }
      this.facets.append(line);
    }
  }

  filterLink(name, value, text, current) {
    const filters = { ...this.filters, [name]: value };
    const link = element("a", "digest-search-filter", text);
    const url = this.address(this.query, this.scope, filters);
    link.href = url.pathname + url.search;
    if (current) {
      link.setAttribute("aria-current", "true");
    }
    link.addEventListener("click", (event) => {
      event.preventDefault();
      this.run(this.query, this.scope, filters);
    });
    return link;
  }
}

// A module script that is not async runs once the page is parsed, before this event.
window.addEventListener("DOMContentLoaded", () => {
  const found = document.getElementById("digest-search");
  if (found === null) {
    return;
  }
  const page = new SearchPage(found);
  const parameters = new URLSearchParams(window.location.search);
  const filters = {
    year: parameters.get("year") || "",
    // An address of an earlier build named it ?category=LG.
    category: parameters.get("cat") || parameters.get("category") || "",
  };
  page.run(parameters.get("q") || "", parameters.get("scope") === "docs" ? "docs" : "papers", filters);
  if (!parameters.get("q")) {
    page.input.focus();
  }
});
