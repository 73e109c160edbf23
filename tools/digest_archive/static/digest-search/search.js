// The search page: the form, the status, the results and their facets, and the search's URL.
//
// The module search.html loads; it imports the others. search.html?q=TERM
// searches for TERM (the URL Sphinx themes' search boxes submit to) in the
// digests' papers; &scope=docs searches the project's own pages instead. The
// URL follows what the reader searches, so a search can be bookmarked or
// shared. Every string from the index is set as text, never as markup: a
// digest is data.

import { appendMarked, chinese, excerpt, EXCERPT_LENGTH, highlighter, highlightWords } from "./highlight.js";
import { body, Index } from "./index.js";
import { phrases, requirements, satisfies } from "./query.js";
import { pieces, STOP_WORDS, terms } from "./text.js";

// The longest query read, in characters: longer ones are cut, in the box too.
const MAX_QUERY = 256;
// Pages whose entries are shown per batch, and entries shown per page.
const PAGES_PER_BATCH = 10;
const ENTRIES_PER_PAGE = 3;

function count(counts, key) {
  counts.set(key, (counts.get(key) || 0) + 1);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function resultItem(root, page, record, find, highlight) {
  const [anchor, title] = record;
  const text = body(record);
  const item = document.createElement("li");
  item.className = "digest-search-result";
  const link = document.createElement("a");
  link.className = "digest-search-result-link";
  const url = new URL(page.url, root);
  url.hash = anchor;
  if (highlight) {
    url.searchParams.set("highlight", highlight);
  }
  link.href = url.pathname + url.search + url.hash;
  appendMarked(link, title || page.title, find);
  const language = chinese(link.textContent);
  if (language) {
    link.lang = language;
  }
  item.append(link);
  if (title && title !== page.title) {
    const where = document.createElement("span");
    where.className = "digest-search-result-page";
    where.textContent = page.title;
    item.append(" ", where);
  }
  const lead = record[4];
  if (lead) {
    // An entry's one-line summary says what the paper is: first, whole up to an excerpt's length.
    const summary = document.createElement("p");
    summary.className = "digest-search-summary";
    const shown = lead.slice(0, EXCERPT_LENGTH);
    appendMarked(summary, shown, find);
    if (shown.length < lead.length) {
      summary.append(" …");
    }
    const language = chinese(shown);
    if (language) {
      summary.lang = language;
    }
    item.append(summary);
  }
  item.append(excerpt(text, find));
  return item;
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
    this.form = element.querySelector("form");
    this.input = element.querySelector("input[name=q]");
    this.status = element.querySelector(".digest-search-status");
    this.list = element.querySelector(".digest-search-results");
    this.more = element.querySelector(".digest-search-more");
    this.suggestion = element.querySelector(".digest-search-suggestion");
    this.facets = element.querySelector(".digest-search-facets");
    this.scopes = this.form.elements.scope;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run(this.input.value, this.scopes.value);
    });
    for (const choice of this.scopes) {
      choice.addEventListener("change", () => this.input.value && this.run(this.input.value, choice.value));
    }
    this.more.addEventListener("click", () => this.showBatch());
  }

  // The search's address: the query, the scope and the filters, to be shared.
  address(query, scope, filters) {
    const url = new URL(window.location.href);
    url.searchParams.set("q", query);
    for (const [name, value] of [["scope", scope === "docs" ? scope : ""], ...Object.entries(filters)]) {
      if (value) {
        url.searchParams.set(name, value);
      } else {
        url.searchParams.delete(name);
      }
    }
    return url;
  }

  // Searches for `query` in `scope` ("papers" or "docs"); the papers found
  // can be narrowed to a year and a category ({year, category}).
  async run(typed, scope, filters = {}) {
    // Read no further than MAX_QUERY characters: what a query costs to check
    // against an entry grows with its words, and a link can carry thousands.
    const query = Array.from(typed).slice(0, MAX_QUERY).join("");
    this.filters = scope === "docs" ? {} : { year: filters.year || "", category: filters.category || "" };
    window.history.replaceState(null, "", this.address(query, scope, this.filters));
    this.input.value = query;
    this.scopes.value = scope;
    this.scope = scope;
    this.counts = { year: new Map(), category: new Map() };
    this.found = 0;
    this.facets.replaceChildren();
    this.suggestion.replaceChildren();
    this.list.replaceChildren();
    this.more.hidden = true;
    this.element.dataset.state = "searching";
    this.status.textContent = say(this.words, "searching");
    this.index = new Index(this.base);
    this.query = query;
    this.needs = requirements(query);
    this.phrases = phrases(query);
    this.find = highlighter(this.needs, this.phrases);
    this.highlight = highlightWords(this.needs);
    this.shown = 0;
    try {
      const words = [...new Set(terms(query))];
      this.ranking = words.length ? await this.index.rank(words) : null;
      this.seen = new Set();
      await this.showBatch();
    } catch (error) {
      this.status.textContent = say(this.words, "failed", { error: error.message });
      this.element.dataset.state = "done";
    }
  }

  // "Did you mean lottery?" for a query that found nothing, each word the
  // index lacks replaced by the closest it has; a link that searches again.
  async offerSuggestion(query) {
    const meta = await this.index.meta();
    let suggested = query;
    let changed = false;
    for (const piece of pieces(query)) {
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
    const url = new URL(window.location.href);
    url.searchParams.set("q", suggested);
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

  // The years and categories of the entries found so far, each with its
  // count and a link that narrows the results to it (or widens them again).
  showFacets(more) {
    this.facets.replaceChildren();
    if (this.scope === "docs" || this.found === 0) {
      return;
    }
    const note = document.createElement("p");
    const key = this.found === 1 ? (more ? "foundOneSoFar" : "foundOne") : more ? "foundSoFar" : "foundAll";
    note.textContent = say(this.words, key, { count: this.found });
    this.facets.append(note);
    for (const [name, any] of [["year", "anyYear"], ["category", "anyCategory"]]) {
      const line = document.createElement("p");
      line.className = `digest-search-facet-${name}`;
      line.append(say(this.words, name));
      const values = [...this.counts[name]].filter(([value]) => value).sort(
        (a, b) => (name === "year" ? (a[0] < b[0] ? 1 : -1) : b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      );
      const chosen = this.filters[name];
      for (const [index, [value, found]] of values.entries()) {
        if (index > 0) {
          line.append(" · ");
        }
        const text = say(this.words, "facetValue", { value, count: found });
        line.append(this.filterLink(value === chosen ? "" : value, name, text, value === chosen));
      }
      if (chosen) {
        line.append(" · ", this.filterLink("", name, say(this.words, any), false));
      }
      this.facets.append(line);
    }
  }

  filterLink(value, name, text, current) {
    const filters = { ...this.filters, [name]: value };
    const link = document.createElement("a");
    const url = this.address(this.query, this.scope, filters);
    link.href = url.pathname + url.search;
    link.textContent = text;
    if (current) {
      link.setAttribute("aria-current", "true");
    }
    link.addEventListener("click", (event) => {
      event.preventDefault();
      this.run(this.query, this.scope, filters);
    });
    return link;
  }

  // The next pages of the ranking, keeping the entries that hold the query.
  async showBatch() {
    const query = this.query;
    this.element.dataset.state = "searching";
    let more = false;
    while (this.ranking !== null) {
      // Reading the tails can rank again: skip the pages already shown.
      const ranked = await this.ranking.top(this.seen.size + PAGES_PER_BATCH);
      more = this.ranking.more;
      const batch = ranked.filter(({ page }) => !this.seen.has(page)).slice(0, PAGES_PER_BATCH);
      if (batch.length === 0) {
        break;
      }
      for (const { page } of batch) {
        this.seen.add(page);
      }
      const pages = await Promise.all(batch.map(({ page }) => this.index.load(`pages/${page}.json.gz`)));
      if (query !== this.query) {
        return;
      }
      let added = 0;
      for (const page of pages) {
        if (page.scope !== this.scope) {
          continue;
        }
        const records = page.records.filter((record) => satisfies(record, this.needs, this.phrases));
        const kept = [];
        for (const record of records) {
          const category = page.categories[record[0]] || "";
          this.found++;
          count(this.counts.year, page.year);
          count(this.counts.category, category);
          if ((this.filters.year || page.year) === page.year && (this.filters.category || category) === category) {
            kept.push(record);
          }
        }
        for (const record of kept.slice(0, ENTRIES_PER_PAGE)) {
          this.list.append(resultItem(this.root, page, record, this.find, this.highlight));
          added++;
        }
      }
      this.shown += added;
      if (added > 0) {
        break;
      }
    }
    this.more.hidden = !more;
    this.showFacets(more);
    if (this.shown === 0) {
      await this.offerSuggestion(query);
      if (query !== this.query) {
        return;
      }
    }
    let said;
    if (this.shown === 0) {
      said = this.scope === "docs" ? "noneInDocs" : "noneInPapers";
    } else {
      said = (this.shown === 1 ? "one" : "many") + (this.more.hidden ? "" : "More");
    }
    this.status.textContent = say(this.words, said, { count: this.shown, query });
    this.element.dataset.state = "done";
  }
}

// A module script that is not async runs once the page is parsed, before this event.
window.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("digest-search");
  if (element === null) {
    return;
  }
  const page = new SearchPage(element);
  const parameters = new URLSearchParams(window.location.search);
  const query = parameters.get("q");
  if (query) {
    const filters = { year: parameters.get("year") || "", category: parameters.get("category") || "" };
    page.run(query, parameters.get("scope") === "docs" ? "docs" : "papers", filters);
  } else {
    page.input.focus();
  }
});
