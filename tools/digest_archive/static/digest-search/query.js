// What a query asks of an entry: its words and quoted phrases, its authors and
// category (author:…, cat:…), and whether a record holds them all.

import { parts, searched } from "./index.js";
import { fold, pieces, STOP_WORDS, stem, terms } from "./text.js";

// author:Zhang, author:"B Zhang", cat:cs.CV (a colon as typed in Chinese
// too), where a word starts. One pass, each character read once: the
// alternatives start with different characters.
const PREFIX = /(^|\s)(author|cat)[:：](?:"([^"]*)"?|“([^”]*)”?|(\S*))/giu;

// The query's prefixes taken out: `text`, what is left to search as words;
// `authors`, each author:'s words (folded); `category`, the last cat:'s value.
export function parseQuery(query) {
  const authors = [];
  let category = "";
  const text = query.replace(PREFIX, (match, space, name, quoted, curly, bare) => {
    const value = (quoted ?? curly ?? bare ?? "").trim();
    if (name.toLowerCase() === "author") {
      const words = [...pieces(value)];
      if (words.length) {
        authors.push(words);
      }
    } else if (value) {
      category = value;
    }
    return space;
  });
  return { text: text.trim(), authors, category };
}

// Whether, for each author:, one of the record's authors holds each of its
// words where a word of the name starts ("Zha" finds "B Zhang"); a run of
// Chinese, Japanese or Korean anywhere in a run of the name.
export function byAuthors(record, authors) {
  const names = parts(record).authors.map((name) => [...pieces(name)]);
  return authors.every((words) =>
    names.some((name) =>
      words.every((word) =>
        name.some((part) => (word.cjk ? part.text.includes(word.text) : part.text.startsWith(word.text))),
      ),
    ),
  );
}

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
  // A phrase is in one part of the entry (its title, summary, abstract, an author…), not across them.
  const entry = parts(record);
  const fields = [entry.title, entry.text, entry.names, entry.lead, entry.abstract, ...entry.authors];
  const stems = fields.map(wordStems);
  if (!quoted.every((phrase) => stems.some((words) => holds(words, phrase)))) {
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
