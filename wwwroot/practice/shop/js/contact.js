/* Contact form with inline validation: /practice/shop/contact.html */
(function () {
  "use strict";
  var form = document.getElementById("contact-form");
  var result = document.getElementById("contact-result");
  var rules = [
    ["contact-name", function (v) { return v ? "" : "Please enter your name."; }],
    ["contact-email", function (v) { return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? "" : (v ? "Please enter a valid email address." : "Please enter your email address."); }],
    ["contact-subject", function (v) { return v ? "" : "Please choose a subject."; }],
    ["contact-message", function (v) { return v ? "" : "Please enter a message."; }]
  ];
  function check(id, rule) {
    var input = document.getElementById(id);
    var msg = rule(input.value.trim());
    input.setAttribute("aria-invalid", msg ? "true" : "false");
    document.getElementById(id + "-error").textContent = msg;
    return msg ? input : null;
  }
  rules.forEach(function (r) {
    document.getElementById(r[0]).addEventListener("blur", function () {
      if (this.getAttribute("aria-invalid") === "true") check(r[0], r[1]);
    });
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var firstBad = null;
    rules.forEach(function (r) { var bad = check(r[0], r[1]); firstBad = firstBad || bad; });
    if (firstBad) { firstBad.focus(); return; }
    var name = document.getElementById("contact-name").value.trim();
    var messages = Shop.load(Shop.KEYS.messages, []);
    messages.push({
      name: name,
      email: document.getElementById("contact-email").value.trim(),
      subject: document.getElementById("contact-subject").value,
      message: document.getElementById("contact-message").value.trim(),
      newsletter: document.getElementById("contact-newsletter").checked
    });
    Shop.save(Shop.KEYS.messages, messages);
    form.hidden = true;
    result.hidden = false;
    result.textContent = "Thanks, " + name + " \u2014 we received your message.";
    result.focus();
  });
})();
