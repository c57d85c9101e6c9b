// Printing one part of a page (a letter, a complaint): the element is marked while the print
// dialog is open and the print style sheet (app.css) hides everything else. The marks only
// matter to print media, so one left behind by a webview that never fires `afterprint` changes
// nothing on screen, and the next print clears it.

/** Prints `el` alone through the webview's print dialog. */
export function printOnly(el: HTMLElement): void {
  for (const other of document.querySelectorAll(".printing")) other.classList.remove("printing");
  el.classList.add("printing");
  document.body.classList.add("print-one");
  const done = (): void => {
    el.classList.remove("printing");
    document.body.classList.remove("print-one");
  };
  window.addEventListener("afterprint", done, { once: true });
  window.print();
}
