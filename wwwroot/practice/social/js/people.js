/* People list with Follow buttons: people.html */
(function () {
  "use strict";
  if (!Social.requireSignIn()) return;
  var esc = Social.esc;
  var list = document.getElementById("people");
  list.innerHTML = Social.USERS.filter(function (u) { return u.username !== "demo"; }).map(function (u) {
    var f = Social.isFollowing(u.username);
    return '<li><article class="person" aria-labelledby="person-' + u.username + '">' + Social.avatar(u) +
      '<div class="person-main"><h2 id="person-' + u.username + '"><a href="' + Social.BASE + "profile.html?u=" + u.username + '">' + esc(u.name) + "</a></h2>" +
      '<p class="muted">@' + u.username + " \u00b7 " + u.followers.toLocaleString("en-US") + " followers</p><p>" + esc(u.bio) + "</p></div>" +
      '<button type="button" class="btn-small follow-btn plain-follow" data-follow="' + u.username + '" aria-pressed="' + f + '">' + (f ? "Following" : "Follow") + "</button>" +
      "</article></li>";
  }).join("");
  Social.bindPostActions(list, Social.findPost);
})();
