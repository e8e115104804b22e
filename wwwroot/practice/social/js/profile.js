/* Profile page: profile.html (your own, with "Edit profile") or profile.html?u=alice */
(function () {
  "use strict";
  if (!Social.requireSignIn()) return;
  var esc = Social.esc;
  var username = new URLSearchParams(location.search).get("u") || "demo";
  var u = Social.user(username);
  var root = document.getElementById("profile");
  if (!u) { root.innerHTML = "<h1>User not found</h1><p>There is no user @" + esc(username) + ".</p>"; return; }
  var own = u.username === "demo";
  document.title = u.name + " (@" + u.username + ") \u2013 Practice Social";

  function render() {
    var f = Social.isFollowing(u.username);
    var posts = Social.allPosts().filter(function (p) { return p.author === u.username; });
    root.innerHTML =
      '<section class="panel profile-card" aria-labelledby="profile-name">' + Social.avatar(u, "large") +
      '<div class="profile-main"><h1 id="profile-name">' + esc(u.name) + '</h1><p class="muted">@' + esc(u.username) + "</p>" +
      '<p id="bio-text">' + esc(own ? Social.bio() : u.bio) + "</p>" +
      '<p class="muted"><strong>' + (own ? Social.following().length : 150 + u.username.length * 7) + "</strong> Following \u00b7 <strong>" +
      (u.followers + (!own && f ? 1 : 0)) + "</strong> Followers</p>" +
      (own
        ? '<button type="button" id="edit-profile" aria-expanded="false" aria-controls="bio-form">Edit profile</button>' +
          '<form id="bio-form" class="bio-form" hidden><div class="field"><label for="bio">Bio</label>' +
          '<textarea id="bio" name="bio" maxlength="160" rows="3"></textarea></div>' +
          '<button type="submit" class="btn-accent">Save</button> <button type="button" id="cancel-bio">Cancel</button></form>'
        : '<button type="button" class="follow-btn" data-follow="' + esc(u.username) + '" aria-pressed="' + f + '">' + (f ? "Following" : "Follow") + " @" + esc(u.username) + "</button> " +
          '<a class="btn" href="' + Social.BASE + "messages.html?u=" + esc(u.username) + '">Message</a>') +
      '<p id="profile-status" role="status"></p></div></section>' +
      '<section aria-labelledby="posts-title"><h2 id="posts-title">Posts</h2><ul class="feed">' +
      (posts.length ? posts.map(function (p) { return "<li>" + Social.postHtml(p, {}) + "</li>"; }).join("") : '<li class="muted">No posts yet.</li>') +
      "</ul></section>";
    if (own) bindEdit();
  }
  function bindEdit() {
    var btn = document.getElementById("edit-profile"), form = document.getElementById("bio-form"), area = document.getElementById("bio");
    btn.addEventListener("click", function () {
      area.value = Social.bio();
      form.hidden = false; btn.hidden = true; btn.setAttribute("aria-expanded", "true");
      area.focus();
    });
    document.getElementById("cancel-bio").addEventListener("click", function () { form.hidden = true; btn.hidden = false; });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      Social.save(Social.KEYS.bio, area.value.trim());
      render();
      document.getElementById("profile-status").textContent = "Profile updated.";
    });
  }
  Social.bindPostActions(root, Social.findPost);
  // Re-render follower count after following/unfollowing.
  root.addEventListener("click", function (e) { if (e.target.closest("button[data-follow]")) render(); });
  render();
})();
