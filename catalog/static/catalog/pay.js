// Card payment with Stripe.js. Against localstripe's stand-in (tests, demo) the card is
// tokenised, the server attaches it and confirms, and Stripe.js only runs 3-D Secure.
// With real Stripe.js the standard confirmCardPayment flow is used. Either way the order
// becomes paid only when the signed webhook arrives; this page just polls for it.
(function () {
  var form = document.getElementById('payment-form');
  if (!form) return;
  var stripe = Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create('card');
  card.mount('#card-element');
  var errorBox = document.getElementById('payment-error');
  var button = document.getElementById('pay-button');
  var isLocalstripe = typeof LOCALSTRIPE_BASE_API !== 'undefined';
  var csrf = form.querySelector('[name=csrfmiddlewaretoken]').value;

  function fail(message) { errorBox.textContent = message || 'Error'; button.disabled = false; }

  function poll() {
    document.getElementById('payment-wait').hidden = false;
    fetch(form.dataset.statusUrl, {credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (data) {
      var status = document.getElementById('payment-status');
      if (data.payment_status !== 'pending') {
        status.textContent = data.label; status.dataset.status = data.payment_status;
        status.className = 'status status-' + data.payment_status;
        document.getElementById('payment-wait').hidden = true;
        form.hidden = data.payment_status === 'paid';
        if (data.payment_status !== 'paid') fail(data.label);
      } else { setTimeout(poll, 1000); }
    });
  }

  async function payWithLocalstripe() {
    var result = await stripe.createToken(card);
    if (result.error) return fail(result.error.message);
    var body = new URLSearchParams({payment_method: result.token.card.id});
    var response = await fetch(form.dataset.confirmUrl, {method: 'POST', body: body, credentials: 'same-origin',
      headers: {'X-CSRFToken': csrf}});
    var data = await response.json();
    if (!response.ok) return fail(data.error);
    if (data.status === 'requires_action') {
      var auth = await stripe.confirmCardPayment(data.client_secret);
      if (auth.error) return fail(auth.error.message);
    }
    poll();
  }

  async function payWithStripe() {
    var result = await stripe.confirmCardPayment(form.dataset.clientSecret, {payment_method: {card: card}});
    if (result.error) return fail(result.error.message);
    poll();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    button.disabled = true; errorBox.textContent = '';
    (isLocalstripe ? payWithLocalstripe() : payWithStripe()).catch(function (err) { fail(String(err)); });
  });
})();
