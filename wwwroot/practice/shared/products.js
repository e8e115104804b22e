/*
 * Practice product data, shared by /practice/shop/ and /practice/catalog/.
 * Everything here is deterministic: the generated ranges (men's jeans, men's
 * shirts, women's dresses) are derived from their index only, never from
 * Math.random() or the date.
 *
 * Exposes window.PracticeData = { categories, products, sponsored, colours,
 *   byId(id), category(id), inCategory(product, categoryId), imageFor(product, colour) }
 */
(function () {
  "use strict";

  var categories = [
    { id: "electronics-audio", dept: "Electronics", name: "Audio" },
    { id: "electronics-networking", dept: "Electronics", name: "Networking" },
    { id: "electronics-accessories", dept: "Electronics", name: "Accessories" },
    { id: "men-jeans", dept: "Men", name: "Jeans" },
    { id: "men-shirts", dept: "Men", name: "Shirts" },
    { id: "women-dresses", dept: "Women", name: "Dresses" },
    { id: "women-shoes", dept: "Women", name: "Shoes" },
    { id: "home-kitchen", dept: "Home & Living", name: "Kitchen" },
    { id: "home-decor", dept: "Home & Living", name: "Decor" },
    { id: "home-bath", dept: "Home & Living", name: "Bath" }
  ];
  categories.forEach(function (c) { c.label = c.dept + " \u203a " + c.name; });

  var colours = {
    "White": "#f4f4f4", "Black": "#222222", "Grey": "#8a8a8a", "Charcoal": "#3b3b3b",
    "Silver": "#c3c6c8", "Space Grey": "#5b5d62", "Navy": "#1f2f55", "Blue": "#2e6fd8",
    "Sky Blue": "#8cc4e8", "Red": "#c0392b", "Burgundy": "#7b1f35", "Pink": "#e79bb5",
    "Green": "#2f8f5b", "Olive": "#6b7440", "Beige": "#d8c3a0", "Tan": "#c89b6d",
    "Brown": "#7a4b2a", "Cream": "#f3ead7", "Yellow": "#e8c547", "Clear": "#dfe9ee",
    "Dark Indigo": "#28345a", "Medium Wash": "#4a6fa5", "Light Wash": "#8fb3d9",
    "Black Rinse": "#2b2d33", "Stone Grey": "#9a968d"
  };

  var WOMEN_SHOE_SIZES = ["5", "6", "7", "8", "9", "10"];

  // Hand-written products.
  var products = [
    // Electronics > Audio
    { id: "airpods-pro-2", name: "AirPods Pro (2nd generation)", brand: "Apple", category: "electronics-audio",
      price: 199.00, original: 249.00, rating: 4.7, reviews: 58213, colours: ["White"], sizes: [],
      description: "Active Noise Cancellation, Adaptive Transparency and Personalised Spatial Audio, with a MagSafe charging case (USB-C)." },
    { id: "airpods-pro-case", name: "AirPods Pro Case", brand: "ShellGuard", category: "electronics-audio",
      price: 12.99, original: 19.99, rating: 4.4, reviews: 8754, colours: ["Black", "Clear", "Pink", "Sky Blue"], sizes: [],
      description: "Shock-absorbing silicone cover with a keychain clip for the AirPods Pro charging case." },
    { id: "airpods-max", name: "AirPods Max", brand: "Apple", category: "electronics-audio",
      price: 479.00, original: 549.00, rating: 4.6, reviews: 12480, colours: ["Space Grey", "Silver", "Sky Blue", "Pink", "Green"], sizes: [],
      description: "Over-ear headphones with high-fidelity audio, Active Noise Cancellation and up to 20 hours of listening." },
    { id: "airpods-3", name: "AirPods (3rd generation)", brand: "Apple", category: "electronics-audio",
      price: 169.00, rating: 4.6, reviews: 30412, colours: ["White"], sizes: [],
      description: "Spatial audio, sweat and water resistance and a Lightning charging case." },
    { id: "studio-over-ear-headphones", name: "Studio Wireless Over-Ear Headphones", brand: "Sonora", category: "electronics-audio",
      price: 89.99, original: 129.99, rating: 4.3, reviews: 4120, colours: ["Black", "White", "Navy"], sizes: [],
      description: "Closed-back Bluetooth headphones with 40 mm drivers and a 30-hour battery." },
    { id: "portable-bluetooth-speaker", name: "Portable Bluetooth Speaker", brand: "Sonora", category: "electronics-audio",
      price: 39.99, rating: 4.5, reviews: 15230, colours: ["Black", "Blue", "Red"], sizes: [],
      description: "Waterproof pocket speaker with rich bass and 12 hours of playtime." },
    { id: "sport-wireless-earbuds", name: "Sport Wireless Earbuds", brand: "Pulse", category: "electronics-audio",
      price: 24.99, rating: 4.1, reviews: 2210, colours: ["Black", "White"], sizes: [],
      description: "Secure-fit ear hooks, sweat resistant, 8 hours per charge." },

    // Electronics > Networking
    { id: "usb-wifi-adapter-ac1200", name: "USB WiFi Adapter AC1200", brand: "NetLink", category: "electronics-networking",
      price: 24.99, original: 32.99, rating: 4.4, reviews: 9311, colours: ["Black"], sizes: [],
      description: "Dual-band 1200 Mbps USB 3.0 wireless network adapter with two external antennas for desktop PCs." },
    { id: "nano-usb-wifi-dongle", name: "Nano USB WiFi Dongle", brand: "NetLink", category: "electronics-networking",
      price: 9.99, rating: 4.0, reviews: 6120, colours: ["Black"], sizes: [],
      description: "Tiny 150 Mbps USB wireless network adapter for laptops. Plug it in and forget it." },
    { id: "wifi-6-mesh-router", name: "WiFi 6 Mesh Router System (3-Pack)", brand: "NetLink", category: "electronics-networking",
      price: 199.99, original: 249.99, rating: 4.6, reviews: 3307, colours: ["White"], sizes: [],
      description: "Whole-home mesh coverage up to 5,500 sq ft with seamless roaming." },
    { id: "gigabit-switch-8-port", name: "8-Port Gigabit Ethernet Switch", brand: "NetLink", category: "electronics-networking",
      price: 22.99, rating: 4.7, reviews: 11840, colours: ["Black"], sizes: [],
      description: "Unmanaged plug-and-play desktop switch with a metal case." },
    { id: "usb-c-ethernet-adapter", name: "USB-C to Ethernet Adapter", brand: "Portway", category: "electronics-networking",
      price: 15.99, rating: 4.5, reviews: 5402, colours: ["Space Grey", "Silver"], sizes: [],
      description: "Gigabit wired network connection for laptops and tablets with USB-C." },

    // Electronics > Accessories
    { id: "usb-c-cable-2m", name: "USB-C Charging Cable (2 m)", brand: "Portway", category: "electronics-accessories",
      price: 8.99, rating: 4.6, reviews: 21005, colours: ["Black", "White"], sizes: [],
      description: "Braided nylon cable, 60 W fast charging and 480 Mbps data transfer." },
    { id: "usb-c-charger-65w", name: "65W USB-C Wall Charger", brand: "Portway", category: "electronics-accessories",
      price: 29.99, original: 39.99, rating: 4.7, reviews: 7730, colours: ["White"], sizes: [],
      description: "Compact GaN charger with two USB-C ports and one USB-A port." },
    { id: "wireless-charging-pad", name: "Wireless Charging Pad", brand: "Portway", category: "electronics-accessories",
      price: 19.99, rating: 4.2, reviews: 3980, colours: ["Black", "White"], sizes: [],
      description: "15 W Qi charging pad with a non-slip surface." },
    { id: "wireless-ergonomic-mouse", name: "Wireless Ergonomic Mouse", brand: "Keystone", category: "electronics-accessories",
      price: 27.99, rating: 4.4, reviews: 6643, colours: ["Black", "Grey"], sizes: [],
      description: "Sculpted right-handed mouse with silent clicks and a USB receiver." },
    { id: "mechanical-keyboard-tkl", name: "Mechanical Keyboard (Tenkeyless)", brand: "Keystone", category: "electronics-accessories",
      price: 74.99, original: 89.99, rating: 4.6, reviews: 2875, colours: ["Black", "White"], sizes: [],
      description: "Hot-swappable switches, PBT keycaps and a detachable USB-C cable." },
    { id: "aluminium-laptop-stand", name: "Adjustable Aluminium Laptop Stand", brand: "Keystone", category: "electronics-accessories",
      price: 34.99, rating: 4.8, reviews: 9120, colours: ["Silver", "Space Grey"], sizes: [],
      description: "Raises your screen to eye level; folds flat for travel." },

    // Women > Shoes (some under $25, some over)
    { id: "canvas-low-top-sneakers", name: "Canvas Low-Top Sneakers", brand: "Strideline", category: "women-shoes",
      price: 19.99, rating: 4.3, reviews: 5310, colours: ["White", "Black", "Red"], sizes: WOMEN_SHOE_SIZES,
      description: "Classic lace-up canvas sneakers with a cushioned insole." },
    { id: "classic-ballet-flats", name: "Classic Ballet Flats", brand: "Strideline", category: "women-shoes",
      price: 22.50, original: 29.99, rating: 4.1, reviews: 1984, colours: ["Black", "Beige", "Red"], sizes: WOMEN_SHOE_SIZES,
      description: "Soft faux-leather flats with a bow detail and flexible sole." },
    { id: "memory-foam-slippers", name: "Memory Foam Slippers", brand: "Cosy Feet", category: "women-shoes",
      price: 14.99, rating: 4.5, reviews: 12877, colours: ["Pink", "Grey"], sizes: WOMEN_SHOE_SIZES,
      description: "Plush slip-on house slippers with an anti-slip sole." },
    { id: "everyday-flip-flops", name: "Everyday Flip Flops", brand: "Strideline", category: "women-shoes",
      price: 9.99, rating: 3.9, reviews: 4410, colours: ["Black", "Blue", "Pink"], sizes: WOMEN_SHOE_SIZES,
      description: "Lightweight beach sandals with a textured footbed." },
    { id: "suede-slip-on-loafers", name: "Suede Slip-On Loafers", brand: "Amelie", category: "women-shoes",
      price: 24.99, rating: 4.0, reviews: 860, colours: ["Tan", "Navy"], sizes: WOMEN_SHOE_SIZES,
      description: "Unlined suede loafers with a padded heel." },
    { id: "block-heel-sandals", name: "Block Heel Sandals", brand: "Amelie", category: "women-shoes",
      price: 34.99, rating: 4.2, reviews: 2290, colours: ["Black", "Tan"], sizes: WOMEN_SHOE_SIZES,
      description: "Ankle-strap sandals with a stable 6 cm block heel." },
    { id: "pointed-toe-pumps", name: "Pointed Toe Pumps", brand: "Amelie", category: "women-shoes",
      price: 49.99, original: 64.99, rating: 4.0, reviews: 1432, colours: ["Black", "Red", "Beige"], sizes: WOMEN_SHOE_SIZES,
      description: "Elegant 8 cm stiletto pumps for work and evenings." },
    { id: "lightweight-running-shoes", name: "Lightweight Running Shoes", brand: "Pulse", category: "women-shoes",
      price: 64.99, rating: 4.4, reviews: 3876, colours: ["Grey", "Pink", "White"], sizes: WOMEN_SHOE_SIZES,
      description: "Breathable knit running shoes with responsive foam." },
    { id: "leather-ankle-boots", name: "Leather Ankle Boots", brand: "Amelie", category: "women-shoes",
      price: 89.99, original: 119.99, rating: 4.6, reviews: 2045, colours: ["Black", "Brown"], sizes: WOMEN_SHOE_SIZES,
      description: "Full-grain leather boots with a side zip and a rubber sole." },

    // Home
    { id: "steel-water-bottle", name: "Stainless Steel Water Bottle (750 ml)", brand: "Hearth & Home", category: "home-kitchen",
      price: 18.99, rating: 4.7, reviews: 18342, colours: ["Silver", "Black", "Green"], sizes: [],
      description: "Double-wall insulated bottle keeps drinks cold for 24 hours." },
    { id: "ceramic-mug-set", name: "Ceramic Coffee Mug Set (4 pieces)", brand: "Hearth & Home", category: "home-kitchen",
      price: 24.99, rating: 4.5, reviews: 4120, colours: ["White", "Blue"], sizes: [],
      description: "Four 350 ml stoneware mugs, dishwasher and microwave safe." },
    { id: "non-stick-frying-pan", name: "Non-Stick Frying Pan (28 cm)", brand: "Hearth & Home", category: "home-kitchen",
      price: 32.99, original: 44.99, rating: 4.4, reviews: 6790, colours: ["Black"], sizes: [],
      description: "PFOA-free coating, suitable for all hobs including induction." },
    { id: "chefs-knife-8-inch", name: "8-Inch Chef's Knife", brand: "Edgecraft", category: "home-kitchen",
      price: 39.99, rating: 4.7, reviews: 5021, colours: ["Silver"], sizes: [],
      description: "High-carbon stainless steel blade with an ergonomic handle." },
    { id: "digital-kitchen-scale", name: "Digital Kitchen Scale", brand: "Edgecraft", category: "home-kitchen",
      price: 16.99, rating: 4.5, reviews: 9908, colours: ["Black", "White"], sizes: [],
      description: "Weighs up to 5 kg in 1 g steps, with a tare button." },
    { id: "scented-soy-candle", name: "Scented Soy Candle", brand: "Lumen", category: "home-decor",
      price: 12.99, rating: 4.3, reviews: 3150, colours: ["Cream", "Beige"], sizes: [],
      description: "Hand-poured vanilla and cedar candle, about 40 hours of burn time." },
    { id: "led-desk-lamp", name: "LED Desk Lamp", brand: "Lumen", category: "home-decor",
      price: 29.99, rating: 4.5, reviews: 7215, colours: ["Black", "White"], sizes: [],
      description: "Dimmable lamp with five colour temperatures and a USB charging port." },
    { id: "knitted-throw-blanket", name: "Knitted Throw Blanket", brand: "Hearth & Home", category: "home-decor",
      price: 39.99, original: 49.99, rating: 4.6, reviews: 2654, colours: ["Grey", "Cream", "Olive"], sizes: [],
      description: "Chunky cable-knit throw, 130 x 170 cm." },
    { id: "cotton-bath-towel-set", name: "Cotton Bath Towel Set (6 pieces)", brand: "Hearth & Home", category: "home-bath",
      price: 44.99, rating: 4.4, reviews: 8100, colours: ["White", "Grey", "Navy"], sizes: [],
      description: "Two bath towels, two hand towels and two face cloths in 600 gsm cotton." }
  ];

  // Generated, deterministic ranges -------------------------------------------------
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function pick(list, i) { return list[i % list.length]; }
  function colourSet(palette, i) {
    var count = 1 + (i * 5) % 4;             // 1..4 colours
    var out = [];
    for (var k = 0; k < count; k++) out.push(palette[(i + k * 2) % palette.length]);
    return out.filter(function (c, idx) { return out.indexOf(c) === idx; });
  }
  function rating(i) { return Math.round((3.0 + ((i * 7) % 21) / 10) * 10) / 10; } // 3.0 .. 5.0
  function money(x) { return Math.round(x * 100) / 100; }

  // Men > Jeans: 60 products. The first one is "Slim Fit Stretch Jeans".
  var jeanFits = ["Slim Fit", "Straight Fit", "Relaxed Fit", "Skinny Fit", "Athletic Fit",
                  "Bootcut", "Tapered Fit", "Loose Fit", "Regular Fit", "Carpenter"];
  var jeanStyles = ["Stretch Jeans", "Selvedge Jeans", "Comfort Flex Jeans", "Distressed Jeans",
                    "Classic 5-Pocket Jeans", "Performance Jeans"];
  var jeanBrands = ["Riverside Denim", "Northbound", "Indigo & Oak", "Workwear Supply"];
  var jeanColours = ["Dark Indigo", "Medium Wash", "Light Wash", "Black Rinse", "Stone Grey"];
  var jeanSizes = ["28W", "30W", "32W", "34W", "36W", "38W"];
  var n = 0;
  for (var s = 0; s < jeanStyles.length; s++) {
    for (var f = 0; f < jeanFits.length; f++) {
      var i = n++;
      var price = money(19.99 + ((i * 37) % 10) * 7);          // 19.99 .. 82.99
      var p = {
        id: "men-jeans-" + pad(i + 1),
        name: jeanFits[f] + " " + jeanStyles[s],
        brand: pick(jeanBrands, i),
        category: "men-jeans",
        price: price,
        rating: rating(i),
        reviews: 40 + (i * 131) % 4800,
        colours: colourSet(jeanColours, i),
        sizes: jeanSizes,
        description: jeanFits[f] + " men's jeans in " + (i % 2 ? "rigid" : "stretch") +
          " cotton denim with a zip fly and five pockets."
      };
      if (i % 3 === 0) p.original = money(price + 10 + (i % 4) * 5);
      products.push(p);
    }
  }

  // Men > Shirts: 24 products.
  var shirtFits = ["Slim Fit", "Regular Fit", "Classic Fit", "Tailored Fit"];
  var shirtTypes = ["Oxford Shirt", "Poplin Dress Shirt", "Flannel Shirt", "Linen Shirt", "Denim Shirt", "Polo Shirt"];
  var shirtColours = ["White", "Sky Blue", "Navy", "Olive", "Burgundy", "Charcoal", "Pink"];
  n = 0;
  for (var t = 0; t < shirtTypes.length; t++) {
    for (var g = 0; g < shirtFits.length; g++) {
      var j = n++;
      var sp = money(17.99 + ((j * 11) % 8) * 6);            // 17.99 .. 59.99
      var shirt = {
        id: "men-shirts-" + pad(j + 1),
        name: shirtFits[g] + " " + shirtTypes[t],
        brand: pick(["Northbound", "Harbour & Co.", "Keel"], j),
        category: "men-shirts",
        price: sp,
        rating: rating(j + 3),
        reviews: 25 + (j * 97) % 2600,
        colours: colourSet(shirtColours, j),
        sizes: ["S", "M", "L", "XL", "XXL"],
        description: shirtFits[g] + " men's " + shirtTypes[t].toLowerCase() + " in breathable cotton."
      };
      if (j % 4 === 1) shirt.original = money(sp + 12);
      products.push(shirt);
    }
  }

  // Women > Dresses: 24 products.
  var dressPatterns = ["Floral", "Solid", "Striped", "Polka Dot"];
  var dressTypes = ["Wrap Dress", "Shift Dress", "Maxi Dress", "Midi Dress", "Slip Dress", "Shirt Dress"];
  var dressColours = ["Black", "Navy", "Red", "Green", "Yellow", "Pink", "Cream"];
  n = 0;
  for (var d = 0; d < dressTypes.length; d++) {
    for (var q = 0; q < dressPatterns.length; q++) {
      var k = n++;
      var dp = money(21.99 + ((k * 13) % 9) * 8);            // 21.99 .. 85.99
      var dress = {
        id: "women-dresses-" + pad(k + 1),
        name: dressPatterns[q] + " " + dressTypes[d],
        brand: pick(["Amelie", "Linden", "Marlow"], k),
        category: "women-dresses",
        price: dp,
        rating: rating(k + 5),
        reviews: 18 + (k * 89) % 3100,
        colours: colourSet(dressColours, k),
        sizes: ["XS", "S", "M", "L", "XL"],
        description: dressPatterns[q].toLowerCase() + " " + dressTypes[d].toLowerCase() +
          " for women in a soft, flowing fabric."
      };
      if (k % 3 === 2) dress.original = money(dp + 15);
      products.push(dress);
    }
  }

  // Sponsored listings. They are real products (they have product pages) but are
  // only ever shown in the sponsored slots at the top of matching search results.
  var sponsored = [
    { id: "generic-wireless-earbuds", name: "Generic Wireless Earbuds", brand: "Generic", category: "electronics-audio",
      price: 15.99, original: 29.99, rating: 3.6, reviews: 912, colours: ["Black", "White"], sizes: [],
      description: "Budget Bluetooth earbuds with a charging case.",
      keywords: ["airpod", "earbud", "earphone", "headphone", "wireless"] },
    { id: "soundmax-pro-earbuds", name: "SoundMax Pro Earbuds with Charging Case", brand: "SoundMax", category: "electronics-audio",
      price: 21.99, rating: 3.8, reviews: 1540, colours: ["Black"], sizes: [],
      description: "In-ear Bluetooth 5.3 earbuds with touch controls.",
      keywords: ["airpod", "earbud", "earphone"] },
    { id: "long-range-wifi-antenna", name: "Long Range USB WiFi Antenna", brand: "Generic", category: "electronics-networking",
      price: 18.99, rating: 3.5, reviews: 407, colours: ["Black"], sizes: [],
      description: "High-gain USB wireless adapter with a 2 m extension cable.",
      keywords: ["wifi", "adapter", "dongle"] },
    { id: "budget-stretch-denim-jeans", name: "Budget Stretch Denim Jeans", brand: "Generic", category: "men-jeans",
      price: 14.99, rating: 3.4, reviews: 288, colours: ["Medium Wash"], sizes: jeanSizes,
      description: "Low-cost stretch jeans for men.",
      keywords: ["jean", "denim"] },
    { id: "discount-comfort-sneakers", name: "Discount Comfort Sneakers", brand: "Generic", category: "women-shoes",
      price: 12.99, rating: 3.3, reviews: 175, colours: ["White"], sizes: WOMEN_SHOE_SIZES,
      description: "Everyday lace-up sneakers at a low price.",
      keywords: ["shoe", "sneaker", "flat", "sandal", "trainer"] }
  ];
  sponsored.forEach(function (p) { p.sponsored = true; });

  var index = {};
  products.concat(sponsored).forEach(function (p) { index[p.id] = p; });
  var catIndex = {};
  categories.forEach(function (c) { catIndex[c.id] = c; });

  // Simple deterministic picture: an SVG silhouette per category, tinted with the colour.
  var shapes = {
    "men-jeans": '<path d="M70 30h60l8 140h-32l-6-95-6 95H62z" fill="C" stroke="#0003" stroke-width="2"/><path d="M70 42h60" stroke="#fff6" stroke-width="3"/>',
    "men-shirts": '<path d="M75 35l25 12 25-12 35 22-14 26-16-8v90H70v-90l-16 8-14-26z" fill="C" stroke="#0003" stroke-width="2"/><path d="M100 47v110" stroke="#fff6" stroke-width="2"/>',
    "women-dresses": '<path d="M85 30h30l5 35 30 100H50l30-100z" fill="C" stroke="#0003" stroke-width="2"/><path d="M80 68h40" stroke="#fff6" stroke-width="3"/>',
    "women-shoes": '<path d="M35 120c20 0 40-30 60-30 10 0 20 20 40 25 15 4 30 8 30 22v10H35z" fill="C" stroke="#0003" stroke-width="2"/><path d="M35 140h130" stroke="#fff8" stroke-width="3"/>',
    "electronics-audio": '<path d="M55 110a45 45 0 0 1 90 0" fill="none" stroke="C" stroke-width="10"/><rect x="45" y="100" width="22" height="45" rx="8" fill="C" stroke="#0003"/><rect x="133" y="100" width="22" height="45" rx="8" fill="C" stroke="#0003"/>',
    "electronics-networking": '<rect x="45" y="95" width="110" height="40" rx="8" fill="C" stroke="#0003" stroke-width="2"/><path d="M70 95V50M130 95V50" stroke="C" stroke-width="6"/><circle cx="70" cy="115" r="4" fill="#6f6"/>',
    "electronics-accessories": '<rect x="60" y="45" width="80" height="110" rx="10" fill="C" stroke="#0003" stroke-width="2"/><circle cx="100" cy="100" r="18" fill="#fff5"/>',
    "home-kitchen": '<path d="M60 60h70v80a15 15 0 0 1-15 15H75a15 15 0 0 1-15-15z" fill="C" stroke="#0003" stroke-width="2"/><path d="M130 80h10a15 15 0 0 1 0 30h-10" fill="none" stroke="C" stroke-width="8"/>',
    "home-decor": '<rect x="70" y="70" width="60" height="85" rx="6" fill="C" stroke="#0003" stroke-width="2"/><path d="M100 40c10 12 8 22 0 28-8-6-10-16 0-28z" fill="#f5a623"/>',
    "home-bath": '<rect x="50" y="60" width="100" height="90" rx="8" fill="C" stroke="#0003" stroke-width="2"/><path d="M50 90h100M50 120h100" stroke="#fff6" stroke-width="4"/>'
  };
  function imageFor(product, colour) {
    var c = colours[colour || (product.colours && product.colours[0])] || "#999999";
    var shape = (shapes[product.category] || shapes["electronics-accessories"]).replace(/"C"/g, '"' + c + '"');
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200"><rect width="200" height="200" fill="#f3f4f6"/>' + shape + "</svg>";
    return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  }

  function inCategory(product, categoryId) {
    if (!categoryId) return true;
    return product.category === categoryId || product.category.indexOf(categoryId + "-") === 0;
  }

  window.PracticeData = {
    categories: categories,
    products: products,
    sponsored: sponsored,
    colours: colours,
    byId: function (id) { return index[id] || null; },
    category: function (id) { return catIndex[id] || null; },
    inCategory: inCategory,
    imageFor: imageFor
  };
})();
