/*
 * The sample shop's page behaviour: shows the visitor's pagent ids, and buys through fetch.
 * The form post needs no script of its own: /_pagent/forward.js adds the hidden _pgnt field.
 */
(function (window, document) {
  "use strict";

  function text(id, value) {
    var element = document.getElementById(id);
    if (element) {
      element.textContent = value;
    }
  }

  function showVisitor() {
    var pgnt = window._pgnt;
    if (!pgnt || typeof pgnt.variables !== "function") {
      text("pgnt-status", "pagent's script did not load: checkouts are not attributed");
      return;
    }
    var v = pgnt.variables("checkout");
    text("pgnt-session", v.session_id);
    text("pgnt-user", v.user_id);
    text("pgnt-conversion", v.conversion_id === null ? "none (no goal matched)" : v.conversion_id);
  }

  function showReceipt(receipt) {
    var area = document.getElementById("receipt-area");
    area.innerHTML = "";
    var box = document.createElement("section");
    box.id = "receipt";
    box.innerHTML = "<h2>Receipt</h2><p>Order <span id=\"order-id\"></span>: <span id=\"quantity\"></span> x "
      + "<span id=\"product\"></span></p><p>Total <span id=\"revenue\"></span> cents "
      + "(<span id=\"total\"></span>)</p>";
    area.appendChild(box);
    text("order-id", receipt.orderId);
    text("quantity", String(receipt.quantity));
    text("product", receipt.product);
    text("revenue", String(receipt.totalCents));
    text("total", receipt.total || (receipt.totalCents / 100).toFixed(2));
  }

  function buyWithFetch(form) {
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    var pagent = window.pagentForward ? window.pagentForward.headers(form.getAttribute("data-pgnt-goal")) : {};
    for (var name in pagent) {
      headers[name] = pagent[name];
    }
    var body = JSON.stringify({
      sku: form.elements.sku.value,
      quantity: parseInt(form.elements.quantity.value, 10)
    });
    return window.fetch(form.getAttribute("data-fetch-action"), { method: "POST", headers: headers, body: body })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("checkout answered " + response.status);
        }
        return response.json();
      })
      .then(showReceipt)
      .catch(function (e) {
        text("receipt-area", "Checkout failed: " + e.message);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showVisitor();
    var form = document.getElementById("checkout-form");
    var button = document.getElementById("buy-fetch");
    if (form && button) {
      button.addEventListener("click", function () {
        buyWithFetch(form);
      });
    }
  });
})(window, document);
