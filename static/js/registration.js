// Progressive enhancement: show only the desa of the chosen kecamatan (works without JS too).
(() => {
  const kecamatan = document.querySelector("#id_kecamatan");
  const desa = document.querySelector("[data-desa-select]");
  if (!kecamatan || !desa) return;
  const filter = () => {
    const code = kecamatan.value;
    desa.querySelectorAll("optgroup").forEach((group) => {
      const show = !code || group.dataset.kecamatan === code;
      group.hidden = !show;
      group.disabled = !show;
    });
    const chosen = desa.selectedOptions[0];
    if (chosen && chosen.value && code && chosen.dataset.kecamatan !== code) desa.value = "";
  };
  kecamatan.addEventListener("change", filter);
  filter();
})();

// Progressive enhancement: find a KBLI code by words ("keripik", "warung makan") or by its first
// digits; a tapped code is added to the Kode KBLI field, the first one being the main code.
// Without JavaScript the box stays hidden and the code is typed in the field.
(() => {
  const DEBOUNCE_MS = 250;

  function setup(box) {
    const target = document.getElementById(box.dataset.target);
    const input = box.querySelector("input[type=search]");
    const list = box.querySelector(".kbli-results");
    const status = box.querySelector("[data-kbli-status]");
    if (!target || !input || !list || !status) return;
    let timer = null, controller = null;

    const codesTyped = () => target.value.split(/[\s,;]+/).filter(Boolean);
    const say = (message, code = "") => { status.textContent = message.replace("{code}", code); };

    function add(code, button) {
      const codes = codesTyped();
      if (codes.includes(code)) { say(box.dataset.already, code); return; }
      target.value = [...codes, code].join(", ");
      target.dispatchEvent(new Event("input", { bubbles: true }));
      button.classList.add("is-added");
      say(codes.length ? box.dataset.added : box.dataset.addedMain, code);
    }

    function render(results) {
      const codes = codesTyped();
      list.replaceChildren(...results.map(({ code, title }) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        const strong = document.createElement("strong");
        button.type = "button";
        button.className = "kbli-option";
        button.dataset.code = code;
        if (codes.includes(code)) button.classList.add("is-added");
        strong.textContent = code;
        button.append(strong, ` · ${title}`);
        button.addEventListener("click", () => add(code, button));
        item.append(button);
        return item;
      }));
    }

    async function search() {
      const q = input.value.trim();
      if (controller) controller.abort();
      if (!q) { list.replaceChildren(); say(""); return; }
      controller = new AbortController();
      try {
        const response = await fetch(`${box.dataset.url}?q=${encodeURIComponent(q)}`, {
          signal: controller.signal, headers: { Accept: "application/json" },
        });
        const body = await response.json().catch(() => ({}));
        if (input.value.trim() !== q) return;
        // A 400 says why (too short, too long) in the page's language; show it as it is.
        if (!response.ok) { list.replaceChildren(); say(body.detail || box.dataset.failed); return; }
        render(body.results || []);
        say(body.results && body.results.length ? "" : box.dataset.none);
      } catch (error) {
        if (error.name !== "AbortError") say(box.dataset.failed);
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    // Enter in the search box searches now; it must not submit the registration step.
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      clearTimeout(timer);
      search();
    });
    box.hidden = false;
  }

  document.querySelectorAll("[data-kbli-search]").forEach(setup);
})();
