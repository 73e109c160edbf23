// A text's words and terms as the index reads them: folded, tokenized, stemmed, stop words dropped.
//
// What the index (digest_archive.search.terms) does to a page's text, done to a
// query: terms() must split text exactly as terms.terms does.

const CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}";
const WORD = /[\p{L}\p{N}]+/gu;
const CJK_RUN = new RegExp(`[${CJK}]+`, "gu");
export const IS_CJK = new RegExp(`^[${CJK}]`, "u");
export const STOP_WORDS = new Set(
  ("a an and are as at be but by for if in into is it no not of on or such " +
   "that the their then there these they this to was will with").split(" "),
);
// terms.MAX_WORD: longer words are not indexed.
const MAX_WORD = 64;

// Text as the index reads it.
export function fold(text) {
  return text.normalize("NFKC").toLowerCase();
}

// Runs of letters and digits, split where they enter or leave CJK, each
// with where it starts in the text.
export function* tokens(text) {
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
export function pieces(text) {
  return tokens(fold(text));
}

// terms.term_of: Sphinx's Snowball English stemmer, the algorithm the index
// stems with. english-stemmer.js is a classic script the search page loads
// before its modules, which run deferred: its global is defined by then.
const ENGLISH = new globalThis.EnglishStemmer();
const STEMS = new Map();
export function stem(word) {
  if (!STEMS.has(word)) {
    STEMS.set(word, ENGLISH.stemWord(word));
  }
  return STEMS.get(word);
}

// terms.terms: words by their stems, without the stop words and the
// longest; CJK runs as overlapping pairs of characters.
export function terms(text) {
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
