// A digest page's cards: a long summary folded to its first lines, and the
// "Copy BibTeX" buttons. The buttons are hidden in the page and shown here,
// so that a reader without scripts sees none: the summary is whole and the
// BibTeX is in its folded block.
"use strict";

function unfold(summary, button) {
  summary.classList.remove("digest-folded");
  button.remove();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.digest-unfold")) {
    const summary = button.previousElementSibling;
    if (summary === null) continue;
    summary.classList.add("digest-folded");
    if (summary.scrollHeight <= summary.clientHeight + 1) {
      summary.classList.remove("digest-folded");
      continue;
    }
    button.hidden = false;
    button.addEventListener("click", () => unfold(summary, button));
    // Find in page scrolls the folded block to the text it found: show it whole.
    summary.addEventListener("scroll", () => unfold(summary, button), { once: true });
  }
  for (const button of document.querySelectorAll("button.digest-copy-bibtex")) {
    const bibtex = button.parentElement.querySelector(".digest-cite pre");
    if (bibtex === null || !navigator.clipboard) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(bibtex.textContent);
      button.textContent = button.dataset.done;
      setTimeout(() => {
        button.textContent = label;
      }, 2000);
    });
  }
});
