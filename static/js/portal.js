// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-nav-toggle]");
  if (!toggle) return;
  const nav = document.getElementById(toggle.getAttribute("aria-controls"));
  const open = nav.classList.toggle("is-open");
  toggle.setAttribute("aria-expanded", String(open));
});

// Rupiah boxes (portal.rupiah.RupiahInput): group digits with dots as they are typed, keeping the
// caret after the same digit. Anything with a comma or a word ("1,5 juta") is left as typed; the
// server reads it and says how to write it if it cannot.
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!box.matches || !box.matches("input[data-rupiah]")) return;
  if (!/^[\d.]*$/.test(box.value)) return;
  if (event.inputType === "insertText" && !/^\d$/.test(event.data || "")) return;
  // Regroup only what already reads as thousands groups (a digit just typed or deleted in
  // one); "15000.00" is somebody's decimals and is left for the server to question.
  const parts = box.value.split(".");
  const lastLengths = (event.inputType || "").startsWith("delete") ? [2, 3] : [3, 4];
  const groupedSoFar = parts.length === 1 || (parts[0].length >= 1 && parts[0].length <= 3
    && parts.slice(1, -1).every((part) => part.length === 3) && lastLengths.includes(parts[parts.length - 1].length));
  if (!groupedSoFar) return;
  const caret = box.selectionStart ?? box.value.length;
  const digitsBefore = box.value.slice(0, caret).replace(/\D/g, "").length;
  const digits = box.value.replace(/\D/g, "").replace(/^0+(?=\d)/, "");
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  if (grouped === box.value) return;
  box.value = grouped;
  let position = 0;
  for (let seen = 0; position < grouped.length && seen < digitsBefore; position += 1) {
    if (/\d/.test(grouped[position])) seen += 1;
  }
  box.setSelectionRange(position, position);
});

// Tables with a header row become stacked cards on phones (CSS: table.is-stacked under 720 px);
// each cell carries its column's name so a card reads "Status: Diproses".
document.querySelectorAll("main table").forEach((table) => {
  const heads = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim());
  if (!heads.length) return;
  table.querySelectorAll("tbody tr, tfoot tr").forEach((row) => {
    let column = 0;
    Array.from(row.children).forEach((cell) => {
      if (!cell.hasAttribute("data-label") && heads[column]) cell.setAttribute("data-label", heads[column]);
      column += cell.colSpan || 1;
    });
  });
  table.classList.add("is-stacked");
});

// Payment deadlines count down in the page ("12:04 lagi"); the server's text stays without JS.
document.querySelectorAll("[data-countdown]").forEach((element) => {
  const deadline = Date.parse(element.dataset.countdown);
  if (Number.isNaN(deadline)) return;
  const suffix = document.documentElement.lang === "en" ? " left" : " lagi";
  const tick = () => {
    const seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (seconds === 0) { element.textContent = element.dataset.expiredText; return; }
    const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    const pad = (n) => String(n).padStart(2, "0");
    element.textContent = (h ? `${h}:${pad(m)}` : `${m}`) + `:${pad(s)}` + suffix;
    setTimeout(tick, 1000);
  };
  tick();
});
