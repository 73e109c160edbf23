// A result as a reader sees it: an entry's parts, each apart, its finds marked, all as text.

import { appendMarked, chinese, excerpt, EXCERPT_LENGTH } from "./highlight.js";
import { parts } from "./index.js";

const NOTHING = () => [];
const HAN = /\p{Script=Han}/u;

// An element of `tag` and `className`, with `text` as text: marked as
// Chinese if it is, else each run of Chinese in it (a category's name in
// "eess.AS 音频与语音"), so that it is drawn in Chinese faces on any page.
export function element(tag, className, text = "") {
  const made = document.createElement(tag);
  made.className = className;
  const language = chinese(text);
  if (language) {
    made.lang = language;
  }
  appendMarked(made, text, NOTHING, language === null && HAN.test(text));
  return made;
}

// A paragraph of text with its finds marked, marked as Chinese when it is.
function markedPart(className, text, find, limit = EXCERPT_LENGTH) {
  const part = element("p", className);
  const shown = text.slice(0, limit);
  appendMarked(part, shown, find, chinese(shown) === null);
  const language = chinese(shown);
  if (language) {
    part.lang = language;
  }
  if (shown.length < text.length) {
    part.append(" …");
  }
  return part;
}

// Only links to the web: a digest's link to anything else is shown as text.
function safeLink(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

// A page of the site itself, from the root: null for anything that leaves it.
function siteLink(path, root) {
  try {
    const url = new URL(path, root);
    return url.origin === new URL(root).origin ? url.pathname + url.hash : null;
  } catch {
    return null;
  }
}

// A result: the entry's title (a link to it), its digest, its Chinese
// summary, its abstract where only it holds the words, its authors, its
// links and the other days that list the paper, each a part of its own.
export function resultItem(page, record, { root, find, highlight, words, category }) {
  const entry = parts(record);
  const item = element("li", "digest-search-result");
  const link = element("a", "digest-search-result-link");
  const url = new URL(page.url, root);
  url.hash = entry.anchor;
  if (highlight) {
    url.searchParams.set("highlight", highlight);
  }
  link.href = url.pathname + url.search + url.hash;
  appendMarked(link, entry.title || page.title, find);
  const language = chinese(link.textContent);
  if (language) {
    link.lang = language;
  }
  item.append(link);
  if (entry.title && entry.title !== page.title) {
    const where = element("span", "digest-search-result-page", page.title);
    item.append(" ", where);
  }
  if (category) {
    item.append(" ", element("span", "digest-search-result-category", category));
  }
  if (entry.lead) {
    // An entry's one-line summary says what the paper is: first, whole up to an excerpt's length.
    item.append(markedPart("digest-search-summary", entry.lead, find));
  }
  const inText = find(entry.text).length > 0;
  if (entry.text && (!entry.lead || (inText && find(entry.lead).length === 0))) {
    item.append(excerpt(entry.text, find));
  }
  if (entry.abstract && !inText && find(entry.abstract).length > 0) {
    const abstract = excerpt(entry.abstract, find);
    abstract.className = "digest-search-abstract";
    abstract.lang = "en";
    item.append(abstract);
  }
  if (entry.authors.length) {
    const authors = element("p", "digest-search-authors");
    authors.append(element("span", "digest-search-part-label", words.authors));
    appendMarked(authors, entry.authors.join(", "), find, true);
    item.append(authors);
  }
  const links = entry.links.map(([label, href]) => [label, safeLink(href)]).filter(([, href]) => href);
  if (links.length) {
    const row = element("p", "digest-search-links");
    for (const [index, [label, href]] of links.entries()) {
      const anchor = element("a", "", label);
      anchor.href = href;
      anchor.rel = "noopener noreferrer";
      row.append(...(index ? [" · ", anchor] : [anchor]));
    }
    item.append(row);
  }
  const days = entry.days.map(([label, path]) => [label, siteLink(path, root)]).filter(([, href]) => href);
  if (days.length) {
    // Search lists a paper once, at its first day: the others are named here, as on its card.
    const row = element("p", "digest-search-days");
    row.append(element("span", "digest-search-part-label", days.length > 1 ? words.alsoInMany : words.alsoIn));
    for (const [index, [label, href]] of days.entries()) {
      const anchor = element("a", "", label);
      anchor.href = href;
      row.append(...(index ? [words.separator, anchor] : [anchor]));
    }
    item.append(row);
  }
  return item;
}
