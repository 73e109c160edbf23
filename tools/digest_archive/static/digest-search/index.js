// Reads the index in _search/: its files, its tables of postings and words, the tails, the records.
//
// The layout is digest_archive.search.index's, the files digest_archive.search.store's.

import { Ranking } from "./ranking.js";
import { IS_CJK, pieces, stem } from "./text.js";

const FORMAT = 11;
// A query word also matches up to this many longer words it begins,
// each counting for less than the word itself.
const PREFIX_MATCHES = 8;
const PREFIX_WEIGHT = 0.5;

// index._fnv1a: 32-bit FNV-1a over code points.
function fnv1a(key) {
  let value = 0x811c9dc5;
  for (const char of key) {
    value = Math.imul(value ^ char.codePointAt(0), 0x01000193) >>> 0;
  }
  return value;
}

// index.bucket: the file of `files` holding `key`, by linear hashing.
export function bucket(key, files) {
  const value = fnv1a(key);
  const level = 2 ** Math.floor(Math.log2(files));
  const low = value % level;
  return low >= files - level ? low : value % (2 * level);
}

// index.tail_file of index.tail_key(term, part).
export function tailFile(term, part) {
  return `${fnv1a(term).toString(16).padStart(8, "0")}-${part}`;
}

// A file of the index as JSON. The files a query reads are stored
// gzip-compressed (search.files); a host may also have decompressed one on
// the way (Content-Encoding), so the bytes say which it is.
async function parse(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).json();
}

export class Index {
  constructor(base) {
    this.base = base;
    this.files = new Map();
  }

  // Each file is fetched once; a file that does not exist is empty. The
  // index's files are asked for with its build (?v=…), which changes with
  // their content, so that files of an earlier build kept in the browser's
  // cache are never read with a newer meta.json, itself always revalidated.
  load(path, missing = {}) {
    if (!this.files.has(path)) {
      const response =
        path === "meta.json"
          ? fetch(new URL(path, this.base), { cache: "no-cache" })
          : this.meta().then((meta) => fetch(new URL(`${path}?v=${encodeURIComponent(meta.build)}`, this.base)));
      this.files.set(
        path,
        response.then((response) => {
          if (response.status === 404) {
            return missing;
          }
          if (!response.ok) {
            throw new Error(`${path}: HTTP ${response.status}`);
          }
          return parse(response);
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

  // A key's value in the table `name` of `files` files, or undefined.
  async entry(name, key, files) {
    return (await this.load(`${name}/${bucket(key, files)}.json.gz`))[key];
  }

  // The index terms a query word stands for, with their weights: the word
  // and the longer words it begins, found in its group of words.
  async matches(word, meta) {
    const chars = Array.from(word);
    if (IS_CJK.test(word) || chars.length < 2) {
      return [[word, 1]];
    }
    let length = 2;
    let group = await this.entry("words", chars.slice(0, length).join(""), meta.words);
    while (Array.isArray(group) && chars.length > length) {
      length++;
      group = await this.entry("words", chars.slice(0, length).join(""), meta.words);
    }
    if (Array.isArray(group)) {
      // The word begins more words than a group holds: it stands for itself.
      return group[0] ? [[word, 1]] : [];
    }
    const counts = group || {};
    const longer = Object.keys(counts)
      .filter((term) => term.startsWith(word) && term !== word)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
      .slice(0, PREFIX_MATCHES)
      .map((term) => [term, PREFIX_WEIGHT]);
    return word in counts ? [[word, 1], ...longer] : longer;
  }

  // For a query word the index lacks, the closest word it has, as a page
  // spells it: among the words of the group the word leads to, those within
  // two edits of its stem (one for short words), on the most pages. Null
  // when there is none. Read only when a query finds nothing.
  async suggest(word, meta) {
    const chars = Array.from(word);
    if (IS_CJK.test(word) || chars.length < 3) {
      return null;
    }
    const target = stem(word);
    let length = 2;
    let group = await this.entry("words", chars.slice(0, length).join(""), meta.words);
    while (Array.isArray(group) && chars.length > length) {
      length++;
      group = await this.entry("words", chars.slice(0, length).join(""), meta.words);
    }
    if (!group || Array.isArray(group) || target in group) {
      return null;
    }
    const most = Array.from(target).length <= 4 ? 1 : 2;
    let best = null;
    for (const [term, pages] of Object.entries(group)) {
      const distance = edits(target, term, most);
      if (distance <= most && (best === null || pages > best.pages || (pages === best.pages && distance < best.distance))) {
        best = { term, pages, distance };
      }
    }
    if (best === null) {
      return null;
    }
    // The word as written on the first page that has it: the index keeps stems.
    const head = (await this.entry("postings", best.term, meta.postings)) || [0];
    if (head.length < 2) {
      return null;
    }
    const page = await this.load(`pages/${head[1]}.json.gz`);
    for (const record of page.records) {
      for (const piece of pieces(`${record[1]} ${searched(record)}`)) {
        if (!piece.cjk && stem(piece.text) === best.term) {
          return piece.text;
        }
      }
    }
    return null;
  }

  // The query's words, each with its terms' heads: a Ranking.
  async rank(words) {
    const meta = await this.meta();
    const perWord = await Promise.all(
      words.map(async (word) => {
        const matches = await this.matches(word, meta);
        return Promise.all(
          matches.map(async ([term, factor]) => {
            const head = (await this.entry("postings", term, meta.postings)) || [0];
            return new Postings(term, factor, head);
          }),
        );
      }),
    );
    return new Ranking(this, meta, perWord);
  }
}

// A term's pages as far as they are read: its head, then the parts of
// its tail once fetched (all of them, or those of some pages).
class Postings {
  constructor(term, factor, head) {
    this.term = term;
    this.factor = factor;
    this.pages = head[0];
    this.weights = new Map();
    // weights.RECORD_BITS: a bit for each of the page's records that hold the term.
    this.records = new Map();
    this.parts = new Set();
    this.add(head.slice(1));
  }

  add(flat) {
    for (let i = 0; i < flat.length; i += 3) {
      this.weights.set(flat[i], flat[i + 1]);
      this.records.set(flat[i], flat[i + 2]);
    }
  }

  get complete() {
    return this.weights.size >= this.pages;
  }

  // Reads the parts of the tail holding `pages`.
  async readTail(index, meta, pages) {
    await this.readParts(index, new Set([...pages].map((page) => Math.floor(page / meta.tail_range))));
  }

  // Reads the given parts of the tail (index.tail_key's parts).
  async readParts(index, parts) {
    if (this.complete) {
      return;
    }
    const unread = [...parts].filter((part) => !this.parts.has(part));
    const read = await Promise.all(
      unread.map((part) => index.load(`tails/${tailFile(this.term, part)}.json.gz`)),
    );
    for (const [i, part] of unread.entries()) {
      this.parts.add(part);
      this.add(read[i][`${this.term}/${part}`] || []);
    }
  }
}

// Levenshtein's distance between two words, or more than `most` once it is sure to be.
function edits(a, b, most) {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > most) {
    return most + 1;
  }
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    if (Math.min(...next) > most) {
      return most + 1;
    }
    row = next;
  }
  return row[y.length];
}

// A record's parts by name (weights.Record; a page's file leaves out the empty ones at the end).
export function parts(record) {
  return {
    anchor: record[0],
    title: record[1],
    text: record[2],
    names: record[3] || "",
    lead: record[4] || "",
    authors: record[5] || [],
    abstract: record[6] || "",
    links: record[7] || [],
    days: record[8] || [],
  };
}

// All a query may match in a record but its title: an entry's one-line
// summary, its text (a paper's Chinese title and summary), its abstract,
// its names (category, affiliations) and its authors. Never its links.
export function searched(record) {
  const entry = parts(record);
  return [entry.lead, entry.text, entry.abstract, entry.names, ...entry.authors].filter(Boolean).join(" ");
}
