/*
 * Practice Social: shared helpers. State is per browser profile:
 *   cookie       practice_social_session   signed-in marker ("demo")
 *   localStorage practice_social_posts     posts published by the demo user (newest first)
 *   localStorage practice_social_drafts    saved drafts [{id, text}]
 *   localStorage practice_social_likes     {postId: true}
 *   localStorage practice_social_upvotes   {postId: true}
 *   localStorage practice_social_following [username]
 *   localStorage practice_social_bio       the demo user's bio
 *   localStorage practice_social_messages  {username: [{from, text}]} messages sent by the demo user
 *   localStorage practice_social_seq       id counter for posts and drafts
 */
var Social = (function () {
  "use strict";
  var BASE = "/practice/social/";
  var KEYS = {
    posts: "practice_social_posts", drafts: "practice_social_drafts", likes: "practice_social_likes",
    upvotes: "practice_social_upvotes", following: "practice_social_following", bio: "practice_social_bio",
    messages: "practice_social_messages", seq: "practice_social_seq"
  };
  var COOKIE = "practice_social_session";
  var DEMO = { username: "demo", password: "demo1234" };

  var USERS = [
    { username: "demo", name: "Demo User", bio: "Just here to test things. Coffee, keyboards and long walks.", followers: 12, colour: "#1a73e8" },
    { username: "alice", name: "Alice Johnson", bio: "Product designer. Plants and pixels.", followers: 1840, colour: "#c2185b" },
    { username: "bob", name: "Bob Martinez", bio: "Backend engineer. Ask me about databases.", followers: 932, colour: "#00897b" },
    { username: "carol", name: "Carol Nguyen", bio: "Marathon runner and data nerd.", followers: 2210, colour: "#6a1b9a" },
    { username: "dave", name: "Dave Patel", bio: "Chef at home, tester at work.", followers: 411, colour: "#ef6c00" },
    { username: "erin", name: "Erin Walsh", bio: "Travel photographer. Currently somewhere with good light.", followers: 5120, colour: "#2e7d32" },
    { username: "frank", name: "Frank Liu", bio: "Open-source maintainer. Tea over coffee.", followers: 3075, colour: "#455a64" },
    { username: "grace", name: "Grace Kim", bio: "Writing about accessibility and the web.", followers: 1288, colour: "#5d4037" },
    { username: "henry", name: "Henry Adams", bio: "Amateur astronomer and weekend woodworker.", followers: 264, colour: "#283593" }
  ];
  var SEED_POSTS = [
    { id: "seed-1", author: "alice", time: "2h", likes: 24, upvotes: 8,
      text: "Just shipped the new onboarding flow. Huge thanks to everyone who tested it!" },
    { id: "seed-2", author: "bob", time: "5h", likes: 41, upvotes: 17,
      text: "Hot take: most performance problems are N+1 queries in disguise." },
    { id: "seed-3", author: "carol", time: "8h", likes: 63, upvotes: 12,
      text: "Ran 21 km this morning before work. Legs are jelly, mood is great." },
    { id: "seed-4", author: "dave", time: "1d", likes: 18, upvotes: 5,
      text: "Tried a new focaccia recipe: rosemary, sea salt and far too much olive oil. 10/10." },
    { id: "seed-5", author: "erin", time: "1d", likes: 92, upvotes: 30,
      text: "Sunrise over the harbour today. Some mornings are worth the early alarm." },
    { id: "seed-6", author: "frank", time: "2d", likes: 57, upvotes: 22,
      text: "Reminder: write the test before you fix the bug. Future you will say thanks." }
  ];
  var SEED_MESSAGES = {
    alice: [{ from: "alice", text: "Hey! Did you get a chance to look at the new onboarding screens?" }],
    bob: [{ from: "bob", text: "Are we still on for the code review tomorrow?" }, { from: "demo", text: "Yes, 10am works for me." }],
    carol: [{ from: "carol", text: "Thanks for sponsoring my run!" }]
  };

  function load(key, fallback) {
    try { var raw = localStorage.getItem(key); return raw === null ? fallback : JSON.parse(raw); } catch (e) { return fallback; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function nextId(prefix) {
    var n = load(KEYS.seq, 0) + 1;
    save(KEYS.seq, n);
    return prefix + n;
  }
  function user(username) { return USERS.filter(function (u) { return u.username === username; })[0] || null; }
  function bio() { return load(KEYS.bio, user("demo").bio); }

  function isSignedIn() {
    return document.cookie.split(/;\s*/).some(function (c) { return c.indexOf(COOKIE + "=") === 0; });
  }
  function signIn() { document.cookie = COOKIE + "=demo; path=/; max-age=2592000; SameSite=Lax"; }
  function signOut() { document.cookie = COOKIE + "=; path=/; max-age=0; SameSite=Lax"; }
  function requireSignIn() {
    if (isSignedIn()) return true;
    location.replace(BASE + "signin.html?return=" + encodeURIComponent(location.pathname + location.search));
    return false;
  }
  function safeReturn(url) { return (url && url.indexOf(BASE) === 0 && url.indexOf("//") === -1) ? url : BASE; }

  function following() { return load(KEYS.following, []); }
  function isFollowing(username) { return following().indexOf(username) !== -1; }
  function toggleFollow(username) {
    var f = following(), i = f.indexOf(username);
    if (i === -1) f.push(username); else f.splice(i, 1);
    save(KEYS.following, f);
    return i === -1;
  }

  function avatar(u, size) {
    var initials = u.name.split(" ").map(function (w) { return w.charAt(0); }).join("").slice(0, 2);
    return '<span class="avatar' + (size ? " avatar-" + size : "") + '" style="background:' + u.colour + '" aria-hidden="true">' + esc(initials) + "</span>";
  }

  // Renders one post. opts.follow: show the "Follow @user" button.
  function postHtml(post, opts) {
    var u = user(post.author) || { username: post.author, name: post.author, colour: "#777" };
    var likes = load(KEYS.likes, {}), ups = load(KEYS.upvotes, {});
    var liked = !!likes[post.id], upped = !!ups[post.id];
    var followBtn = "";
    if (opts && opts.follow && u.username !== "demo") {
      var f = isFollowing(u.username);
      followBtn = '<button type="button" class="btn-small follow-btn" data-follow="' + esc(u.username) + '" aria-pressed="' + f + '">' +
        (f ? "Following" : "Follow") + " @" + esc(u.username) + "</button>";
    }
    return '<article class="post" id="post-' + esc(post.id) + '" data-post-id="' + esc(post.id) + '" aria-labelledby="post-author-' + esc(post.id) + '">' +
      avatar(u) +
      '<div class="post-main"><header class="post-head"><a id="post-author-' + esc(post.id) + '" class="post-author" href="' + BASE + "profile.html?u=" + esc(u.username) + '">' +
      esc(u.name) + '</a> <span class="muted">@' + esc(u.username) + " \u00b7 " + esc(post.time || "Just now") + "</span>" + followBtn + "</header>" +
      '<p class="post-text">' + esc(post.text) + "</p>" +
      (opts && opts.preview ? "" : '<div class="post-actions">' +
        '<button type="button" class="btn-small" data-like="' + esc(post.id) + '" aria-pressed="' + liked + '">Like</button>' +
        '<span class="count" data-like-count="' + esc(post.id) + '">' + ((post.likes || 0) + (liked ? 1 : 0)) + " likes</span>" +
        '<button type="button" class="btn-small" data-upvote="' + esc(post.id) + '" aria-pressed="' + upped + '">Upvote</button>' +
        '<span class="count" data-upvote-count="' + esc(post.id) + '">' + ((post.upvotes || 0) + (upped ? 1 : 0)) + " upvotes</span>" +
      "</div>") + "</div></article>";
  }

  // Click handling for Like / Upvote / Follow buttons anywhere on the page.
  function bindPostActions(root, findPost) {
    root.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var key = b.hasAttribute("data-like") ? "like" : b.hasAttribute("data-upvote") ? "upvote" : null;
      if (key) {
        var id = b.getAttribute("data-" + key);
        var store = key === "like" ? KEYS.likes : KEYS.upvotes;
        var map = load(store, {});
        if (map[id]) delete map[id]; else map[id] = true;
        save(store, map);
        var post = findPost(id) || {};
        var base = (key === "like" ? post.likes : post.upvotes) || 0;
        b.setAttribute("aria-pressed", String(!!map[id]));
        root.querySelector("[data-" + key + '-count="' + id + '"]').textContent = (base + (map[id] ? 1 : 0)) + (key === "like" ? " likes" : " upvotes");
        return;
      }
      if (b.hasAttribute("data-follow")) {
        var name = b.getAttribute("data-follow");
        var now = toggleFollow(name);
        document.querySelectorAll('button[data-follow="' + name + '"]').forEach(function (btn) {
          btn.setAttribute("aria-pressed", String(now));
          btn.textContent = btn.classList.contains("plain-follow") ? (now ? "Following" : "Follow") : (now ? "Following @" : "Follow @") + name;
        });
      }
    });
  }

  function allPosts() { return load(KEYS.posts, []).concat(SEED_POSTS); }
  function findPost(id) { return allPosts().filter(function (p) { return p.id === id; })[0]; }

  document.addEventListener("DOMContentLoaded", function () {
    var acct = document.getElementById("account-status");
    if (acct) {
      acct.innerHTML = isSignedIn()
        ? '<span class="muted-light">Signed in as @demo</span> <a href="' + BASE + 'signout.html">Sign out</a>'
        : '<a href="' + BASE + 'signin.html">Sign in</a>';
    }
  });

  return {
    BASE: BASE, KEYS: KEYS, DEMO: DEMO, USERS: USERS, SEED_POSTS: SEED_POSTS, SEED_MESSAGES: SEED_MESSAGES,
    load: load, save: save, esc: esc, nextId: nextId, user: user, bio: bio,
    isSignedIn: isSignedIn, signIn: signIn, signOut: signOut, requireSignIn: requireSignIn, safeReturn: safeReturn,
    following: following, isFollowing: isFollowing, toggleFollow: toggleFollow,
    avatar: avatar, postHtml: postHtml, bindPostActions: bindPostActions, allPosts: allPosts, findPost: findPost
  };
})();
