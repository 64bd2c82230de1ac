// Product pages are cached and shared by every anonymous visitor, so their add-to-cart form has
// no CSRF token and is a GET to a confirmation page. With this script the buyer adds in one click:
// if there is no CSRF cookie yet, one request to that page sets it, then the form is posted with it.
(function () {
  const COOKIE = "csrftoken"; // settings.CSRF_COOKIE_NAME (Django's default)

  function csrfCookie() {
    const match = document.cookie.match(new RegExp("(?:^|;\\s*)" + COOKIE + "=([^;]+)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function postWithToken(form) {
    let token = csrfCookie();
    if (!token) {
      const query = new URLSearchParams(new FormData(form)).toString();
      const response = await fetch(form.action + "?" + query, { credentials: "same-origin" });
      if (!response.ok) throw new Error("confirmation page answered " + response.status);
      token = csrfCookie();
    }
    if (!token) throw new Error("no CSRF cookie");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrfmiddlewaretoken";
    input.value = token;
    form.appendChild(input);
    form.method = "post";
    form.submit();
  }

  document.querySelectorAll("form[data-post-with-csrf]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      // Whatever goes wrong, the plain GET still leads to the confirmation page.
      postWithToken(form).catch(() => form.submit());
    });
  });
})();
