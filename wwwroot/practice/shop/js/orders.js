/* Order history: /practice/shop/orders.html (requires sign-in). Cancelling needs an inline confirmation. */
(function () {
  "use strict";
  if (!Shop.requireSignIn()) return;
  var esc = Shop.esc;
  var root = document.getElementById("orders");
  var message = document.getElementById("orders-message");

  function render() {
    var list = Shop.orders().slice().sort(function (a, b) { return b.id - a.id; });
    if (!list.length) { root.innerHTML = "<p>You have not placed any orders yet.</p>"; return; }
    root.innerHTML = list.map(function (o) {
      var cancelled = o.status === "Cancelled";
      return '<article class="order" id="order-' + o.id + '" aria-labelledby="order-title-' + o.id + '" data-order-id="' + o.id + '">' +
        '<div class="order-head">' +
          "<div><span>Order placed</span>" + esc(Shop.formatDate(o.date)) + "</div>" +
          "<div><span>Total</span>" + Shop.money(o.total) + "</div>" +
          "<div><span>Ship to</span>" + esc(o.address.name) + "</div>" +
          "<div><span>Status</span><strong" + (cancelled ? ' class="status-cancelled"' : "") + ">" + esc(o.status) + "</strong></div>" +
        "</div>" +
        '<div class="order-body"><h2 id="order-title-' + o.id + '">Order #' + o.id + "</h2><ul>" +
          o.items.map(function (l) {
            var opts = [l.colour, l.size].filter(Boolean).join(", ");
            return '<li><a href="' + Shop.productUrl(l.id) + '">' + esc(l.name) + "</a>" + (opts ? " (" + esc(opts) + ")" : "") +
              " \u2013 Qty " + l.qty + " \u2013 " + Shop.money(l.price * l.qty) + "</li>";
          }).join("") +
        "</ul><p class=\"muted\">Delivery: " + esc(o.delivery) + " \u00b7 Payment: " + esc(o.payment) + "</p>" +
        (cancelled ? "" : '<button type="button" data-cancel="' + o.id + '">Cancel order</button>') +
        '<div class="confirm-box" id="confirm-' + o.id + '" hidden>' +
          "<span>Cancel order #" + o.id + "? This cannot be undone.</span>" +
          '<button type="button" class="danger" data-confirm="' + o.id + '">Confirm cancellation</button>' +
          '<button type="button" data-keep="' + o.id + '">Keep order</button>' +
        "</div></div></article>";
    }).join("");
  }

  root.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    var id;
    if (b.hasAttribute("data-cancel")) {
      id = b.getAttribute("data-cancel");
      document.getElementById("confirm-" + id).hidden = false;
      b.setAttribute("aria-expanded", "true");
      root.querySelector('[data-confirm="' + id + '"]').focus();
    } else if (b.hasAttribute("data-keep")) {
      id = b.getAttribute("data-keep");
      document.getElementById("confirm-" + id).hidden = true;
      root.querySelector('[data-cancel="' + id + '"]').focus();
    } else if (b.hasAttribute("data-confirm")) {
      id = parseInt(b.getAttribute("data-confirm"), 10);
      var all = Shop.orders();
      all.forEach(function (o) { if (o.id === id) o.status = "Cancelled"; });
      Shop.saveOrders(all);
      render();
      message.className = "notice notice-success";
      message.textContent = "Order #" + id + " has been cancelled.";
    }
  });
  render();
})();
