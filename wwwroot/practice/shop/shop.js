/*
 * Practice Shop: shared client-side helpers. All state lives in this browser
 * profile only:
 *   cookie  practice_shop_session         signed-in marker (demo@example.com)
 *   localStorage practice_shop_cart       [{id, colour, size, qty}]
 *   localStorage practice_shop_wishlist   [productId]
 *   localStorage practice_shop_orders     [{id, date, items, ...}] (seeded with #302, #303)
 *   localStorage practice_shop_checkout   {addressIndex, delivery, payment}
 *   localStorage practice_shop_addresses  [{name, street, city, zip}] (seeded with the demo address)
 *   localStorage practice_shop_cookie_consent  "accepted" | "rejected"
 *   localStorage practice_shop_admin_users    [{id, name, email, role, status}]
 *   localStorage practice_shop_contact_messages [{name, email, subject, message, newsletter}]
 */
var Shop = (function () {
  "use strict";
  var BASE = "/practice/shop/";
  var KEYS = {
    cart: "practice_shop_cart",
    wishlist: "practice_shop_wishlist",
    orders: "practice_shop_orders",
    checkout: "practice_shop_checkout",
    addresses: "practice_shop_addresses",
    consent: "practice_shop_cookie_consent",
    users: "practice_shop_admin_users",
    messages: "practice_shop_contact_messages"
  };
  var SESSION_COOKIE = "practice_shop_session";
  var DEMO = { email: "demo@example.com", password: "demo1234", name: "Demo User" };
  var DEFAULT_ADDRESS = { name: "Demo User", street: "1 Market Street", city: "Springfield", zip: "12345" };

  function load(key, fallback) {
    try {
      var raw = localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) { return fallback; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function money(n) { return "$" + Number(n).toFixed(2); }
  function params() { return new URLSearchParams(location.search); }

  // --- Sign-in ------------------------------------------------------------
  function isSignedIn() {
    return document.cookie.split(/;\s*/).some(function (c) { return c.indexOf(SESSION_COOKIE + "=") === 0; });
  }
  function signIn() {
    document.cookie = SESSION_COOKIE + "=" + encodeURIComponent(DEMO.email) + "; path=/; max-age=2592000; SameSite=Lax";
  }
  function signOut() {
    document.cookie = SESSION_COOKIE + "=; path=/; max-age=0; SameSite=Lax";
  }
  function safeReturn(url) {
    return (url && url.indexOf(BASE) === 0 && url.indexOf("//") === -1) ? url : BASE;
  }
  // Redirects to the sign-in page (and back afterwards) when not signed in.
  function requireSignIn() {
    if (isSignedIn()) return true;
    location.replace(BASE + "signin.html?return=" + encodeURIComponent(location.pathname + location.search));
    return false;
  }

  // --- Cart / wish list -----------------------------------------------------
  function cart() { return load(KEYS.cart, []); }
  function saveCart(items) { save(KEYS.cart, items); updateHeader(); }
  function cartCount() { return cart().reduce(function (n, l) { return n + l.qty; }, 0); }
  function addToCart(id, colour, size, qty) {
    var p = PracticeData.byId(id);
    if (!p) return;
    colour = colour || (p.colours[0] || "");
    size = size || (p.sizes.length ? p.sizes[0] : "");
    qty = Math.max(1, Math.min(10, parseInt(qty, 10) || 1));
    var items = cart();
    var line = items.filter(function (l) { return l.id === id && l.colour === colour && l.size === size; })[0];
    if (line) line.qty = Math.min(10, line.qty + qty);
    else items.push({ id: id, colour: colour, size: size, qty: qty });
    saveCart(items);
  }
  function cartTotals(items) {
    var count = 0, subtotal = 0;
    items.forEach(function (l) {
      var p = PracticeData.byId(l.id);
      if (!p) return;
      count += l.qty; subtotal += p.price * l.qty;
    });
    return { count: count, subtotal: Math.round(subtotal * 100) / 100 };
  }
  function wishlist() { return load(KEYS.wishlist, []); }
  function addToWishlist(id) {
    var w = wishlist();
    if (w.indexOf(id) === -1) { w.push(id); save(KEYS.wishlist, w); }
  }

  // --- Orders (seeded with #302 and #303 for a fresh profile) ----------------
  function seedOrders() {
    return [
      { id: 303, date: "2025-04-02", status: "Shipped", delivery: "Standard (free, 5–7 days)", deliveryCost: 0,
        payment: "Visa ending in 4242", address: DEFAULT_ADDRESS,
        items: [{ id: "men-jeans-01", name: "Slim Fit Stretch Jeans", colour: "Dark Indigo", size: "32W", qty: 1, price: 19.99 }],
        total: 19.99 },
      { id: 302, date: "2025-03-14", status: "Processing", delivery: "Express ($9.99, 1–2 days)", deliveryCost: 9.99,
        payment: "Visa ending in 4242", address: DEFAULT_ADDRESS,
        items: [
          { id: "airpods-pro-case", name: "AirPods Pro Case", colour: "Black", size: "", qty: 1, price: 12.99 },
          { id: "steel-water-bottle", name: "Stainless Steel Water Bottle (750 ml)", colour: "Silver", size: "", qty: 2, price: 18.99 }
        ],
        total: 60.96 }
    ];
  }
  function orders() {
    var o = load(KEYS.orders, null);
    if (!o) { o = seedOrders(); save(KEYS.orders, o); }
    return o;
  }
  function saveOrders(o) { save(KEYS.orders, o); }
  function nextOrderId() {
    return orders().reduce(function (m, o) { return Math.max(m, o.id); }, 300) + 1;
  }

  function addresses() {
    var a = load(KEYS.addresses, null);
    if (!a) { a = [DEFAULT_ADDRESS]; save(KEYS.addresses, a); }
    return a;
  }
  function formatAddress(a) { return a.name + ", " + a.street + ", " + a.city + ", " + a.zip; }
  function checkoutState() { return load(KEYS.checkout, { addressIndex: 0, delivery: "standard", payment: "visa" }); }
  function saveCheckoutState(s) { save(KEYS.checkout, s); }

  // --- Rendering helpers ----------------------------------------------------
  function stars(r) {
    var full = Math.round(r);
    return '<span class="rating"><span class="stars" aria-hidden="true">' +
      "\u2605\u2605\u2605\u2605\u2605".slice(0, full) + "\u2606\u2606\u2606\u2606\u2606".slice(0, 5 - full) +
      "</span><span>" + r.toFixed(1) + " out of 5 stars</span></span>";
  }
  function priceHtml(p) {
    var html = '<span class="price">' + money(p.price) + "</span>";
    if (p.original) {
      html += ' <s class="original-price"><span class="visually-hidden">Original price: </span>' + money(p.original) + "</s>" +
        ' <span class="deal">Save ' + Math.round((1 - p.price / p.original) * 100) + "%</span>";
    }
    return '<div class="price-line">' + html + "</div>";
  }
  function productUrl(id) { return BASE + "product.html?id=" + encodeURIComponent(id); }
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    if (!m) return iso;
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    return parseInt(m[3], 10) + " " + months[parseInt(m[2], 10) - 1] + " " + m[1];
  }

  var toastTimer = null;
  function toast(text) {
    var el = document.getElementById("toast");
    if (!el) {
      el = document.createElement("div");
      el.id = "toast"; el.className = "toast"; el.setAttribute("role", "status");
      document.body.appendChild(el);
    }
    el.textContent = text; el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.hidden = true; }, 4000);
  }

  // --- Header + cookie banner ------------------------------------------------
  function updateHeader() {
    var account = document.getElementById("account-status");
    if (account) {
      account.innerHTML = isSignedIn()
        ? '<span class="account-status">Signed in as ' + esc(DEMO.name) + '</span> <a href="' + BASE + 'signout.html">Sign out</a>'
        : '<a href="' + BASE + "signin.html" + (/\/sign(in|out)\.html$/.test(location.pathname) ? "" : "?return=" + encodeURIComponent(location.pathname + location.search)) + '">Sign in</a>';
    }
    var cartLink = document.getElementById("cart-link");
    if (cartLink) cartLink.textContent = "Cart (" + cartCount() + ")";
    var q = document.getElementById("search-q");
    if (q && !q.value && location.pathname.indexOf("search.html") !== -1) q.value = params().get("q") || "";
  }

  function cookieBanner() {
    if (load(KEYS.consent, null)) return;
    var el = document.createElement("div");
    el.className = "cookie-banner";
    el.setAttribute("role", "dialog");
    el.setAttribute("aria-label", "Cookie consent");
    el.innerHTML = '<div class="inner"><div><h2>We value your privacy</h2>' +
      "<p>We use essential cookies to keep you signed in and remember your cart. With your permission we also use " +
      "non-essential cookies to measure how the shop is used and to show you relevant offers.</p></div>" +
      '<div class="actions"><button type="button" class="btn-primary" data-consent="accepted">Accept all</button>' +
      '<button type="button" data-consent="rejected">Reject non-essential</button></div></div>';
    el.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-consent]");
      if (!b) return;
      save(KEYS.consent, b.getAttribute("data-consent"));
      el.remove();
    });
    document.body.appendChild(el);
  }

  document.addEventListener("DOMContentLoaded", function () {
    orders(); // seed the order history on first visit
    updateHeader();
    cookieBanner();
  });

  return {
    BASE: BASE, KEYS: KEYS, DEMO: DEMO, DEFAULT_ADDRESS: DEFAULT_ADDRESS,
    load: load, save: save, esc: esc, money: money, params: params,
    isSignedIn: isSignedIn, signIn: signIn, signOut: signOut, safeReturn: safeReturn, requireSignIn: requireSignIn,
    cart: cart, saveCart: saveCart, cartCount: cartCount, addToCart: addToCart, cartTotals: cartTotals,
    wishlist: wishlist, addToWishlist: addToWishlist,
    orders: orders, saveOrders: saveOrders, nextOrderId: nextOrderId,
    addresses: addresses, formatAddress: formatAddress, checkoutState: checkoutState, saveCheckoutState: saveCheckoutState,
    stars: stars, priceHtml: priceHtml, productUrl: productUrl, formatDate: formatDate, toast: toast, updateHeader: updateHeader
  };
})();
