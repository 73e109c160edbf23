// An index of names (authors, affiliations): the box above it hides the
// names that do not match what is typed, as one types. Names are compared
// folded as the archive files them (accents dropped, case ignored), so
// "bulo" finds "Bulò". The index lists the most frequent names only: the
// line under the box links a search of all papers for what was typed.
"use strict";

function fold(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase().replace(/\s+/g, " ").trim();
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".digest-name-filter");
  const list = document.querySelector("ol.digest-directory");
  if (box === null || list === null) return;
  const input = box.querySelector("input");
  const status = box.querySelector(".digest-name-filter-status");
  const items = [...list.querySelectorAll(":scope > li")].map((item) => [
    item,
    fold(item.querySelector(".xref").textContent),
  ]);
  // Each name keeps its rank while others are hidden.
  items.forEach(([item], index) => {
    item.value = index + 1;
  });
  function filter() {
    const query = fold(input.value);
    let shown = 0;
    for (const [item, name] of items) {
      const match = name.includes(query);
      item.hidden = !match;
      if (match) shown += 1;
    }
    status.replaceChildren();
    if (!query) return;
    status.append(box.dataset.matches.replace("{shown}", shown).replace("{total}", items.length), " ");
    const link = document.createElement("a");
    const url = new URL(box.dataset.search, document.baseURI);
    url.searchParams.set("q", box.dataset.prefix + input.value.trim());
    link.href = url.href;
    link.textContent = box.dataset.searchText.replace("{query}", input.value.trim());
    status.append(link);
  }
  input.addEventListener("input", filter);
  filter();
});
