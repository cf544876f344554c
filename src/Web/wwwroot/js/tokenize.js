// The portal's payment form: the card or bank account number goes from the browser straight to the
// processor's tokenization endpoint (data-tokenize-url; in the sandbox Payments' test tokenization
// through the gateway) and never to the web server. Only the token and what may be kept about the
// method (brand, last four digits) are handed back to the page.
window.collectionsPayments = {
  tokenize: async function (form) {
    const root = document.getElementById(form);
    if (!root) {
      return { ok: false, error: "form" };
    }
    const url = root.dataset.tokenizeUrl;
    const method = root.querySelector("input[name='pay-method']:checked")?.value ?? "card";
    const body = {};
    const fields = [];
    if (method === "card") {
      const card = root.querySelector("#card-number");
      body.cardNumber = (card?.value ?? "").replace(/[\s-]/g, "");
      fields.push(card);
    } else {
      const routing = root.querySelector("#routing-number");
      const account = root.querySelector("#bank-account-number");
      body.routingNumber = (routing?.value ?? "").replace(/\s/g, "");
      body.accountNumber = (account?.value ?? "").replace(/\s/g, "");
      fields.push(routing, account);
    }
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(body),
        credentials: "omit",
      });
    } catch {
      return { ok: false, error: "network" };
    }
    if (!response.ok) {
      return { ok: false, error: "rejected" };
    }
    const token = await response.json();
    // The number is no longer needed on the page either.
    for (const field of fields) {
      if (field) {
        field.value = "";
      }
    }
    return { ok: true, token: token.token, method: token.method, brand: token.brand, lastFour: token.lastFour };
  },
};
