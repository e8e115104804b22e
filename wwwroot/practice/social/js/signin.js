/* Sign-in page for Practice Social. */
(function () {
  "use strict";
  var returnTo = Social.safeReturn(new URLSearchParams(location.search).get("return"));
  if (Social.isSignedIn()) {
    var note = document.getElementById("already-signed-in");
    note.hidden = false;
    note.querySelector("a").href = returnTo;
  }
  document.getElementById("signin-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var user = document.getElementById("username").value.trim().replace(/^@/, "").toLowerCase();
    var pass = document.getElementById("password").value;
    var err = document.getElementById("signin-error");
    if (user === Social.DEMO.username && pass === Social.DEMO.password) {
      Social.signIn();
      location.href = returnTo;
    } else {
      err.hidden = false;
      err.textContent = !user || !pass ? "Please enter your username and password." : "Incorrect username or password.";
      document.getElementById("password").value = "";
    }
  });
})();
