/* Product detail page: /practice/shop/product.html?id=... */
(function () {
  "use strict";
  var esc = Shop.esc;
  var root = document.getElementById("product");
  var p = PracticeData.byId(Shop.params().get("id") || "");

  if (!p) {
    root.innerHTML = "<h1>Product not found</h1><p>Sorry, we couldn't find that product. " +
      '<a href="' + Shop.BASE + 'search.html">Browse all products</a>.</p>';
    document.title = "Product not found \u2013 Practice Shop";
    return;
  }
  document.title = p.name + " \u2013 Practice Shop";

  var cat = PracticeData.category(p.category);
  var dept = p.category.split("-")[0];
  function options(values) {
    return values.map(function (v) { return '<option value="' + esc(v) + '">' + esc(v) + "</option>"; }).join("");
  }
  var qty = [];
  for (var i = 1; i <= 10; i++) qty.push(String(i));

  root.innerHTML =
    '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>' +
      '<li><a href="' + Shop.BASE + '">Home</a></li>' +
      '<li><a href="' + Shop.BASE + "search.html?category=" + dept + '">' + esc(cat.dept) + "</a></li>" +
      '<li><a href="' + Shop.BASE + "search.html?category=" + p.category + '">' + esc(cat.name) + "</a></li>" +
      '<li aria-current="page">' + esc(p.name) + "</li></ol></nav>" +
    '<div class="product-layout">' +
      '<div class="product-image"><img id="product-img" src="' + PracticeData.imageFor(p) + '" alt="' + esc(p.name) + '" width="400" height="400"></div>' +
      '<div class="product-info">' +
        '<p class="muted">by <a href="' + Shop.BASE + "search.html?q=" + encodeURIComponent(p.brand) + '">' + esc(p.brand) + "</a></p>" +
        "<h1>" + esc(p.name) + "</h1>" +
        "<div>" + Shop.stars(p.rating) + ' <span class="muted">' + p.reviews.toLocaleString("en-US") + " ratings</span></div>" +
        Shop.priceHtml(p) +
        '<p class="stock">In stock</p>' +
        "<p>" + esc(p.description) + "</p>" +
        '<form class="buy-box" id="buy-form" novalidate>' +
          '<div class="field"><label for="colour">Colour</label><select id="colour" name="colour">' + options(p.colours) + "</select></div>" +
          (p.sizes.length ? '<div class="field"><label for="size">Size</label><select id="size" name="size">' + options(p.sizes) + "</select></div>" : "") +
          '<div class="field"><label for="quantity">Quantity</label><select id="quantity" name="quantity">' + options(qty) + "</select></div>" +
          '<div class="buy-actions">' +
            '<button type="submit" class="btn-primary" id="add-to-cart">Add to Cart</button>' +
            '<button type="button" id="add-to-wishlist">Add to Wish List</button>' +
          "</div>" +
          '<div id="buy-status" role="status" aria-live="polite"></div>' +
        "</form>" +
        "<h2>Product details</h2>" +
        '<table class="details"><tbody>' +
          '<tr><th scope="row">Brand</th><td>' + esc(p.brand) + "</td></tr>" +
          '<tr><th scope="row">Category</th><td>' + esc(cat.label) + "</td></tr>" +
          '<tr><th scope="row">Colours</th><td>' + esc(p.colours.join(", ")) + "</td></tr>" +
          (p.sizes.length ? '<tr><th scope="row">Sizes</th><td>' + esc(p.sizes.join(", ")) + "</td></tr>" : "") +
          '<tr><th scope="row">Item number</th><td>' + esc(p.id) + "</td></tr>" +
        "</tbody></table>" +
      "</div>" +
    "</div>";

  var form = document.getElementById("buy-form");
  var status = document.getElementById("buy-status");
  var colour = document.getElementById("colour");
  var size = document.getElementById("size");
  var quantity = document.getElementById("quantity");

  colour.addEventListener("change", function () {
    document.getElementById("product-img").src = PracticeData.imageFor(p, colour.value);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    Shop.addToCart(p.id, colour.value, size ? size.value : "", quantity.value);
    status.className = "notice notice-success";
    status.innerHTML = "<strong>Added to cart</strong> \u2013 " + esc(quantity.value) + " \u00d7 " + esc(p.name) +
      ' (' + esc(colour.value) + (size ? ", " + esc(size.value) : "") + '). <a href="' + Shop.BASE + 'cart.html">View cart</a>';
  });
  document.getElementById("add-to-wishlist").addEventListener("click", function () {
    Shop.addToWishlist(p.id);
    status.className = "notice notice-success";
    status.innerHTML = "<strong>Added to wish list</strong> \u2013 " + esc(p.name) +
      '. <a href="' + Shop.BASE + 'wishlist.html">View wish list</a>';
  });
})();
