// The archive's search page. It reads the index in _search/ that
// digest_archive.search.store writes; the layout is digest_archive.search.index's,
// and terms() below must split text exactly as index.terms does.
//
// search.html?q=TERM searches for TERM (the URL Sphinx themes' search boxes
// submit to); the URL follows what the reader searches, so a search can be
// bookmarked or shared. Every string from the index is set as text, never
// as markup: a digest is data.
"use strict";

const FORMAT = 1;
const CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}";
const WORD = /[\p{L}\p{N}]+/gu;
const CJK_RUN = new RegExp(`[${CJK}]+`, "gu");
const IS_CJK = new RegExp(`^[${CJK}]`, "u");
const STOP_WORDS = new Set(
  ("a an and are as at be but by for if in into is it no not of on or such " +
   "that the their then there these they this to was will with").split(" "),
);
// Pages whose entries are shown per batch, and entries shown per page.
const PAGES_PER_BATCH = 10;
const ENTRIES_PER_PAGE = 3;
// A query word also matches up to this many longer words it begins,
// each counting for less than the word itself.
const PREFIX_MATCHES = 8;
const PREFIX_WEIGHT = 0.5;
const EXCERPT_BEFORE = 60;
const EXCERPT_LENGTH = 240;

// Runs of letters and digits, lower-cased after NFKC, split where they
// enter or leave CJK: what terms() indexes and what an entry must hold.
function* pieces(text) {
  for (const [run] of text.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    let start = 0;
    for (const match of run.matchAll(CJK_RUN)) {
      if (match.index > start) {
        yield { text: run.slice(start, match.index), cjk: false };
      }
      yield { text: match[0], cjk: true };
      start = match.index + match[0].length;
    }
    if (start < run.length) {
      yield { text: run.slice(start), cjk: false };
    }
  }
}

// index.terms: words without the stop words; CJK runs as overlapping
// pairs of characters.
function terms(text) {
  const found = [];
  for (const piece of pieces(text)) {
    if (!piece.cjk) {
      if (!STOP_WORDS.has(piece.text)) {
        found.push(piece.text);
      }
      continue;
    }
    const chars = Array.from(piece.text);
    if (chars.length === 1) {
      found.push(chars[0]);
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      found.push(chars[i] + chars[i + 1]);
    }
  }
  return found;
}

// index._fnv1a: 32-bit FNV-1a over code points.
function fnv1a(key) {
  let value = 0x811c9dc5;
  for (const char of key) {
    value = Math.imul(value ^ char.codePointAt(0), 0x01000193) >>> 0;
  }
  return value;
}

class Index {
  constructor(base) {
    this.base = base;
    this.files = new Map();
  }

  // Each file is fetched once; a shard that does not exist is empty.
  load(path, missing = {}) {
    if (!this.files.has(path)) {
      this.files.set(
        path,
        fetch(new URL(path, this.base)).then((response) => {
          if (response.status === 404) {
            return missing;
          }
          if (!response.ok) {
            throw new Error(`${path}: HTTP ${response.status}`);
          }
          return response.json();
        }),
      );
    }
    return this.files.get(path);
  }

  async meta() {
    const meta = await this.load("meta.json", null);
    if (meta === null || meta.format !== FORMAT) {
      throw new Error("the search index is missing or from another version; rebuild the archive");
    }
    return meta;
  }

  // The index terms a query word stands for, with their weights.
  async matches(word, meta) {
    if (IS_CJK.test(word) || Array.from(word).length < 2) {
      return [[word, 1]];
    }
    const prefix = Array.from(word).slice(0, 2).join("");
    const counts = await this.load(`terms/${fnv1a(prefix) % meta.term_shards}.json`);
    const longer = Object.keys(counts)
      .filter((term) => term.startsWith(word) && term !== word)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
      .slice(0, PREFIX_MATCHES)
      .map((term) => [term, PREFIX_WEIGHT]);
    return word in counts ? [[word, 1], ...longer] : longer;
  }

  // Pages with every word of the query, best first: [{page, score}].
  async rank(words) {
    const meta = await this.meta();
    const perWord = await Promise.all(
      words.map(async (word) => {
        const matches = await this.matches(word, meta);
        const shards = await Promise.all(
          matches.map(([term]) => this.load(`postings/${fnv1a(term) % meta.posting_shards}.json`)),
        );
        const weights = new Map();
        for (const [i, [term, factor]] of matches.entries()) {
          const postings = shards[i][term] || [];
          for (let i = 0; i < postings.length; i += 2) {
            weights.set(postings[i], (weights.get(postings[i]) || 0) + factor * postings[i + 1]);
          }
        }
        return weights;
      }),
    );
    perWord.sort((a, b) => a.size - b.size);
    const ranked = [];
    for (const [page] of perWord[0] || []) {
      let score = 0;
      for (const weights of perWord) {
        const weight = weights.get(page);
        if (weight === undefined) {
          score = null;
          break;
        }
        score += Math.log(1 + meta.pages / weights.size) * (weight / (weight + 1.2));
      }
      if (score !== null) {
        ranked.push({ page, score });
      }
    }
    return ranked.sort((a, b) => b.score - a.score || b.page - a.page);
  }
}

// What an entry must contain for each word: a word, or the start of one;
// for Chinese, Japanese and Korean, the query's whole run of characters
// (the index only promised each pair of it somewhere on the page).
function requirements(query) {
  return [...pieces(query)].filter((piece) => piece.cjk || !STOP_WORDS.has(piece.text));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Finds every required text in a record; words must start where a word does.
function highlighter(needs) {
  const parts = needs.map((need) =>
    need.cjk ? escapeRegExp(need.text) : `(?<![\\p{L}\\p{N}])${escapeRegExp(need.text)}`,
  );
  return new RegExp(parts.join("|"), "giu");
}

function satisfies(record, needs) {
  const text = `${record[1]} ${record[2]}`.normalize("NFKC").toLowerCase();
  const words = new Set(terms(text));
  return needs.every((need) => {
    if (need.cjk) {
      return text.includes(need.text);
    }
    if (words.has(need.text)) {
      return true;
    }
    for (const word of words) {
      if (word.startsWith(need.text)) {
        return true;
      }
    }
    return false;
  });
}

function excerpt(text, pattern) {
  pattern.lastIndex = 0;
  const first = pattern.exec(text);
  let start = first ? Math.max(0, first.index - EXCERPT_BEFORE) : 0;
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space !== -1 && space < (first ? first.index : start) ? space + 1 : start;
  }
  const end = Math.min(text.length, start + EXCERPT_LENGTH);
  const paragraph = document.createElement("p");
  paragraph.className = "digest-search-excerpt";
  const shown = text.slice(start, end);
  let done = 0;
  // matchAll starts where the exec above stopped.
  pattern.lastIndex = 0;
  for (const match of shown.matchAll(pattern)) {
    paragraph.append(shown.slice(done, match.index));
    const mark = document.createElement("mark");
    mark.textContent = match[0];
    paragraph.append(mark);
    done = match.index + match[0].length;
  }
  paragraph.append(shown.slice(done) + (end < text.length ? " …" : ""));
  if (start > 0) {
    paragraph.prepend("… ");
  }
  return paragraph;
}

function resultItem(root, page, record, pattern) {
  const [anchor, title, text] = record;
  const item = document.createElement("li");
  item.className = "digest-search-result";
  const link = document.createElement("a");
  link.className = "digest-search-result-link";
  const url = new URL(page.url, root);
  url.hash = anchor;
  link.href = url.pathname + url.hash;
  link.textContent = title || page.title;
  item.append(link);
  if (title && title !== page.title) {
    const where = document.createElement("span");
    where.className = "digest-search-result-page";
    where.textContent = page.title;
    item.append(" ", where);
  }
  item.append(excerpt(text, pattern));
  return item;
}

class SearchPage {
  constructor(element) {
    this.element = element;
    this.base = new URL(element.dataset.index, window.location.href);
    this.root = new URL("../", this.base);
    this.form = element.querySelector("form");
    this.input = element.querySelector("input[name=q]");
    this.status = element.querySelector(".digest-search-status");
    this.list = element.querySelector(".digest-search-results");
    this.more = element.querySelector(".digest-search-more");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run(this.input.value);
    });
    this.more.addEventListener("click", () => this.showBatch());
  }

  async run(query) {
    const url = new URL(window.location.href);
    url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
    this.input.value = query;
    this.list.replaceChildren();
    this.more.hidden = true;
    this.element.dataset.state = "searching";
    this.status.textContent = "Searching…";
    this.index = new Index(this.base);
    this.query = query;
    this.needs = requirements(query);
    this.pattern = highlighter(this.needs);
    this.shown = 0;
    try {
      const words = [...new Set(terms(query))];
      this.ranked = words.length ? await this.index.rank(words) : [];
      this.next = 0;
      await this.showBatch();
    } catch (error) {
      this.status.textContent = `Search failed: ${error.message}.`;
      this.element.dataset.state = "done";
    }
  }

  // The next pages of the ranking, keeping the entries that hold the query.
  async showBatch() {
    const query = this.query;
    this.element.dataset.state = "searching";
    while (this.next < this.ranked.length) {
      const batch = this.ranked.slice(this.next, this.next + PAGES_PER_BATCH);
      this.next += batch.length;
      const pages = await Promise.all(batch.map(({ page }) => this.index.load(`pages/${page}.json`)));
      if (query !== this.query) {
        return;
      }
      let added = 0;
      for (const page of pages) {
        const records = page.records.filter((record) => satisfies(record, this.needs));
        for (const record of records.slice(0, ENTRIES_PER_PAGE)) {
          this.list.append(resultItem(this.root, page, record, this.pattern));
          added++;
        }
      }
      this.shown += added;
      if (added > 0) {
        break;
      }
    }
    this.more.hidden = this.next >= this.ranked.length;
    this.status.textContent =
      this.shown === 0
        ? `No results for “${query}”.`
        : `${this.shown} results for “${query}”${this.more.hidden ? "." : ", more below."}`;
    this.element.dataset.state = "done";
  }
}

window.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("digest-search");
  if (element === null) {
    return;
  }
  const page = new SearchPage(element);
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    page.run(query);
  } else {
    page.input.focus();
  }
});
