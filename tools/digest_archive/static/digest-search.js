// The archive's search page: Pagefind's UI, started with the query in ?q=
// (the URL Sphinx themes' search boxes submit to), and the URL kept in step
// with what the reader types so a search can be bookmarked or shared.
"use strict";

// The id of an entry's section, as render.entry_label writes it.
const ENTRY_ID = /^digest-\d{4}-\d{2}-\d{2}-\d+$/;

// Pagefind splits pages into sub-results only at headings with ids, and
// Sphinx puts ids on sections; so a hit is pointed at the entry whose section
// holds its first matched word, from the anchors Pagefind records.
function linkToEntry(result) {
  if (!result.locations || result.locations.length === 0) {
    return result;
  }
  const first = Math.min(...result.locations);
  let entry = null;
  for (const anchor of result.anchors || []) {
    if (anchor.location > first) {
      break;
    }
    if (anchor.element === "section" && ENTRY_ID.test(anchor.id)) {
      entry = anchor.id;
    }
  }
  if (entry !== null) {
    result.url = `${result.url}#${entry}`;
  }
  return result;
}

window.addEventListener("DOMContentLoaded", () => {
  const params = new URLSearchParams(window.location.search);
  const query = params.get("q");
  const ui = new PagefindUI({
    element: "#digest-search",
    // Result links are relative to the site's root, wherever it is served.
    baseUrl: new URL(".", window.location.href).pathname,
    showImages: false,
    resetStyles: false,
    autofocus: !query,
    processResult: linkToEntry,
    processTerm: (term) => {
      const url = new URL(window.location.href);
      url.searchParams.set("q", term);
      window.history.replaceState(null, "", url);
      return term;
    },
  });
  if (query) {
    ui.triggerSearch(query);
  }
});
