// Autocomplete for the site search box: debounced requests to /api/v1/search/suggest/,
// a WAI-ARIA combobox (arrow keys, Enter, Escape). Without JavaScript the form still works.
(() => {
  const DEBOUNCE_MS = 200;

  function setup(input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    const status = input.form.querySelector("[data-search-status]");
    const url = input.dataset.searchSuggest;
    let timer = null, controller = null, active = -1, items = [];

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function choose(li) {
      input.value = li.dataset.text;
      close();
      input.form.submit();
    }

    function render(suggestions) {
      close();
      if (!suggestions.length) return;
      suggestions.forEach((s, i) => {
        const li = document.createElement("li");
        li.id = `${list.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.text = s.text;
        li.textContent = s.text;
        li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(li); });
        list.appendChild(li);
        items.push(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (status) status.textContent = `${suggestions.length}`;
    }

    async function fetchSuggestions() {
      const q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(q)}`, {
          signal: controller.signal, headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        const body = await response.json();
        if (input.value.trim() === q) render(body.suggestions || []);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  document.querySelectorAll("input[data-search-suggest]").forEach(setup);
})();
