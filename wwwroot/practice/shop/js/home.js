/* Shop home page: today's deals, rendered from the product data. */
(function () {
  "use strict";
  var esc = Shop.esc;
  var deals = PracticeData.products.filter(function (p) { return p.original; }).slice(0, 8);
  document.getElementById("deals").innerHTML = deals.map(function (p) {
    return '<li><img src="' + PracticeData.imageFor(p) + '" alt="' + esc(p.name) + '" width="200" height="200">' +
      '<h3><a href="' + Shop.productUrl(p.id) + '">' + esc(p.name) + "</a></h3>" + Shop.priceHtml(p) + "</li>";
  }).join("");
})();
