/* Home timeline: compose, save draft, preview, publish (exactly once), drafts, likes, upvotes, follows. */
(function () {
  "use strict";
  if (!Social.requireSignIn()) return;
  var esc = Social.esc;
  var MAX = 280;
  var text = document.getElementById("compose-text");
  var counter = document.getElementById("char-count");
  var status = document.getElementById("compose-status");
  var btnDraft = document.getElementById("save-draft");
  var btnPreview = document.getElementById("preview-button");
  var btnPublish = document.getElementById("publish-button");
  var previewPanel = document.getElementById("preview-panel");
  var feed = document.getElementById("timeline");
  var draftsList = document.getElementById("drafts");
  var composeId = null; // id reserved for the post being written; guards against double publishing

  function say(msg, kind) {
    status.className = "notice " + (kind === "error" ? "notice-error" : "notice-success");
    status.textContent = msg;
    status.hidden = !msg;
  }
  function sync() {
    var len = text.value.length, empty = !text.value.trim();
    counter.textContent = (MAX - len) + " characters left";
    btnDraft.disabled = btnPreview.disabled = btnPublish.disabled = empty;
  }
  function ownPosts() { return Social.load(Social.KEYS.posts, []); }
  function drafts() { return Social.load(Social.KEYS.drafts, []); }

  // Adds a post unless a post with the same id already exists. Returns true if added.
  function publish(id, body) {
    var posts = ownPosts();
    if (posts.some(function (p) { return p.id === id; })) return false;
    posts.unshift({ id: id, author: "demo", text: body, time: "Just now", likes: 0, upvotes: 0 });
    Social.save(Social.KEYS.posts, posts);
    return true;
  }

  function renderFeed() { feed.innerHTML = Social.allPosts().map(function (p) { return "<li>" + Social.postHtml(p, { follow: true }) + "</li>"; }).join(""); }
  function renderDrafts() {
    var list = drafts();
    document.getElementById("draft-count").textContent = list.length ? "(" + list.length + ")" : "";
    if (!list.length) { draftsList.innerHTML = '<li class="muted">No drafts saved.</li>'; return; }
    draftsList.innerHTML = list.map(function (d) {
      return '<li class="draft" data-draft-id="' + esc(d.id) + '"><p class="post-text">' + esc(d.text) + "</p>" +
        '<div class="post-actions"><button type="button" class="btn-accent btn-small" data-publish-draft="' + esc(d.id) + '">Publish</button>' +
        '<button type="button" class="btn-small" data-edit-draft="' + esc(d.id) + '">Edit draft</button>' +
        '<button type="button" class="btn-small" data-delete-draft="' + esc(d.id) + '">Delete draft</button></div></li>';
    }).join("");
  }

  text.addEventListener("input", function () {
    if (!composeId && text.value.trim()) composeId = Social.nextId("post-");
    if (!previewPanel.hidden) showPreview();
    sync();
  });
  btnDraft.addEventListener("click", function () {
    var body = text.value.trim();
    if (!body) { say("Write something first.", "error"); return; }
    var id = composeId || Social.nextId("post-");
    var list = drafts().filter(function (d) { return d.id !== id; });
    list.unshift({ id: id, text: body });
    Social.save(Social.KEYS.drafts, list);
    text.value = ""; composeId = null; previewPanel.hidden = true;
    sync(); renderDrafts();
    say("Draft saved.");
  });
  function showPreview() {
    previewPanel.hidden = false;
    document.getElementById("preview-body").innerHTML = Social.postHtml({ id: "preview", author: "demo", text: text.value.trim(), time: "Preview" }, { preview: true });
  }
  btnPreview.addEventListener("click", function () {
    if (!text.value.trim()) { say("Write something first.", "error"); return; }
    showPreview();
    say("");
  });
  document.getElementById("compose-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var body = text.value.trim();
    if (!body) { say("Write something first.", "error"); return; }
    var id = composeId || Social.nextId("post-");
    var added = publish(id, body);
    // If this text came from a draft being edited, the draft is now published.
    Social.save(Social.KEYS.drafts, drafts().filter(function (d) { return d.id !== id; }));
    text.value = ""; composeId = null; previewPanel.hidden = true;
    sync(); renderDrafts();
    if (added) { renderFeed(); say("Your post was published."); }
  });
  draftsList.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    var id = b.getAttribute("data-publish-draft") || b.getAttribute("data-edit-draft") || b.getAttribute("data-delete-draft");
    var draft = drafts().filter(function (d) { return d.id === id; })[0];
    Social.save(Social.KEYS.drafts, drafts().filter(function (d) { return d.id !== id; }));
    if (!draft) { renderDrafts(); return; } // already handled (e.g. double click)
    if (b.hasAttribute("data-publish-draft")) {
      var added = publish(draft.id, draft.text);
      renderDrafts(); renderFeed();
      if (added) say("Your draft was published.");
    } else if (b.hasAttribute("data-edit-draft")) {
      text.value = draft.text; composeId = draft.id;
      // Keep the draft until it is published or saved again.
      Social.save(Social.KEYS.drafts, [draft].concat(drafts()));
      sync(); text.focus();
      say("Draft loaded into the editor.");
    } else {
      renderDrafts();
      say("Draft deleted.");
    }
  });

  Social.bindPostActions(feed, Social.findPost);
  Social.bindPostActions(document.getElementById("who-to-follow"), Social.findPost);
  document.getElementById("who-to-follow-list").innerHTML = ["grace", "henry"].map(function (name) {
    var u = Social.user(name), f = Social.isFollowing(name);
    return '<li>' + Social.avatar(u, "small") + '<div><a href="' + Social.BASE + "profile.html?u=" + name + '">' + esc(u.name) + '</a><br><span class="muted">@' + name +
      '</span></div><button type="button" class="btn-small follow-btn" data-follow="' + name + '" aria-pressed="' + f + '">' + (f ? "Following" : "Follow") + " @" + name + "</button></li>";
  }).join("");
  status.hidden = true;
  sync(); renderDrafts(); renderFeed();
})();
