// The archive's search page. It reads the index in _search/ that
// digest_archive.search.store writes; the layout is digest_archive.search.index's,
// and terms() below must split text exactly as index.terms does.
//
// search.html?q=TERM searches for TERM (the URL Sphinx themes' search boxes
// submit to) in the digests' papers; &scope=docs searches the project's own
// pages instead. The URL follows what the reader searches, so a search can
// be bookmarked or shared. Every string from the index is set as text, never
// as markup: a digest is data.
"use strict";

const FORMAT = 10;
const CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}";
const WORD = /[\p{L}\p{N}]+/gu;
const CJK_RUN = new RegExp(`[${CJK}]+`, "gu");
const IS_CJK = new RegExp(`^[${CJK}]`, "u");
const STOP_WORDS = new Set(
  ("a an and are as at be but by for if in into is it no not of on or such " +
   "that the their then there these they this to was will with").split(" "),
);
// index.MAX_WORD: longer words are not indexed.
const MAX_WORD = 64;
// The longest query read, in characters: longer ones are cut, in the box too.
const MAX_QUERY = 256;
// Pages whose entries are shown per batch, and entries shown per page.
const PAGES_PER_BATCH = 10;
const ENTRIES_PER_PAGE = 3;
// A query word also matches up to this many longer words it begins,
// each counting for less than the word itself.
const PREFIX_MATCHES = 8;
const PREFIX_WEIGHT = 0.5;
// Parts of the tails a query of common words reads at a time (a part is
// meta.tail_range pages): all of them at 1,000 digests, a quarter at 4,000.
const TAIL_PARTS = 2;
const EXCERPT_BEFORE = 60;
const EXCERPT_LENGTH = 240;

// Text as the index reads it.
function fold(text) {
  return text.normalize("NFKC").toLowerCase();
}

// Runs of letters and digits, split where they enter or leave CJK, each
// with where it starts in the text.
function* tokens(text) {
  for (const word of text.matchAll(WORD)) {
    const run = word[0];
    let start = 0;
    for (const match of run.matchAll(CJK_RUN)) {
      if (match.index > start) {
        yield { text: run.slice(start, match.index), cjk: false, start: word.index + start };
      }
      yield { text: match[0], cjk: true, start: word.index + match.index };
      start = match.index + match[0].length;
    }
    if (start < run.length) {
      yield { text: run.slice(start), cjk: false, start: word.index + start };
    }
  }
}

// The tokens of the folded text: what terms() indexes and what an entry must hold.
function pieces(text) {
  return tokens(fold(text));
}

// index.stem: Sphinx's Snowball English stemmer (english-stemmer.js, which
// the search page loads first), the algorithm the index stems with.
const ENGLISH = new EnglishStemmer();
const STEMS = new Map();
function stem(word) {
  if (!STEMS.has(word)) {
    STEMS.set(word, ENGLISH.stemWord(word));
  }
  return STEMS.get(word);
}

// index.terms: words by their stems, without the stop words and the
// longest; CJK runs as overlapping pairs of characters.
function terms(text) {
  const found = [];
  for (const piece of pieces(text)) {
    if (!piece.cjk) {
      if (!STOP_WORDS.has(piece.text) && Array.from(piece.text).length <= MAX_WORD) {
        found.push(stem(piece.text));
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

// index.bucket: the file of `files` holding `key`, by linear hashing.
function bucket(key, files) {
  const value = fnv1a(key);
  const level = 2 ** Math.floor(Math.log2(files));
  const low = value % level;
  return low >= files - level ? low : value % (2 * level);
}

// index.tail_file of index.tail_key(term, part).
function tailFile(term, part) {
  return `${fnv1a(term).toString(16).padStart(8, "0")}-${part}`;
}

// A file of the index as JSON. The files a query reads are stored
// gzip-compressed (search.store); a host may also have decompressed one on
// the way (Content-Encoding), so the bytes say which it is.
async function parse(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).json();
}

class Index {
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
    // index.RECORD_BITS: a bit for each of the page's records that hold the term.
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

function count(counts, key) {
  counts.set(key, (counts.get(key) || 0) + 1);
}

// A record's text and names (a paper's category, authors and affiliations),
// as a result's excerpt shows them: the summary first.
function body(record) {
  return record[3] ? `${record[2]} ${record[3]}` : record[2];
}

// All a query may match in a record but its title: an entry's one-line
// summary (index.Record.lead, shown before the excerpt), then its body.
function searched(record) {
  return record[4] ? `${record[4]} ${body(record)}` : body(record);
}

// The pages with every word of a query, best first: the sum of each word's
// BM25 weight on the page (index.weights: saturated, discounted by length,
// a title or a name weighing more) times the word's rarity. Ranked in tiers, as a
// tiered index is read (Manning, Raghavan and Schütze, "Introduction to
// Information Retrieval", 7.2.1): first among the pages in every word's
// head, where the words weigh most; only when they are too few, among all.
class Ranking {
  constructor(index, meta, perWord) {
    this.index = index;
    this.meta = meta;
    this.perWord = perWord;
    // Whether the ranking is that of all pages: when every head is whole.
    this.exact = perWord.every((matched) => matched.every((postings) => postings.complete));
    // The parts of the tails read for every word.
    this.partsRead = new Set();
    this.rarity = perWord.map((matched) => {
      const pages = Math.min(meta.pages, matched.reduce((sum, postings) => sum + postings.pages, 0));
      return pages ? Math.log(1 + meta.pages / pages) : 0;
    });
  }

  // The pages read so far with an entry that may hold every word, best first.
  ranked() {
    const [first, ...rest] = this.perWord.map((matched) => {
      const weights = new Map();
      for (const postings of matched) {
        for (const [page, weight] of postings.weights) {
          const [sum, records] = weights.get(page) || [0, 0];
          weights.set(page, [sum + postings.factor * weight, records | postings.records.get(page)]);
        }
      }
      return weights;
    });
    const found = [];
    for (const [page, [weight, records]] of first || []) {
      let score = this.rarity[0] * weight;
      let shared = records;
      for (const [j, weights] of rest.entries()) {
        const other = weights.get(page);
        shared &= other === undefined ? 0 : other[1];
        if (shared === 0) {
          score = null;
          break;
        }
        score += this.rarity[j + 1] * other[0];
      }
      if (score !== null) {
        found.push({ page, score });
      }
    }
    return found.sort((a, b) => b.score - a.score || b.page - a.page);
  }

  // The first `count` pages (fewer when there are no more); sets `more` to
  // whether others may follow. When the heads hold fewer pages with every
  // word, the tails are read: if a word's pages are all known (a rare
  // word's), only the parts of the other words' tails where its pages are,
  // and the ranking is then that of all pages. Otherwise (common words
  // only) TAIL_PARTS parts at a time, until `count` pages have every word:
  // what a query downloads stays the same as the archive grows, and the
  // pages not read yet are ranked when the reader asks for more.
  async top(count) {
    let ranked = this.ranked();
    while (ranked.length < count && !this.exact) {
      const known = this.perWord
        .filter((matched) => matched.every((postings) => postings.complete))
        .map((matched) => new Set(matched.flatMap((postings) => [...postings.weights.keys()])));
      const rarest = known.sort((a, b) => a.size - b.size)[0];
      if (rarest) {
        await Promise.all(
          this.perWord.flat().map((postings) => postings.readTail(this.index, this.meta, rarest)),
        );
        this.exact = true;
      } else {
        const parts = this.nextParts();
        await Promise.all(this.perWord.flat().map((postings) => postings.readParts(this.index, parts)));
        for (const part of parts) {
          this.partsRead.add(part);
        }
        this.exact = this.partsRead.size * this.meta.tail_range >= this.meta.numbers;
      }
      ranked = this.ranked();
    }
    this.more = ranked.length > count || !this.exact;
    return ranked.slice(0, count);
  }

  // The next TAIL_PARTS parts of the tails to read: those of the pages
  // that already have some of the query's words, best first (the pages
  // most likely to rank first once their other words are known), then the
  // newest pages' (page numbers are given in order as digests are added).
  nextParts() {
    const partial = new Map();
    for (const [i, matched] of this.perWord.entries()) {
      const seen = new Map();
      for (const postings of matched) {
        for (const [page, weight] of postings.weights) {
          seen.set(page, (seen.get(page) || 0) + postings.factor * weight);
        }
      }
      for (const [page, weight] of seen) {
        const [score, words] = partial.get(page) || [0, 0];
        partial.set(page, [score + this.rarity[i] * weight, words + 1]);
      }
    }
    const parts = [];
    const add = (part) => {
      if (parts.length < TAIL_PARTS && !this.partsRead.has(part) && !parts.includes(part)) {
        parts.push(part);
      }
    };
    const candidates = [...partial]
      .filter(([, [, words]]) => words < this.perWord.length)
      .sort((a, b) => b[1][0] - a[1][0] || b[0] - a[0]);
    for (const [page] of candidates) {
      add(Math.floor(page / this.meta.tail_range));
    }
    for (let part = Math.ceil(this.meta.numbers / this.meta.tail_range) - 1; part >= 0; part--) {
      add(part);
    }
    return parts;
  }
}

// What an entry must contain for each word: a word with its stem, or one
// whose stem starts with it; for Chinese, Japanese and Korean, the query's
// whole run of characters (the index only promised each pair of it
// somewhere on the page).
function requirements(query) {
  return [...pieces(query)]
    .filter((piece) => piece.cjk || !STOP_WORDS.has(piece.text))
    .map((piece) => (piece.cjk ? piece : { ...piece, stem: stem(piece.text) }));
}

// The query's phrases, in straight or curly double quotes: each the words
// it holds, as typed and by their stems, stop words too ("state of the art").
const PHRASE = /["“”]([^"“”]+)["“”]/gu;
function phrases(query) {
  const found = [];
  for (const [, quoted] of query.matchAll(PHRASE)) {
    const words = [...pieces(quoted)].filter((piece) => !piece.cjk).map((piece) => piece.text);
    if (words.length > 1) {
      found.push(words.map((word) => ({ text: word, stem: stem(word) })));
    }
  }
  return found;
}

// The stems of the words of a text, stop words too, in order.
function wordStems(text) {
  return [...pieces(text)].filter((piece) => !piece.cjk).map((piece) => stem(piece.text));
}

// Whether the stems hold the phrase's, one after another.
function holds(stems, phrase) {
  for (let start = 0; start + phrase.length <= stems.length; start++) {
    if (phrase.every((word, offset) => stems[start + offset] === word.stem)) {
      return true;
    }
  }
  return false;
}

// "zh-Hans" for text that is mostly Han, as the pages mark their Chinese;
// null for the rest, which is in the page's language.
function chinese(text) {
  const han = (text.match(/\p{Script=Han}/gu) || []).length;
  const letters = (text.match(/\p{L}/gu) || []).length;
  return letters > 0 && han * 2 >= letters ? "zh-Hans" : null;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Where patterns start in a sequence (a string, or an array of stems): at
// each position, the index of the first pattern that starts there, as an
// alternation of them would choose, or -1. Aho and Corasick's automaton
// ("Efficient string matching", 1975) finds them in time linear in the
// patterns and the sequence, however much they overlap; built of the
// patterns reversed and run from the sequence's end, it knows at each
// position the patterns that start there rather than end.
function firstStarts(patterns) {
  const root = { next: new Map(), fail: null, first: -1 };
  for (const [index, pattern] of patterns.entries()) {
    let node = root;
    for (let i = pattern.length - 1; i >= 0; i--) {
      if (!node.next.has(pattern[i])) {
        node.next.set(pattern[i], { next: new Map(), fail: root, first: -1 });
      }
      node = node.next.get(pattern[i]);
    }
    if (node.first === -1) {
      node.first = index;
    }
  }
  // Breadth first: a node's fallback, shallower, has its first pattern by then.
  const queue = [root];
  for (const node of queue) {
    for (const [symbol, child] of node.next) {
      let fallback = node.fail;
      while (fallback !== null && !fallback.next.has(symbol)) {
        fallback = fallback.fail;
      }
      child.fail = fallback === null ? root : fallback.next.get(symbol);
      if (child.fail.first !== -1 && (child.first === -1 || child.fail.first < child.first)) {
        child.first = child.fail.first;
      }
      queue.push(child);
    }
  }
  return (sequence) => {
    const starts = new Array(sequence.length);
    let node = root;
    for (let i = sequence.length - 1; i >= 0; i--) {
      while (node !== root && !node.next.has(sequence[i])) {
        node = node.fail;
      }
      node = node.next.get(sequence[i]) || root;
      starts[i] = node.first;
    }
    return starts;
  };
}

// What a record must hold, found in a text to be marked: a phrase whole,
// with what separates its words, where the stems of its words follow one
// another (holds()'s test); elsewhere, where a word starts, the query's
// first word that it starts with as typed or by its stem ("kernels" marks
// "kernel" too); Chinese, Japanese or Korean anywhere in a run. Returns a
// function that gives the [start, end] of each find in a text, in order.
// It reads the text's tokens, in time linear in them and the query: a
// regular expression of the phrase, `(?:runs|run)[\p{L}\p{N}]*[^\p{L}\p{N}]+…`,
// took each "runs" of a text two ways and tried every combination of them
// before it failed, over a minute for a phrase of 28 words.
function highlighter(needs, quoted = []) {
  const forms = needs.flatMap((need) => (need.cjk ? [need.text] : [need.text, need.stem]));
  const formsAt = firstStarts(forms);
  const phrasesAt = firstStarts(quoted.map((phrase) => phrase.map((word) => word.stem)));

  // Adds the finds in a token: a form where it starts; in a CJK run,
  // anywhere. Where folding changed a token's length (a ligature, say), its
  // letters no longer line up with the folded ones: a find is all of it.
  function findWithin(token, found) {
    const starts = formsAt(token.folded);
    let at = 0;
    while (at < (token.cjk ? starts.length : 1)) {
      if (starts[at] === -1) {
        at++;
      } else if (token.folded.length !== token.text.length) {
        found.push([token.start, token.start + token.text.length]);
        return;
      } else {
        const end = at + forms[starts[at]].length;
        found.push([token.start + at, token.start + end]);
        at = end;
      }
    }
  }

  return (text) => {
    const words = [...tokens(text)].map((token) => ({ ...token, folded: fold(token.text) }));
    // A CJK run between two words is a word of its own, which no phrase holds.
    const stems = quoted.length ? words.map((word) => (word.cjk ? null : stem(word.folded))) : [];
    const phraseStarts = phrasesAt(stems);
    const found = [];
    let i = 0;
    while (i < words.length) {
      const phrase = phraseStarts[i] >= 0 ? quoted[phraseStarts[i]] : null;
      if (phrase) {
        const last = words[i + phrase.length - 1];
        found.push([words[i].start, last.start + last.text.length]);
        i += phrase.length;
      } else {
        findWithin(words[i], found);
        i++;
      }
    }
    return found;
  };
}

function satisfies(record, needs, quoted = []) {
  // A phrase is in the title, the text or the names, not across them.
  const fields = record.slice(1).map(wordStems);
  if (!quoted.every((phrase) => fields.some((stems) => holds(stems, phrase)))) {
    return false;
  }
  const text = fold(`${record[1]} ${searched(record)}`);
  const words = new Set(terms(text));
  return needs.every((need) => {
    if (need.cjk) {
      return text.includes(need.text);
    }
    if (words.has(need.stem)) {
      return true;
    }
    for (const word of words) {
      if (word.startsWith(need.stem)) {
        return true;
      }
    }
    return false;
  });
}

// Runs of Han characters with the punctuation written between them.
const HAN_RUN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu;

// Appends text to an element, as text; with `tagChinese` (the element is
// not marked as Chinese), each run of Chinese in a <span lang="zh-Hans">,
// so that a browser draws it with Chinese glyphs in an English excerpt.
function appendText(element, text, tagChinese) {
  if (!tagChinese) {
    element.append(text);
    return;
  }
  let done = 0;
  for (const match of text.matchAll(HAN_RUN)) {
    element.append(text.slice(done, match.index));
    const span = document.createElement("span");
    span.lang = "zh-Hans";
    span.textContent = match[0];
    element.append(span);
    done = match.index + match[0].length;
  }
  element.append(text.slice(done));
}

// Appends text to an element, each of highlighter()'s finds in a <mark>, all as text.
function appendMarked(element, text, find, tagChinese = false) {
  let done = 0;
  for (const [start, end] of find(text)) {
    appendText(element, text.slice(done, start), tagChinese);
    const mark = document.createElement("mark");
    appendText(mark, text.slice(start, end), tagChinese);
    element.append(mark);
    done = end;
  }
  appendText(element, text.slice(done), tagChinese);
}

function excerpt(text, find) {
  const [first] = find(text);
  let start = first ? Math.max(0, first[0] - EXCERPT_BEFORE) : 0;
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space !== -1 && space < first[0] ? space + 1 : start;
  }
  const end = Math.min(text.length, start + EXCERPT_LENGTH);
  const paragraph = document.createElement("p");
  paragraph.className = "digest-search-excerpt";
  const shown = text.slice(start, end);
  const language = chinese(shown);
  if (language) {
    paragraph.lang = language;
  }
  appendMarked(paragraph, shown, find, !language);
  if (end < text.length) {
    paragraph.append(" …");
  }
  if (start > 0) {
    paragraph.prepend("… ");
  }
  return paragraph;
}

// Sphinx's sphinx_highlight.js, on every page, marks the words of
// ?highlight=… on the page a result opens: the words as typed and their stems.
function highlightWords(needs) {
  return [...new Set(needs.flatMap((need) => (need.cjk ? [need.text] : [need.text, need.stem])))].join(" ");
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
    this.status.textContent = "Searching…";
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
      this.status.textContent = `Search failed: ${error.message}.`;
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
    this.suggestion.replaceChildren("Did you mean ", link, "?");
  }

  // The years and categories of the entries found so far, each with its
  // count and a link that narrows the results to it (or widens them again).
  showFacets(more) {
    this.facets.replaceChildren();
    if (this.scope === "docs" || this.found === 0) {
      return;
    }
    const note = document.createElement("p");
    const sofar = more ? " so far" : "";
    note.textContent =
      this.found === 1
        ? `The one entry found${sofar}:`
        : `Of ${more ? "the" : "all"} ${this.found} entries found${sofar}:`;
    this.facets.append(note);
    for (const [name, label] of [["year", "Year"], ["category", "Category"]]) {
      const line = document.createElement("p");
      line.className = `digest-search-facet-${name}`;
      line.append(`${label}: `);
      const values = [...this.counts[name]].filter(([value]) => value).sort(
        (a, b) => (name === "year" ? (a[0] < b[0] ? 1 : -1) : b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      );
      const chosen = this.filters[name];
      for (const [index, [value, found]] of values.entries()) {
        if (index > 0) {
          line.append(" · ");
        }
        line.append(this.filterLink(value === chosen ? "" : value, name, `${value} (${found})`, value === chosen));
      }
      if (chosen) {
        line.append(" · ", this.filterLink("", name, `any ${name}`, false));
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
    this.status.textContent =
      this.shown === 0
        ? `No results for “${query}” in ${this.scope === "docs" ? "the project's pages" : "the papers"}.`
        : `${this.shown} ${this.shown === 1 ? "result" : "results"} for “${query}”` +
          `${this.more.hidden ? "." : ", more below."}`;
    this.element.dataset.state = "done";
  }
}

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
