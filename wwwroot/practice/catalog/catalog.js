/*
 * Practice Catalog category page: /practice/catalog/category.html?c=men-jeans
 * Cards are rendered by JavaScript (the HTML only holds an empty list and a
 * "Loading…" note) and 12 more are appended each time the sentinel below the
 * grid scrolls into view (IntersectionObserver), until "No more products".
 * Each card links to the product page of the Practice Shop.
 */
(function () {
  "use strict";
  var PAGE_SIZE = 12;
  var FASHION = ["men-jeans", "men-shirts", "women-dresses", "women-shoes"];
  var params = new URLSearchParams(location.search);
  var id = params.get("c") || "";
  var cat = FASHION.indexOf(id) !== -1 ? PracticeData.category(id) : null;
  var grid = document.getElementById("product-grid");
  var note = document.getElementById("loading-note");
  var sentinel = document.getElementById("sentinel");
  var title = document.getElementById("category-title");
  var countEl = document.getElementById("category-count");
  var crumb = document.getElementById("crumb-current");

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  function money(n) { return "$" + n.toFixed(2); }
  function card(p) {
    var colour = p.colours[0];
    return '<li><article class="card" aria-labelledby="card-' + p.id + '" data-product-id="' + p.id + '">' +
      '<img src="' + PracticeData.imageFor(p) + '" alt="' + esc(p.name + " in " + colour) + '" width="240" height="240">' +
      '<div class="card-body"><p class="brand">' + esc(p.brand) + "</p>" +
      '<h2 id="card-' + p.id + '"><a href="/practice/shop/product.html?id=' + encodeURIComponent(p.id) + '">' + esc(p.name) + "</a></h2>" +
      '<p class="price-line"><span class="price">' + money(p.price) + "</span>" +
      (p.original ? ' <s class="original-price"><span class="visually-hidden">Original price: </span>' + money(p.original) + "</s>" : "") + "</p>" +
      '<p class="rating"><span class="stars" aria-hidden="true">' + "\u2605\u2605\u2605\u2605\u2605".slice(0, Math.round(p.rating)) +
      "\u2606\u2606\u2606\u2606\u2606".slice(0, 5 - Math.round(p.rating)) + "</span> " + p.rating.toFixed(1) + " out of 5 stars</p>" +
      '<p class="muted">' + p.colours.length + " colour" + (p.colours.length === 1 ? "" : "s") + "</p></div></article></li>";
  }

  if (!cat) {
    setTimeout(function () {
      title.textContent = "Category not found";
      crumb.textContent = "Not found";
      note.innerHTML = 'We couldn\u2019t find that category. <a href="/practice/catalog/">See all categories</a>.';
      sentinel.hidden = true;
    }, 300);
    return;
  }

  var items = PracticeData.products.filter(function (p) { return p.category === id; });
  var shown = 0, loading = false, observer = null;

  function appendNext() {
    var next = items.slice(shown, shown + PAGE_SIZE);
    grid.insertAdjacentHTML("beforeend", next.map(card).join(""));
    shown += next.length;
    document.getElementById("shown-status").textContent = "Showing " + shown + " of " + items.length + " products";
    if (shown >= items.length) {
      if (observer) observer.disconnect();
      sentinel.hidden = true;
      note.textContent = "No more products";
      note.className = "end-note";
    } else {
      note.textContent = "";
    }
  }
  function loadMore() {
    if (loading || shown >= items.length) return;
    loading = true;
    note.textContent = "Loading more products\u2026";
    setTimeout(function () {        // simulated network latency
      appendNext();
      loading = false;
      if (observer && shown < items.length) { observer.unobserve(sentinel); observer.observe(sentinel); } // re-check if still visible
    }, 400);
  }

  setTimeout(function () {          // simulated initial fetch
    document.title = cat.label + " \u2013 Practice Catalog";
    title.textContent = cat.label;
    crumb.textContent = cat.label;
    countEl.textContent = items.length + " products";
    appendNext();
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) loadMore();
      }, { rootMargin: "0px 0px 200px 0px" });
      observer.observe(sentinel);
    } else {
      window.addEventListener("scroll", function () {
        if (sentinel.getBoundingClientRect().top < window.innerHeight + 200) loadMore();
      });
    }
  }, 300);
})();
