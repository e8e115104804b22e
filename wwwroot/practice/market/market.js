// Lumen Market: a single-page shop in the style of a modern SPA (hash routes, generated class
// names, ARIA combobox/listbox/tabs/radiogroup, a custom sort dropdown that is not a <select>).
// Every action a visitor takes is recorded with EvalLog (site "market").
(function () {
  var P = [
    ['aurora-headphones', 'Aurora Wireless Headphones', 129, 'Electronics', 4.6, 14],
    ['pulse-earbuds', 'Pulse Earbuds Pro', 89, 'Electronics', 4.3, 9],
    ['volt-powerbank', 'Volt Power Bank 20000mAh', 39, 'Electronics', 4.5, 21],
    ['orbit-watch', 'Orbit Smart Watch', 199, 'Electronics', 4.1, 3],
    ['echo-speaker', 'Echo Bluetooth Speaker', 59, 'Electronics', 4.4, 17],
    ['x2-headphones', 'Noise Cancelling Headphones X2', 249, 'Electronics', 4.8, 2],
    ['kids-headphones', 'Kids Wireless Headphones', 25, 'Electronics', 4.0, 19],
    ['nimbus-shoes', 'Nimbus Running Shoes', 74, 'Shoes', 4.7, 11],
    ['trail-boots', 'Trail Hiking Boots', 119, 'Shoes', 4.2, 6],
    ['breeze-sneakers', 'Breeze Canvas Sneakers', 45, 'Shoes', 3.9, 23],
    ['harbor-jacket', 'Harbor Rain Jacket', 96, 'Clothing', 4.5, 8],
    ['alpine-hoodie', 'Alpine Fleece Hoodie', 54, 'Clothing', 4.6, 13],
    ['linen-shirt', 'Linen Summer Shirt', 32, 'Clothing', 4.0, 20],
    ['denim-jeans', 'Denim Straight Jeans', 48, 'Clothing', 4.1, 16],
    ['wool-socks', 'Wool Hiking Socks (3 pairs)', 18, 'Clothing', 4.6, 22],
    ['cedar-board', 'Cedar Cutting Board', 28, 'Home', 4.8, 10],
    ['copper-kettle', 'Copper Pour-Over Kettle', 64, 'Home', 4.6, 5],
    ['mug-set', 'Ceramic Mug Set of 4', 22, 'Home', 4.4, 18],
    ['desk-lamp', 'Lumen Desk Lamp', 41, 'Home', 4.3, 12],
    ['yoga-mat', 'Yoga Mat Pro', 36, 'Sports', 4.5, 15],
    ['water-bottle', 'Steel Water Bottle 1L', 19, 'Sports', 4.7, 24],
    ['dumbbells', 'Adjustable Dumbbells 20kg', 149, 'Sports', 4.4, 4],
    ['travel-backpack', 'Travel Backpack 30L', 79, 'Bags', 4.5, 7],
    ['weekender-bag', 'Leather Weekender Bag', 165, 'Bags', 4.2, 1]
  ].map(function (r, i) { return { id: r[0], name: r[1], price: r[2], dept: r[3], rating: r[4], age: r[5], rank: i }; });
  var SIZED = { Shoes: ['7', '8', '9', '10', '11'], Clothing: ['XS', 'S', 'M', 'L', 'XL'] };
  var COLOURS = ['Black', 'Silver', 'Navy'];
  var SORTS = [['featured', 'Featured'], ['price-asc', 'Price: Low to High'], ['price-desc', 'Price: High to Low'], ['rating', 'Avg. Customer Review'], ['newest', 'Newest Arrivals']];
  var RANGES = [['Under $25', '', '25'], ['$25 to $50', '25', '50'], ['$50 to $100', '50', '100'], ['$100 & Above', '100', '']];
  var DEPTS = ['All', 'Electronics', 'Shoes', 'Clothing', 'Home', 'Sports', 'Bags'];
  var BAG = 'practice_market_bag';
  var view = document.getElementById('view');
  function log(type, data) { EvalLog.record('market', type, data); }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function bag() { try { return JSON.parse(localStorage.getItem(BAG) || '[]'); } catch (e) { return []; } }
  function setBag(b) { localStorage.setItem(BAG, JSON.stringify(b)); paintBag(); }
  function paintBag() { var n = bag().reduce(function (a, x) { return a + x.qty; }, 0); document.getElementById('bag-count').textContent = n; document.getElementById('bag-btn').setAttribute('aria-label', 'Bag, ' + n + (n === 1 ? ' item' : ' items')); }
  function toast(t) { var el = document.getElementById('toast'); el.textContent = t; el.hidden = false; clearTimeout(toast.t); toast.t = setTimeout(function () { el.hidden = true; }, 4000); }
  function byId(id) { return P.filter(function (p) { return p.id === id; })[0]; }
  function params() { var h = location.hash; var i = h.indexOf('?'); return new URLSearchParams(i < 0 ? '' : h.slice(i + 1)); }
  function go(q) { var s = q.toString(); location.hash = '#/s' + (s ? '?' + s : ''); }
  function withParam(k, v) { var q = params(); if (v === '' || v == null) { q.delete(k); } else { q.set(k, v); } return q; }
  function addToBag(p, qty, colour, size) {
    var b = bag(); var line = b.filter(function (x) { return x.id === p.id && x.size === size && x.colour === colour; })[0];
    if (line) { line.qty += qty; } else { b.push({ id: p.id, qty: qty, colour: colour, size: size }); }
    setBag(b); log('bag_add', { product: p.id, name: p.name, qty: qty, colour: colour || '', size: size || '' }); toast('Added to bag: ' + p.name);
  }

  // Departments: ARIA tabs.
  var depts = document.getElementById('depts');
  DEPTS.forEach(function (d) {
    var t = document.createElement('div'); t.setAttribute('role', 'tab'); t.tabIndex = 0; t.textContent = d; t.className = 'css-tb' + d.length;
    t.addEventListener('click', function () { log('department', { value: d }); var q = withParam('dept', d === 'All' ? '' : d); go(q); });
    depts.appendChild(t);
  });

  // Search combobox with suggestions.
  var q = document.getElementById('q'), sug = document.getElementById('suggest');
  function search(text) { text = text.trim(); sug.hidden = true; q.setAttribute('aria-expanded', 'false'); log('search', { q: text }); var p = new URLSearchParams(); if (text) { p.set('q', text); } go(p); }
  q.addEventListener('input', function () {
    var t = q.value.trim().toLowerCase(); sug.innerHTML = '';
    if (!t) { sug.hidden = true; q.setAttribute('aria-expanded', 'false'); return; }
    P.filter(function (p) { return p.name.toLowerCase().indexOf(t) >= 0; }).slice(0, 5).forEach(function (p, i) {
      var li = document.createElement('li'); li.setAttribute('role', 'option'); li.id = 'sug-' + i; li.textContent = p.name; li.setAttribute('aria-selected', 'false');
      li.addEventListener('mousedown', function (e) { e.preventDefault(); q.value = p.name; search(p.name); });
      sug.appendChild(li);
    });
    sug.hidden = !sug.children.length; q.setAttribute('aria-expanded', String(!sug.hidden));
  });
  q.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); search(q.value); } if (e.key === 'Escape') { sug.hidden = true; } });
  q.addEventListener('blur', function () { setTimeout(function () { sug.hidden = true; q.setAttribute('aria-expanded', 'false'); }, 150); });
  document.getElementById('q-go').addEventListener('click', function () { search(q.value); });
  document.getElementById('bag-btn').addEventListener('click', function () { location.hash = '#/bag'; });

  function results() {
    var p = params(), text = (p.get('q') || '').toLowerCase(), words = text.split(/\s+/).filter(Boolean);
    var list = P.filter(function (x) {
      var hay = (x.name + ' ' + x.dept).toLowerCase();
      if (words.length && !words.every(function (w) { return hay.indexOf(w.replace(/s$/, '')) >= 0; })) { return false; }
      if (p.get('dept') && x.dept !== p.get('dept')) { return false; }
      if (p.get('min') && x.price < +p.get('min')) { return false; }
      if (p.get('max') && x.price > +p.get('max')) { return false; }
      if (p.get('rating') && x.rating < +p.get('rating')) { return false; }
      return true;
    });
    var s = p.get('sort') || 'featured';
    var cmp = { 'price-asc': function (a, b) { return a.price - b.price; }, 'price-desc': function (a, b) { return b.price - a.price; }, rating: function (a, b) { return b.rating - a.rating; }, newest: function (a, b) { return a.age - b.age; }, featured: function (a, b) { return a.rank - b.rank; } }[s];
    return list.sort(cmp);
  }

  function renderList() {
    var p = params(), s = p.get('sort') || 'featured', label = SORTS.filter(function (x) { return x[0] === s; })[0][1];
    Array.prototype.forEach.call(depts.children, function (t) { t.setAttribute('aria-selected', String(t.textContent === (p.get('dept') || 'All'))); });
    var list = results();
    var h = '<div class="css-m41n0x"><aside class="css-f1lt3r" aria-label="Filters"><h2 id="price-h">Price</h2><div role="group" aria-labelledby="price-h">';
    RANGES.forEach(function (r) { h += '<a href="javascript:void 0" data-min="' + r[1] + '" data-max="' + r[2] + '">' + esc(r[0]) + '</a>'; });
    h += '<div><input id="min" type="number" aria-label="Min" placeholder="$ Min" value="' + esc(p.get('min') || '') + '"> <input id="max" type="number" aria-label="Max" placeholder="$ Max" value="' + esc(p.get('max') || '') + '"> <button type="button" class="css-q9btn" id="price-go" aria-label="Go">Go</button></div></div>';
    h += '<h2>Customer reviews</h2><div role="checkbox" tabindex="0" aria-checked="' + (p.get('rating') === '4') + '" id="r4">&#9733;&#9733;&#9733;&#9733; &amp; up</div>';
    if (p.get('min') || p.get('max') || p.get('rating') || p.get('dept')) { h += '<h2></h2><a id="clear" href="javascript:void 0">Clear all filters</a>'; }
    h += '</aside><section aria-label="Results"><div class="css-tb0r7a"><div>' + list.length + ' results' + (p.get('q') ? ' for &ldquo;' + esc(p.get('q')) + '&rdquo;' : '') + '</div>';
    h += '<div class="css-s0rt11"><span id="sort-l">Sort by:</span> <div role="combobox" tabindex="0" aria-haspopup="listbox" aria-expanded="false" aria-controls="sort-list" aria-labelledby="sort-l sort-v" id="sort-btn"><span id="sort-v">' + esc(label) + '</span> &#9662;</div>';
    h += '<ul role="listbox" id="sort-list" aria-label="Sort by" hidden>';
    SORTS.forEach(function (x) { h += '<li role="option" data-v="' + x[0] + '" aria-selected="' + (x[0] === s) + '">' + esc(x[1]) + '</li>'; });
    h += '</ul></div></div>';
    if (!list.length) { h += '<p>No results' + (p.get('q') ? ' for &ldquo;' + esc(p.get('q')) + '&rdquo;' : '') + '. Check the spelling or try a more general term.</p>'; }
    h += '<div class="css-g7r1d0">';
    list.forEach(function (x) {
      h += '<div class="css-c4rd88" data-testid="product-card"><div class="css-img0" aria-hidden="true"></div><a href="#/p/' + x.id + '">' + esc(x.name) + '</a><div class="css-pr1c3">$' + x.price.toFixed(2) + '</div><div aria-label="' + x.rating + ' out of 5 stars">' + x.rating + ' &#9733;</div>';
      h += SIZED[x.dept] ? '<button type="button" class="css-q9btn" data-choose="' + x.id + '">Choose options</button>' : '<button type="button" class="css-q9btn" data-add="' + x.id + '">Add to bag</button>';
      h += '</div>';
    });
    h += '</div></section></div>';
    view.innerHTML = h;
    view.querySelectorAll('[data-min]').forEach(function (a) { a.addEventListener('click', function () { log('price', { min: a.dataset.min, max: a.dataset.max, via: 'link' }); var q2 = withParam('min', a.dataset.min); q2.delete('max'); if (a.dataset.max) { q2.set('max', a.dataset.max); } go(q2); }); });
    document.getElementById('price-go').addEventListener('click', function () { var mn = document.getElementById('min').value, mx = document.getElementById('max').value; log('price', { min: mn, max: mx, via: 'fields' }); var q2 = withParam('min', mn); if (mx) { q2.set('max', mx); } else { q2.delete('max'); } go(q2); });
    document.getElementById('r4').addEventListener('click', function () { var on = params().get('rating') !== '4'; log('rating', { min: on ? '4' : '' }); go(withParam('rating', on ? '4' : '')); });
    var clr = document.getElementById('clear'); if (clr) { clr.addEventListener('click', function () { log('filters_clear', {}); var q2 = new URLSearchParams(); if (params().get('q')) { q2.set('q', params().get('q')); } go(q2); }); }
    var sb = document.getElementById('sort-btn'), sl = document.getElementById('sort-list');
    sb.addEventListener('click', function () { sl.hidden = !sl.hidden; sb.setAttribute('aria-expanded', String(!sl.hidden)); });
    sl.querySelectorAll('[role=option]').forEach(function (o) { o.addEventListener('click', function () { log('sort', { value: o.dataset.v, label: o.textContent }); go(withParam('sort', o.dataset.v === 'featured' ? '' : o.dataset.v)); }); });
    view.querySelectorAll('[data-add]').forEach(function (b) { b.addEventListener('click', function () { addToBag(byId(b.dataset.add), 1, '', ''); }); });
    view.querySelectorAll('[data-choose]').forEach(function (b) { b.addEventListener('click', function () { location.hash = '#/p/' + b.dataset.choose; }); });
  }

  function renderProduct(id) {
    var p = byId(id);
    if (!p) { view.innerHTML = '<div class="css-pdp001"><h1>Product not found</h1></div>'; return; }
    log('open_product', { product: p.id, name: p.name });
    var sizes = SIZED[p.dept], colour = '', size = '';
    var h = '<div class="css-pdp001"><div class="css-img0" aria-hidden="true"></div><div><nav aria-label="Breadcrumb"><a href="#/">Home</a> › <a href="#/s?dept=' + p.dept + '">' + p.dept + '</a></nav><h1>' + esc(p.name) + '</h1><div class="css-pr1c3">$' + p.price.toFixed(2) + '</div><p>' + p.rating + ' out of 5 stars</p>';
    h += '<p id="col-l">Colour</p><div class="css-sw4tch" role="radiogroup" aria-labelledby="col-l">';
    COLOURS.forEach(function (c) { h += '<div role="radio" tabindex="0" aria-checked="false" data-c="' + c + '">' + c + '</div>'; });
    h += '</div>';
    if (sizes) {
      h += '<p id="size-l">Size</p><div class="css-dd0wn"><div role="combobox" tabindex="0" aria-haspopup="listbox" aria-expanded="false" aria-labelledby="size-l" id="size-btn" class="css-q9btn">Select size &#9662;</div><ul role="listbox" aria-label="Size" id="size-list" hidden>';
      sizes.forEach(function (s) { h += '<li role="option" aria-selected="false" data-s="' + s + '">' + s + '</li>'; });
      h += '</ul></div>';
    }
    h += '<p><label for="qty">Quantity</label> <button type="button" class="css-q9btn" aria-label="Decrease quantity" id="qm">&minus;</button> <input id="qty" type="number" min="1" max="10" value="1" style="width:48px"> <button type="button" class="css-q9btn" aria-label="Increase quantity" id="qp">+</button></p>';
    h += '<p class="css-err4" id="err" role="alert"></p><button type="button" class="css-cta900" id="add">Add to bag</button> <button type="button" class="css-q9btn" id="save" aria-label="Save for later">&#9825; Save</button></div></div>';
    view.innerHTML = h;
    view.querySelectorAll('[role=radio]').forEach(function (r) { r.addEventListener('click', function () { colour = r.dataset.c; view.querySelectorAll('[role=radio]').forEach(function (x) { x.setAttribute('aria-checked', String(x === r)); }); log('option', { product: p.id, name: 'colour', value: colour }); }); });
    if (sizes) {
      var sb = document.getElementById('size-btn'), sl = document.getElementById('size-list');
      sb.addEventListener('click', function () { sl.hidden = !sl.hidden; sb.setAttribute('aria-expanded', String(!sl.hidden)); });
      sl.querySelectorAll('[role=option]').forEach(function (o) { o.addEventListener('click', function () { size = o.dataset.s; sb.innerHTML = 'Size: ' + size + ' &#9662;'; sl.hidden = true; sb.setAttribute('aria-expanded', 'false'); sl.querySelectorAll('li').forEach(function (x) { x.setAttribute('aria-selected', String(x === o)); }); log('option', { product: p.id, name: 'size', value: size }); }); });
    }
    var qty = document.getElementById('qty');
    document.getElementById('qm').addEventListener('click', function () { qty.value = Math.max(1, (+qty.value || 1) - 1); });
    document.getElementById('qp').addEventListener('click', function () { qty.value = Math.min(10, (+qty.value || 1) + 1); });
    document.getElementById('add').addEventListener('click', function () {
      if (sizes && !size) { document.getElementById('err').textContent = 'Please select a size.'; log('add_refused', { product: p.id, reason: 'size' }); return; }
      document.getElementById('err').textContent = ''; addToBag(p, Math.max(1, +qty.value || 1), colour, size);
    });
    document.getElementById('save').addEventListener('click', function () { log('save_item', { product: p.id }); toast('Saved for later: ' + p.name); });
  }

  function renderBag() {
    log('bag_open', {});
    var b = bag(), total = 0, h = '<div style="padding:24px;max-width:760px"><h1>Your bag</h1>';
    if (!b.length) { h += '<p>Your bag is empty.</p>'; }
    b.forEach(function (l, i) { var p = byId(l.id); total += p.price * l.qty; h += '<div class="css-bagrw"><span>' + esc(p.name) + (l.size ? ' · Size ' + l.size : '') + (l.colour ? ' · ' + l.colour : '') + '</span><span>Qty ' + l.qty + '</span><span>$' + (p.price * l.qty).toFixed(2) + '</span><button type="button" class="css-q9btn" data-rm="' + i + '" aria-label="Remove ' + esc(p.name) + '">Remove</button></div>'; });
    h += '<p><label for="promo">Promo code</label> <input id="promo" type="text"> <button type="button" class="css-q9btn" id="apply">Apply</button> <span id="promo-msg" role="status"></span></p>';
    h += '<p><strong>Subtotal: $' + total.toFixed(2) + '</strong></p>' + (b.length ? '<button type="button" class="css-cta900" id="checkout">Checkout</button>' : '') + '</div>';
    view.innerHTML = h;
    view.querySelectorAll('[data-rm]').forEach(function (x) { x.addEventListener('click', function () { var bb = bag(); var gone = bb.splice(+x.dataset.rm, 1)[0]; setBag(bb); log('bag_remove', { product: gone.id }); renderBag(); }); });
    document.getElementById('apply').addEventListener('click', function () { var c = document.getElementById('promo').value.trim(); log('promo', { code: c }); document.getElementById('promo-msg').textContent = c.toUpperCase() === 'SAVE10' ? 'SAVE10 applied: 10% off' : 'That code is not valid.'; });
    var co = document.getElementById('checkout'); if (co) { co.addEventListener('click', function () { location.hash = '#/checkout'; }); }
  }

  function renderCheckout() {
    log('checkout_start', {});
    view.innerHTML = '<div style="padding:24px;max-width:640px"><h1>Checkout</h1><h2>Delivery address</h2><div role="radiogroup" aria-label="Delivery address" class="css-sw4tch"><div role="radio" aria-checked="true" tabindex="0">Demo User, 1 Market Street, Springfield</div></div><p><button type="button" class="css-cta900" id="to-pay">Continue to payment</button></p></div>';
    document.getElementById('to-pay').addEventListener('click', function () { log('address_confirmed', {}); location.hash = '#/payment'; });
  }
  function renderPayment() {
    log('payment_reached', {});
    view.innerHTML = '<div style="padding:24px;max-width:640px"><h1>Payment method</h1><div role="radiogroup" aria-label="Payment method" class="css-sw4tch"><div role="radio" aria-checked="true" tabindex="0" data-m="card">Card ending 4242</div><div role="radio" aria-checked="false" tabindex="0" data-m="paypal">PayPal</div></div><p><button type="button" class="css-cta900" id="place">Place order</button></p></div>';
    view.querySelectorAll('[role=radio]').forEach(function (r) { r.addEventListener('click', function () { view.querySelectorAll('[role=radio]').forEach(function (x) { x.setAttribute('aria-checked', String(x === r)); }); log('payment_method', { value: r.dataset.m }); }); });
    document.getElementById('place').addEventListener('click', function () { log('order_placed', { items: bag().length }); setBag([]); view.innerHTML = '<div style="padding:24px"><h1>Thank you, your order is placed</h1></div>'; });
  }

  function route() {
    var h = location.hash || '#/';
    if (h.indexOf('#/p/') === 0) { renderProduct(h.slice(4)); }
    else if (h === '#/bag') { renderBag(); }
    else if (h === '#/checkout') { renderCheckout(); }
    else if (h === '#/payment') { renderPayment(); }
    else { renderList(); }
    window.scrollTo(0, 0);
  }
  // Evaluation set-up: /practice/market/?bag=id,id:qty seeds the bag once per browser profile.
  var seed = new URLSearchParams(location.search).get('bag');
  if (seed && !localStorage.getItem('practice_market_seeded')) {
    localStorage.setItem('practice_market_seeded', '1');
    setBag(seed.split(',').filter(function (x) { return byId(x.split(':')[0]); }).map(function (x) { var a = x.split(':'); return { id: a[0], qty: +(a[1] || 1), colour: '', size: '' }; }));
  }
  window.addEventListener('hashchange', route);
  paintBag(); route();
})();
