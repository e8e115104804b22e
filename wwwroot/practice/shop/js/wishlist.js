/* Wish list: /practice/shop/wishlist.html */
(function () {
  "use strict";
  var esc = Shop.esc;
  var root = document.getElementById("wishlist");

  function render() {
    var ids = Shop.wishlist().filter(function (id) { return PracticeData.byId(id); });
    if (!ids.length) {
      root.innerHTML = '<div class="panel"><h2>Your wish list is empty</h2><p>Use \u201cAdd to Wish List\u201d on a product page to save it here. ' +
        '<a href="' + Shop.BASE + '">Continue shopping</a></p></div>';
      return;
    }
    root.innerHTML = '<ul class="result-list">' + ids.map(function (id) {
      var p = PracticeData.byId(id);
      return '<li><article class="product-card" aria-labelledby="wish-' + esc(id) + '" data-product-id="' + esc(id) + '">' +
        '<img src="' + PracticeData.imageFor(p) + '" alt="' + esc(p.name) + '" width="140" height="140"><div>' +
        '<h2 id="wish-' + esc(id) + '"><a href="' + Shop.productUrl(id) + '">' + esc(p.name) + "</a></h2>" +
        Shop.stars(p.rating) + Shop.priceHtml(p) +
        '<div class="card-actions"><button type="button" class="btn-primary" data-add="' + esc(id) + '">Add to Cart</button>' +
        '<button type="button" data-remove="' + esc(id) + '">Remove</button></div></div></article></li>';
    }).join("") + "</ul>";
  }

  root.addEventListener("click", function (e) {
    var add = e.target.closest("button[data-add]");
    var rm = e.target.closest("button[data-remove]");
    if (add) {
      var p = PracticeData.byId(add.getAttribute("data-add"));
      Shop.addToCart(p.id);
      Shop.toast("Added to cart: " + p.name);
    } else if (rm) {
      var id = rm.getAttribute("data-remove");
      Shop.save(Shop.KEYS.wishlist, Shop.wishlist().filter(function (x) { return x !== id; }));
      render();
      Shop.toast(PracticeData.byId(id).name + " was removed from your wish list.");
    }
  });
  render();
})();
