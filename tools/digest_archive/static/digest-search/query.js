// What a query asks of an entry: its words and quoted phrases, and whether a record holds them all.

import { searched } from "./index.js";
import { fold, pieces, STOP_WORDS, stem, terms } from "./text.js";

// What an entry must contain for each word: a word with its stem, or one
// whose stem starts with it; for Chinese, Japanese and Korean, the query's
// whole run of characters (the index only promised each pair of it
// somewhere on the page).
export function requirements(query) {
  return [...pieces(query)]
    .filter((piece) => piece.cjk || !STOP_WORDS.has(piece.text))
    .map((piece) => (piece.cjk ? piece : { ...piece, stem: stem(piece.text) }));
}

// The query's phrases, in straight or curly double quotes: each the words
// it holds, as typed and by their stems, stop words too ("state of the art").
const PHRASE = /["“”]([^"“”]+)["“”]/gu;
export function phrases(query) {
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

export function satisfies(record, needs, quoted = []) {
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
