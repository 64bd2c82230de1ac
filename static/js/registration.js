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
