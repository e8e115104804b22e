/* Checkout steps: shipping.html -> delivery.html -> payment.html -> confirmation.html (all require sign-in). */
(function () {
  "use strict";
  if (!Shop.requireSignIn()) return;
  var esc = Shop.esc;
  var step = document.body.getAttribute("data-step");
  var root = document.getElementById("checkout");
  var state = Shop.checkoutState();
  var DELIVERY = {
    standard: { label: "Standard (free, 5\u20137 days)", cost: 0 },
    express: { label: "Express ($9.99, 1\u20132 days)", cost: 9.99 }
  };
  var PAYMENT = {
    visa: "Visa ending in 4242",
    mastercard: "Mastercard ending in 8210",
    paypal: "PayPal",
    cod: "Cash on delivery"
  };

  function items() { return Shop.cart().filter(function (l) { return PracticeData.byId(l.id); }); }
  function emptyCart() {
    root.innerHTML = '<div class="panel"><h2>Your cart is empty</h2><p>Add something to your cart before checking out. ' +
      '<a href="' + Shop.BASE + '">Continue shopping</a></p></div>';
  }
  function address() {
    var list = Shop.addresses();
    return list[state.addressIndex] || list[0];
  }
  function summary() {
    var lines = items(), totals = Shop.cartTotals(lines);
    var d = DELIVERY[state.delivery] || DELIVERY.standard;
    var h = '<aside class="summary" aria-labelledby="summary-heading"><h2 id="summary-heading">Order summary</h2><ul>';
    lines.forEach(function (l) {
      var p = PracticeData.byId(l.id);
      h += "<li>" + l.qty + " \u00d7 " + esc(p.name) + " \u2013 " + Shop.money(p.price * l.qty) + "</li>";
    });
    h += "</ul><dl><dt>Items (" + totals.count + ")</dt><dd>" + Shop.money(totals.subtotal) + "</dd>" +
      "<dt>Delivery</dt><dd>" + (d.cost ? Shop.money(d.cost) : "FREE") + "</dd>" +
      '<dt class="total">Order total</dt><dd class="total" id="order-total">' + Shop.money(totals.subtotal + d.cost) + "</dd></dl></aside>";
    return h;
  }

  function shipping() {
    var list = Shop.addresses();
    var h = '<div class="cart-layout"><div><form id="address-choice" class="panel"><fieldset><legend>Your addresses</legend><ul class="option-list">';
    list.forEach(function (a, i) {
      h += '<li><input type="radio" name="address" id="address-' + i + '" value="' + i + '"' +
        (i === (state.addressIndex < list.length ? state.addressIndex : 0) ? " checked" : "") + '>' +
        '<label for="address-' + i + '">' + esc(Shop.formatAddress(a)) + "</label></li>";
    });
    h += '</ul></fieldset><button type="submit" class="btn-primary">Use this address</button></form>' +
      '<div class="panel"><button type="button" id="new-address-toggle" aria-expanded="false" aria-controls="new-address-form">Add a new address</button>' +
      '<form id="new-address-form" hidden novalidate><h2>Add a new address</h2>' +
      field("addr-name", "Full name", "text", "name") + field("addr-street", "Street address", "text", "street-address") +
      field("addr-city", "City", "text", "address-level2") + field("addr-zip", "ZIP code", "text", "postal-code") +
      '<button type="submit" class="btn-accent">Add address</button></form></div></div>' + summary() + "</div>";
    root.innerHTML = h;

    document.getElementById("address-choice").addEventListener("submit", function (e) {
      e.preventDefault();
      var chosen = root.querySelector('input[name="address"]:checked');
      state.addressIndex = chosen ? parseInt(chosen.value, 10) : 0;
      Shop.saveCheckoutState(state);
      location.href = Shop.BASE + "checkout/delivery.html";
    });
    var toggle = document.getElementById("new-address-toggle");
    var form = document.getElementById("new-address-form");
    toggle.addEventListener("click", function () {
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) document.getElementById("addr-name").focus();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var ids = ["addr-name", "addr-street", "addr-city", "addr-zip"], ok = true, first = null;
      ids.forEach(function (id) {
        var input = document.getElementById(id), err = document.getElementById(id + "-error");
        var bad = !input.value.trim();
        input.setAttribute("aria-invalid", String(bad));
        err.textContent = bad ? "Please enter " + input.getAttribute("data-label").toLowerCase() + "." : "";
        if (bad) { ok = false; first = first || input; }
      });
      if (!ok) { first.focus(); return; }
      var list2 = Shop.addresses();
      list2.push({
        name: document.getElementById("addr-name").value.trim(), street: document.getElementById("addr-street").value.trim(),
        city: document.getElementById("addr-city").value.trim(), zip: document.getElementById("addr-zip").value.trim()
      });
      Shop.save(Shop.KEYS.addresses, list2);
      state.addressIndex = list2.length - 1;
      Shop.saveCheckoutState(state);
      shipping();
      Shop.toast("Address added. Select it and choose \u201cUse this address\u201d.");
    });
  }
  function field(id, label, type, autocomplete) {
    return '<div class="field"><label for="' + id + '">' + label + '</label><input type="' + type + '" id="' + id + '" data-label="' + label +
      '" autocomplete="' + autocomplete + '" aria-describedby="' + id + '-error" required><span class="field-error" id="' + id + '-error"></span></div>';
  }

  function radios(name, options, selected) {
    return Object.keys(options).map(function (k) {
      var label = typeof options[k] === "string" ? options[k] : options[k].label;
      return '<li><input type="radio" name="' + name + '" id="' + name + "-" + k + '" value="' + k + '"' + (k === selected ? " checked" : "") +
        '><label for="' + name + "-" + k + '">' + esc(label) + "</label></li>";
    }).join("");
  }

  function delivery() {
    var a = address();
    root.innerHTML = '<div class="cart-layout"><form id="delivery-form" class="panel">' +
      '<p>Shipping to: <strong>' + esc(Shop.formatAddress(a)) + '</strong> <a href="' + Shop.BASE + 'checkout/shipping.html">Change</a></p>' +
      '<fieldset><legend>Delivery options</legend><ul class="option-list">' + radios("delivery", DELIVERY, state.delivery in DELIVERY ? state.delivery : "standard") +
      '</ul></fieldset><button type="submit" class="btn-primary">Continue</button></form>' + summary() + "</div>";
    var form = document.getElementById("delivery-form");
    form.addEventListener("change", function () {
      state.delivery = form.querySelector('input[name="delivery"]:checked').value;
      Shop.saveCheckoutState(state);
      root.querySelector("aside.summary").outerHTML = summary();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      state.delivery = form.querySelector('input[name="delivery"]:checked').value;
      Shop.saveCheckoutState(state);
      location.href = Shop.BASE + "checkout/payment.html";
    });
  }

  function payment() {
    var a = address(), d = DELIVERY[state.delivery] || DELIVERY.standard;
    root.innerHTML = '<div class="cart-layout"><form id="payment-form" class="panel">' +
      "<p>Shipping to: <strong>" + esc(Shop.formatAddress(a)) + "</strong> \u00b7 Delivery: <strong>" + esc(d.label) + "</strong> " +
      '<a href="' + Shop.BASE + 'checkout/delivery.html">Change</a></p>' +
      '<fieldset><legend>Payment methods</legend><ul class="option-list">' + radios("payment", PAYMENT, state.payment in PAYMENT ? state.payment : "visa") +
      '</ul></fieldset><p class="muted">This is a practice shop: no payment is taken.</p>' +
      '<button type="submit" class="btn-primary" id="place-order">Place order</button></form>' + summary() + "</div>";
    var form = document.getElementById("payment-form");
    form.addEventListener("change", function () {
      state.payment = form.querySelector('input[name="payment"]:checked').value;
      Shop.saveCheckoutState(state);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var button = document.getElementById("place-order");
      if (button.disabled) return;
      button.disabled = true; // guards against double submission
      var lines = items();
      if (!lines.length) { emptyCart(); return; }
      state.payment = form.querySelector('input[name="payment"]:checked').value;
      Shop.saveCheckoutState(state);
      var totals = Shop.cartTotals(lines);
      var order = {
        id: Shop.nextOrderId(),
        date: new Date().toISOString().slice(0, 10),
        status: "Processing",
        delivery: d.label, deliveryCost: d.cost,
        payment: PAYMENT[state.payment],
        address: a,
        items: lines.map(function (l) {
          var p = PracticeData.byId(l.id);
          return { id: l.id, name: p.name, colour: l.colour, size: l.size, qty: l.qty, price: p.price };
        }),
        total: Math.round((totals.subtotal + d.cost) * 100) / 100
      };
      var all = Shop.orders();
      all.unshift(order);
      Shop.saveOrders(all);
      Shop.saveCart([]);
      location.href = Shop.BASE + "checkout/confirmation.html?order=" + order.id;
    });
  }

  function confirmation() {
    var id = parseInt(Shop.params().get("order"), 10);
    var order = Shop.orders().filter(function (o) { return o.id === id; })[0];
    if (!order) {
      root.innerHTML = '<h1>Order not found</h1><p><a href="' + Shop.BASE + 'orders.html">View your orders</a></p>';
      return;
    }
    root.innerHTML = '<div class="panel"><h1>Thank you, your order has been placed</h1>' +
      '<p class="notice notice-success" role="status">Order number: <strong id="order-number">#' + order.id + "</strong></p>" +
      "<p>We\u2019ll send a confirmation to " + esc(Shop.DEMO.email) + ".</p>" +
      "<dl class=\"order-summary\"><dt>Ship to</dt><dd>" + esc(Shop.formatAddress(order.address)) + "</dd>" +
      "<dt>Delivery</dt><dd>" + esc(order.delivery) + "</dd><dt>Payment</dt><dd>" + esc(order.payment) + "</dd>" +
      "<dt>Order total</dt><dd>" + Shop.money(order.total) + "</dd></dl><ul>" +
      order.items.map(function (l) { return "<li>" + l.qty + " \u00d7 " + esc(l.name) + "</li>"; }).join("") + "</ul>" +
      '<p><a class="btn" href="' + Shop.BASE + 'orders.html">View your orders</a> <a class="btn" href="' + Shop.BASE + '">Continue shopping</a></p></div>';
  }

  if (step === "confirmation") { confirmation(); return; }
  if (!items().length) { emptyCart(); return; }
  if (step === "shipping") shipping();
  else if (step === "delivery") delivery();
  else if (step === "payment") payment();
})();
