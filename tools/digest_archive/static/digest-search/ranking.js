// Ranks the pages with every word of a query, reading the tails of its words only as far as it must.

// Parts of the tails a query of common words reads at a time (a part is
// meta.tail_range pages): the whole tail of a small archive, a shrinking share
// of a larger one.
const TAIL_PARTS = 2;

// The pages with every word of a query, best first: the sum of each word's
// BM25 weight on the page (weights.weights: saturated, discounted by length,
// a title or a name weighing more) times the word's rarity. Ranked in tiers, as a
// tiered index is read (Manning, Raghavan and Schütze, "Introduction to
// Information Retrieval", 7.2.1): first among the pages in every word's
// head, where the words weigh most; only when they are too few, among all.
export class Ranking {
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

  // At most how many pages hold every word: the fewest pages any word (with
  // the longer words it begins) is on, as the heads say.
  candidates() {
    return Math.min(...this.perWord.map((matched) => matched.reduce((sum, postings) => sum + postings.pages, 0)));
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
