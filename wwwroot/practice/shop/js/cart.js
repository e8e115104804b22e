/* Shopping cart page: /practice/shop/cart.html */
(function () {
  "use strict";
  var esc = Shop.esc;
  var root = document.getElementById("cart");

  function optionText(l) {
    var parts = [];
    if (l.colour) parts.push("Colour: " + l.colour);
    if (l.size) parts.push("Size: " + l.size);
    return parts.join(" \u00b7 ");
  }

  function render() {
    var all = Shop.cart();
    var items = all.filter(function (l) { return PracticeData.byId(l.id); });
    if (items.length !== all.length) Shop.saveCart(items);
    if (!items.length) {
      root.innerHTML = '<div class="panel"><h2>Your cart is empty</h2>' +
        '<p>Have a look at <a href="' + Shop.BASE + 'search.html?q=airpods">AirPods</a>, ' +
        '<a href="' + Shop.BASE + 'search.html?category=men-jeans">men\u2019s jeans</a> or ' +
        '<a href="' + Shop.BASE + '">continue shopping</a>.</p></div>';
      return;
    }
    var totals = Shop.cartTotals(items);
    var h = '<div class="cart-layout"><section aria-labelledby="items-heading"><h2 id="items-heading" class="visually-hidden">Items</h2><ul class="cart-items">';
    items.forEach(function (l, i) {
      var p = PracticeData.byId(l.id);
      var qtyOptions = "";
      for (var q = 1; q <= 10; q++) qtyOptions += '<option value="' + q + '"' + (q === l.qty ? " selected" : "") + ">" + q + "</option>";
      h += '<li class="cart-item" data-index="' + i + '" data-product-id="' + esc(p.id) + '">' +
        '<img src="' + PracticeData.imageFor(p, l.colour) + '" alt="' + esc(p.name) + '" width="100" height="100">' +
        '<div><h2><a href="' + Shop.productUrl(p.id) + '">' + esc(p.name) + "</a></h2>" +
        '<p class="options">' + esc(optionText(l)) + "</p>" +
        '<div class="line-controls"><label for="qty-' + i + '">Quantity</label>' +
        '<select id="qty-' + i + '" data-qty="' + i + '">' + qtyOptions + "</select>" +
        '<button type="button" class="btn-small" data-remove="' + i + '">Remove</button></div></div>' +
        '<div class="price">' + Shop.money(p.price * l.qty) + "</div></li>";
    });
    h += "</ul></section>" +
      '<aside class="summary" aria-labelledby="summary-heading"><h2 id="summary-heading">Order summary</h2>' +
      '<p id="subtotal" class="total">Subtotal (' + totals.count + " item" + (totals.count === 1 ? "" : "s") + "): " + Shop.money(totals.subtotal) + "</p>" +
      '<button type="button" class="btn-primary" id="checkout-button">Proceed to checkout</button>' +
      "</aside></div>";
    root.innerHTML = h;
  }

  root.addEventListener("click", function (e) {
    var rm = e.target.closest("button[data-remove]");
    if (rm) {
      var items = Shop.cart();
      var removed = items.splice(parseInt(rm.getAttribute("data-remove"), 10), 1)[0];
      Shop.saveCart(items);
      render();
      var p = removed && PracticeData.byId(removed.id);
      if (p) Shop.toast(p.name + " was removed from your cart.");
      return;
    }
    if (e.target.closest("#checkout-button")) location.href = Shop.BASE + "checkout/shipping.html";
  });
  root.addEventListener("change", function (e) {
    var sel = e.target.closest("select[data-qty]");
    if (!sel) return;
    var items = Shop.cart();
    items[parseInt(sel.getAttribute("data-qty"), 10)].qty = parseInt(sel.value, 10);
    Shop.saveCart(items);
    render();
    var again = document.getElementById(sel.id);
    if (again) again.focus();
  });
  render();
})();
