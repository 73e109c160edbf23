// Marks a query's finds in a text, as text: results' titles, summaries and excerpts.

import { fold, stem, tokens } from "./text.js";

const EXCERPT_BEFORE = 60;
export const EXCERPT_LENGTH = 240;

// "zh-Hans" for text that is mostly Han, as the pages mark their Chinese;
// null for the rest, which is in the page's language.
export function chinese(text) {
  const han = (text.match(/\p{Script=Han}/gu) || []).length;
  const letters = (text.match(/\p{L}/gu) || []).length;
  return letters > 0 && han * 2 >= letters ? "zh-Hans" : null;
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
// another (query.js's test, holds()); elsewhere, where a word starts, the query's
// first word that it starts with as typed or by its stem ("kernels" marks
// "kernel" too); Chinese, Japanese or Korean anywhere in a run. Returns a
// function that gives the [start, end] of each find in a text, in order.
// It reads the text's tokens, in time linear in them and the query: a
// regular expression of the phrase, `(?:runs|run)[\p{L}\p{N}]*[^\p{L}\p{N}]+…`,
// took each "runs" of a text two ways and tried every combination of them
// before it failed, in time exponential in the phrase's words (security.md).
export function highlighter(needs, quoted = []) {
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
export function appendMarked(element, text, find, tagChinese = false) {
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

export function excerpt(text, find) {
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
export function highlightWords(needs) {
  return [...new Set(needs.flatMap((need) => (need.cjk ? [need.text] : [need.text, need.stem])))].join(" ");
}
