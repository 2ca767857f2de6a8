() => {
  // Measured in the page by test_reflow.py: whether it scrolls sideways, which elements (and lines of
  // text) stick out past its right edge outside a region that clips them, and each region that scrolls sideways.
  const width = window.innerWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const path = el => {
    const parts = [];
    for (let e = el; e && e !== document.body; e = e.parentElement) parts.unshift(name(e));
    return parts.slice(-4).join(" > ");
  };
  const clips = el => getComputedStyle(el).overflowX !== "visible";
  const clipped = el => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (clips(e)) return true;
    }
    return false;
  };
  const offenders = [], regions = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth) {
      regions.push({element: path(el), role: el.getAttribute("role"), tabindex: el.getAttribute("tabindex"),
                    label: el.getAttribute("aria-label") || el.getAttribute("aria-labelledby"),
                    table: !!el.querySelector("table")});
    }
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !clipped(el)) {
      offenders.push(`${path(el)} (right edge ${Math.round(box.right)} px): ${(el.innerText || "").trim().slice(0, 60)}`);
    }
  }
  // A long word sticks out of its element without widening it: its line of text is measured.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !clipped(node)) {
      offenders.push(`text in ${path(node.parentElement)} (right edge ${Math.round(box.right)} px): ${node.textContent.trim().slice(0, 60)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, offenders: offenders.slice(0, 8), regions};
}
