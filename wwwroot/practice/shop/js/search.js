/* Search results / category listing: /practice/shop/search.html?q=&category=&price=&rating=&colour=&size=&sort=&page= */
(function () {
  "use strict";
  var PER_PAGE = 10;
  var P = Shop.params();
  function list(v) { return v ? v.split(",").filter(Boolean) : []; }
  var state = {
    q: (P.get("q") || "").trim(),
    category: P.get("category") || "",
    price: P.get("price") || "",
    rating: P.get("rating") || "",
    colour: list(P.get("colour")),
    size: list(P.get("size")),
    sort: P.get("sort") || "featured",
    page: Math.max(1, parseInt(P.get("page"), 10) || 1)
  };
  var esc = Shop.esc;

  // --- Text matching ---------------------------------------------------------
  function norm(s) { return String(s).toLowerCase().replace(/['\u2019-]/g, "").replace(/[^a-z0-9]+/g, " ").trim(); }
  function fold(w) {
    if (/(ss|sh|ch|x)es$/.test(w)) return w.slice(0, -2);
    if (/ss$/.test(w)) return w;
    if (w.length > 3 && /s$/.test(w)) return w.slice(0, -1);
    return w;
  }
  function words(s) { return norm(s).split(" ").filter(Boolean).map(fold); }
  function hay(p) {
    if (!p._hay) {
      var c = PracticeData.category(p.category) || { dept: "", name: "" };
      p._hay = words([p.name, p.brand, c.dept, c.name, p.description, p.colours.join(" ")].join(" "));
      p._nameWords = words(p.name);
    }
    return p._hay;
  }
  function hasWord(list, w) {
    for (var i = 0; i < list.length; i++) {
      if (list[i] === w || (w.length >= 4 && list[i].indexOf(w) === 0)) return true;
    }
    return false;
  }
  var qWords = words(state.q);
  var qPhrase = norm(state.q);
  function matches(p) { var h = hay(p); return qWords.every(function (w) { return hasWord(h, w); }); }
  function score(p) {
    hay(p);
    var name = norm(p.name), s = 0;
    if (qPhrase && name.indexOf(qPhrase) !== -1) s += 100;
    if (qPhrase && name.indexOf(qPhrase) === 0) s += 20;
    qWords.forEach(function (w) { if (hasWord(p._nameWords, w)) s += 10; });
    return s;
  }

  // --- Filtering -------------------------------------------------------------
  var PRICE = {
    "under-25": { label: "Under $25", test: function (p) { return p.price < 25; } },
    "25-50": { label: "$25 to $50", test: function (p) { return p.price >= 25 && p.price <= 50; } },
    "over-50": { label: "Over $50", test: function (p) { return p.price > 50; } }
  };
  var SORTS = [
    ["featured", "Featured"], ["price-asc", "Price: Low to High"],
    ["price-desc", "Price: High to Low"], ["rating", "Avg. Customer Review"]
  ];

  var byQuery = PracticeData.products.filter(matches);
  var byCategory = byQuery.filter(function (p) { return PracticeData.inCategory(p, state.category); });
  var results = byCategory.filter(function (p) {
    if (state.price && PRICE[state.price] && !PRICE[state.price].test(p)) return false;
    if (state.rating && p.rating < parseFloat(state.rating)) return false;
    if (state.colour.length && !state.colour.some(function (c) { return p.colours.indexOf(c) !== -1; })) return false;
    if (state.size.length && !state.size.some(function (s) { return p.sizes.indexOf(s) !== -1; })) return false;
    return true;
  });

  // Stable sorts (ties keep catalogue order).
  results = results.map(function (p, i) { return { p: p, i: i, s: score(p) }; });
  results.sort(function (a, b) {
    switch (state.sort) {
      case "price-asc": return a.p.price - b.p.price || a.i - b.i;
      case "price-desc": return b.p.price - a.p.price || a.i - b.i;
      case "rating": return b.p.rating - a.p.rating || b.p.reviews - a.p.reviews || a.i - b.i;
      default: return b.s - a.s || a.i - b.i;
    }
  });
  results = results.map(function (r) { return r.p; });

  var pages = Math.max(1, Math.ceil(results.length / PER_PAGE));
  if (state.page > pages) state.page = pages;
  var pageItems = results.slice((state.page - 1) * PER_PAGE, state.page * PER_PAGE);

  var sponsored = [];
  if (qWords.length && state.page === 1) {
    sponsored = PracticeData.sponsored.filter(function (s) {
      return qWords.some(function (w) { return s.keywords.indexOf(w) !== -1; });
    }).slice(0, 2);
  }

  // --- URLs ------------------------------------------------------------------
  function url(changes) {
    var s = {};
    Object.keys(state).forEach(function (k) { s[k] = state[k]; });
    s.page = 1;
    Object.keys(changes || {}).forEach(function (k) { s[k] = changes[k]; });
    var u = new URLSearchParams();
    if (s.q) u.set("q", s.q);
    if (s.category) u.set("category", s.category);
    if (s.price) u.set("price", s.price);
    if (s.rating) u.set("rating", s.rating);
    if (s.colour.length) u.set("colour", s.colour.join(","));
    if (s.size.length) u.set("size", s.size.join(","));
    if (s.sort && s.sort !== "featured") u.set("sort", s.sort);
    if (s.page > 1) u.set("page", s.page);
    var qs = u.toString();
    return Shop.BASE + "search.html" + (qs ? "?" + qs : "");
  }
  function categoryLabel(id) {
    var c = PracticeData.category(id);
    if (c) return c.label;
    if (id === "home") return "Home & Living";
    return id ? id.charAt(0).toUpperCase() + id.slice(1) : "All departments";
  }

  // --- Rendering -------------------------------------------------------------
  function card(p, isSponsored) {
    var hid = "title-" + p.id;
    var sizes = p.sizes.length ? " \u00b7 Sizes: " + esc(p.sizes[0]) + "\u2013" + esc(p.sizes[p.sizes.length - 1]) : "";
    return '<li><article class="product-card' + (isSponsored ? " sponsored" : "") + '" aria-labelledby="' + hid + '"' +
      (isSponsored ? ' data-sponsored="true"' : "") + ' data-product-id="' + esc(p.id) + '">' +
      '<img src="' + PracticeData.imageFor(p) + '" alt="' + esc(p.name) + '" width="140" height="140">' +
      "<div>" + (isSponsored ? '<span class="sponsored-label">Sponsored</span>' : "") +
      '<h2 id="' + hid + '"><a href="' + Shop.productUrl(p.id) + '">' + esc(p.name) + "</a></h2>" +
      '<p class="brand">by ' + esc(p.brand) + "</p>" +
      "<div>" + Shop.stars(p.rating) + ' <span class="muted">(' + p.reviews.toLocaleString("en-US") + ")</span></div>" +
      Shop.priceHtml(p) +
      '<p class="muted">Colours: ' + p.colours.length + sizes + "</p>" +
      '<div class="card-actions"><button type="button" class="btn-primary" data-add="' + esc(p.id) + '">Add to Cart</button></div>' +
      "</div></article></li>";
  }

  function filterLink(text, href, active) {
    return '<li><a href="' + esc(href) + '"' + (active ? ' aria-current="true"' : "") + ">" + esc(text) + "</a></li>";
  }
  function countBy(items, field) {
    var counts = {}, order = [];
    items.forEach(function (p) {
      (Array.isArray(p[field]) ? p[field] : [p[field]]).forEach(function (v) {
        if (!(v in counts)) { counts[v] = 0; order.push(v); }
        counts[v]++;
      });
    });
    return order.map(function (v) { return { value: v, count: counts[v] }; });
  }

  function renderFilters() {
    var h = "";
    h += "<h2>Department</h2><ul>";
    h += filterLink("All departments", url({ category: "", colour: [], size: [] }), !state.category);
    countBy(byQuery, "category").forEach(function (c) {
      h += '<li><a href="' + esc(url({ category: c.value, colour: [], size: [] })) + '"' +
        (state.category === c.value ? ' aria-current="true"' : "") + ">" + esc(categoryLabel(c.value)) +
        '</a> <span class="muted">(' + c.count + ")</span></li>";
    });
    h += "</ul><h2>Price</h2><ul>";
    h += filterLink("Any price", url({ price: "" }), !state.price);
    Object.keys(PRICE).forEach(function (k) { h += filterLink(PRICE[k].label, url({ price: k }), state.price === k); });
    h += "</ul><h2>Customer Review</h2><ul>";
    h += filterLink("4 Stars & Up", url({ rating: state.rating === "4" ? "" : "4" }), state.rating === "4");
    h += filterLink("Any rating", url({ rating: "" }), !state.rating);
    h += "</ul>";
    var colours = countBy(byCategory, "colours");
    if (colours.length) {
      h += '<h2 id="colour-heading">Colour</h2><ul aria-labelledby="colour-heading">';
      colours.forEach(function (c, i) {
        h += '<li class="check"><input type="checkbox" id="colour-' + i + '" data-facet="colour" value="' + esc(c.value) + '"' +
          (state.colour.indexOf(c.value) !== -1 ? " checked" : "") + '><label for="colour-' + i + '">' + esc(c.value) +
          '</label> <span class="muted">(' + c.count + ")</span></li>";
      });
      h += "</ul>";
    }
    var sizes = countBy(byCategory, "sizes");
    if (sizes.length) {
      h += '<h2 id="size-heading">Size</h2><ul aria-labelledby="size-heading">';
      sizes.forEach(function (s, i) {
        h += '<li class="check"><input type="checkbox" id="size-' + i + '" data-facet="size" value="' + esc(s.value) + '"' +
          (state.size.indexOf(s.value) !== -1 ? " checked" : "") + '><label for="size-' + i + '">' + esc(s.value) +
          '</label> <span class="muted">(' + s.count + ")</span></li>";
      });
      h += "</ul>";
    }
    var filtersEl = document.getElementById("filters-body");
    filtersEl.innerHTML = h;
    filtersEl.addEventListener("change", function (e) {
      var box = e.target.closest("input[data-facet]");
      if (!box) return;
      var facet = box.getAttribute("data-facet");
      var values = state[facet].filter(function (v) { return v !== box.value; });
      if (box.checked) values.push(box.value);
      location.href = url(facet === "colour" ? { colour: values } : { size: values });
    });
  }

  function renderToolbar() {
    var first = results.length ? (state.page - 1) * PER_PAGE + 1 : 0;
    var last = Math.min(results.length, state.page * PER_PAGE);
    var summary = results.length
      ? first + "\u2013" + last + " of " + results.length + " result" + (results.length === 1 ? "" : "s")
      : "0 results";
    if (state.q) summary += " for \u201c" + state.q + "\u201d";
    if (state.category) summary += " in " + categoryLabel(state.category);
    document.getElementById("result-summary").textContent = summary;

    var select = document.getElementById("sort");
    select.innerHTML = SORTS.map(function (s) {
      return '<option value="' + s[0] + '"' + (state.sort === s[0] ? " selected" : "") + ">" + s[1] + "</option>";
    }).join("");
    select.addEventListener("change", function () { location.href = url({ sort: select.value }); });

    var chips = [];
    if (state.price && PRICE[state.price]) chips.push(PRICE[state.price].label);
    if (state.rating) chips.push(state.rating + " Stars & Up");
    state.colour.forEach(function (c) { chips.push("Colour: " + c); });
    state.size.forEach(function (s) { chips.push("Size: " + s); });
    var af = document.getElementById("active-filters");
    if (chips.length) {
      af.innerHTML = "<span>Filters:</span> " + chips.map(function (c) { return '<span class="chip">' + esc(c) + "</span>"; }).join(" ") +
        ' <a href="' + esc(url({ price: "", rating: "", colour: [], size: [] })) + '">Clear all filters</a>';
    } else af.hidden = true;
  }

  function renderResults() {
    var h = "";
    sponsored.forEach(function (p) { h += card(p, true); });
    pageItems.forEach(function (p) { h += card(p, false); });
    var listEl = document.getElementById("results");
    listEl.innerHTML = h;
    if (!pageItems.length) {
      document.getElementById("no-results").hidden = false;
      document.getElementById("no-results").innerHTML = "<h2>No results" + (state.q ? " for \u201c" + esc(state.q) + "\u201d" : "") +
        "</h2><p>Try checking your spelling, using fewer words or removing filters.</p>";
    }
    listEl.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-add]");
      if (!b) return;
      var p = PracticeData.byId(b.getAttribute("data-add"));
      Shop.addToCart(p.id);
      Shop.toast("Added to cart: " + p.name);
    });
  }

  function renderPagination() {
    var nav = document.getElementById("pagination");
    if (pages <= 1) { nav.hidden = true; return; }
    var h = state.page > 1
      ? '<a href="' + esc(url({ page: state.page - 1 })) + '" rel="prev">Previous</a>'
      : '<span class="disabled" aria-disabled="true">Previous</span>';
    for (var i = 1; i <= pages; i++) {
      h += '<a href="' + esc(url({ page: i })) + '"' + (i === state.page ? ' aria-current="page"' : "") + ">" + i + "</a>";
    }
    h += state.page < pages
      ? '<a href="' + esc(url({ page: state.page + 1 })) + '" rel="next">Next</a>'
      : '<span class="disabled" aria-disabled="true">Next</span>';
    nav.innerHTML = h;
  }

  var heading = state.q ? "Results for \u201c" + state.q + "\u201d" : (state.category ? categoryLabel(state.category) : "All products");
  document.getElementById("results-heading").textContent = heading;
  document.title = heading + " \u2013 Practice Shop";
  renderFilters();
  renderToolbar();
  renderResults();
  renderPagination();
})();
