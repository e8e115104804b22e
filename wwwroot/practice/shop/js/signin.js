/* Sign-in page: /practice/shop/signin.html?return=/practice/shop/... */
(function () {
  "use strict";
  var returnTo = Shop.safeReturn(Shop.params().get("return"));
  var already = document.getElementById("already-signed-in");
  if (Shop.isSignedIn()) {
    already.hidden = false;
    already.querySelector("a").href = returnTo;
  }
  var form = document.getElementById("signin-form");
  var error = document.getElementById("signin-error");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var email = document.getElementById("email").value.trim().toLowerCase();
    var password = document.getElementById("password").value;
    if (email === Shop.DEMO.email && password === Shop.DEMO.password) {
      Shop.signIn();
      location.href = returnTo;
    } else {
      error.hidden = false;
      error.textContent = !email || !password ? "Please enter your email and password." : "Incorrect email or password.";
      document.getElementById("password").value = "";
    }
  });
})();
