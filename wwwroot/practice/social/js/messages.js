/* Direct messages: messages.html?u=alice */
(function () {
  "use strict";
  if (!Social.requireSignIn()) return;
  var esc = Social.esc;
  var username = new URLSearchParams(location.search).get("u");
  var others = Social.USERS.filter(function (u) { return u.username !== "demo"; });
  function sent() { return Social.load(Social.KEYS.messages, {}); }
  function conversation(name) { return (Social.SEED_MESSAGES[name] || []).concat(sent()[name] || []); }

  document.getElementById("conversation-list").innerHTML = others.map(function (u) {
    var last = conversation(u.username).slice(-1)[0];
    return '<li><a href="' + Social.BASE + "messages.html?u=" + u.username + '"' + (u.username === username ? ' aria-current="page"' : "") + ">" +
      esc(u.name) + "</a>" + (last ? '<span class="muted preview-line">' + esc(last.text) + "</span>" : "") + "</li>";
  }).join("");

  var pane = document.getElementById("conversation");
  var u = username && Social.user(username);
  if (!u || u.username === "demo") {
    pane.innerHTML = '<p class="muted">Select a conversation from the list to start messaging.</p>';
    return;
  }
  document.title = "Messages with " + u.name + " \u2013 Practice Social";
  pane.innerHTML = '<h2 id="conversation-title">Conversation with ' + esc(u.name) + "</h2>" +
    '<ol class="messages" id="message-log" role="log" aria-labelledby="conversation-title"></ol>' +
    '<form id="message-form" novalidate><div class="field"><label for="message-text">Message</label>' +
    '<textarea id="message-text" name="message" rows="3" placeholder="Write a message to ' + esc(u.name) + '"></textarea>' +
    '<span class="field-error" id="message-error" role="alert"></span></div>' +
    '<button type="submit" class="btn-accent">Send</button></form>';
  var log = document.getElementById("message-log");
  function render() {
    var msgs = conversation(u.username);
    log.innerHTML = msgs.length ? msgs.map(function (m) {
      var mine = m.from === "demo";
      return '<li class="message' + (mine ? " mine" : "") + '"><span class="visually-hidden">' + (mine ? "You" : esc(u.name)) + ": </span>" + esc(m.text) + "</li>";
    }).join("") : '<li class="muted">No messages yet. Say hello!</li>';
  }
  document.getElementById("message-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var area = document.getElementById("message-text"), body = area.value.trim();
    document.getElementById("message-error").textContent = body ? "" : "Type a message first.";
    if (!body) return;
    var all = sent();
    (all[u.username] = all[u.username] || []).push({ from: "demo", text: body });
    Social.save(Social.KEYS.messages, all);
    area.value = "";
    render();
  });
  render();
})();
