// The archive's categories as a reader names and sees them: arXiv's code, its subject, its names.
//
// meta.json's "categories" holds each category's code as the index has it
// (cs.LG, as sphinxext/search/records.py's category_code gives it) with its names:
// in the digests' legends (机器学习) and arXiv's (Machine Learning).

import { fold } from "./text.js";

// A category as the reader matches it: arXiv's code (cs.LG), its subject
// alone (LG) and its names, folded.
function forms(code, names = []) {
  const folded = fold(code);
  return new Set([folded, folded.split(".").pop(), ...names.filter(Boolean).map(fold)]);
}

// The category a reader named (cs.LG, LG, 机器学习) as the index codes it;
// "" for none named, null for one the archive does not have.
export function resolveCategory(meta, named) {
  if (!named) {
    return "";
  }
  const wanted = fold(named);
  for (const [code, names] of Object.entries(meta.categories)) {
    if (forms(code, names).has(wanted)) {
      return code;
    }
  }
  return null;
}

// "cs.LG 机器学习" in a Chinese interface, "cs.LG Machine Learning" in
// another (each name standing in for the other where a category lacks it).
export function categoryLabel(meta, chinese, code) {
  const [zh, en] = meta.categories[code] || ["", ""];
  const name = chinese ? zh || en : en || zh;
  return name && name !== code ? `${code} ${name}` : code;
}
