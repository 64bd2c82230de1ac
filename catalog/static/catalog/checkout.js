// Narrow the desa list to the chosen kecamatan (desa codes start with the kecamatan code).
(function () {
  var kec = document.getElementById('id_kecamatan'), desa = document.getElementById('id_desa');
  if (!kec || !desa) return;
  var all = Array.prototype.slice.call(desa.options).map(function (o) { return o.cloneNode(true); });
  function filter() {
    var code = kec.value, current = desa.value;
    desa.innerHTML = '';
    all.forEach(function (o) { if (!o.value || (code && o.value.indexOf(code + '.') === 0)) desa.appendChild(o.cloneNode(true)); });
    desa.value = current;
  }
  kec.addEventListener('change', filter); filter();
})();
