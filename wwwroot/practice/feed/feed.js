// Murmur: a social feed in the style of a modern microblog (infinite feed, sort tabs, per-post
// "⋯" menus, people search with a direct-message dialog). Events go to EvalLog (site "feed").
(function () {
  var PEOPLE = [['Nora Quinn', 'noraq'], ['Omar Haddad', 'omarh'], ['Lena Vogel', 'lenav'], ['Raj Patel', 'rajp'], ['Chloe Martin', 'chloem'], ['Kenji Mori', 'kenjim'],
    ['Ines Costa', 'inesc'], ['Tom Becker', 'tomb'], ['Maya Levi', 'mayal'], ['Sam Rivera', 'samr'], ['Ada Nwosu', 'adan'], ['Victor Hugo Silva', 'victors']];
  var TOPICS = ['shipped a new release of our CLI', 'finally fixed the flaky login test', 'is reading about vector databases', 'thinks tabs beat spaces', 'made sourdough again',
    'is hiring a frontend engineer', 'wrote up our incident review', 'is at the conference this week', 'learned a new keyboard shortcut', 'migrated the cluster to the new region'];
  var posts = [];
  for (var i = 1; i <= 60; i++) { var p = PEOPLE[(i * 7) % PEOPLE.length]; posts.push({ id: 'm' + i, author: p[0], handle: p[1], text: p[0].split(' ')[0] + ' ' + TOPICS[i % TOPICS.length] + ' (#' + i + ')', ago: (61 - i) * 7, votes: (i * 37) % 50 }); }
  var mine = [], drafts = [], sort = 'newest', shown = 10, voted = {}, following = {};
  // Evaluation set-up: /practice/feed/#oldest or #top opens the feed sorted that way (not logged).
  if (location.hash === '#oldest' || location.hash === '#top') {
    sort = location.hash.slice(1);
    document.querySelectorAll('.tw-tabs [role=tab]').forEach(function (x) { x.setAttribute('aria-selected', String(x.dataset.s === sort)); x.tabIndex = x.dataset.s === sort ? 0 : -1; });
  }
  var feed = document.getElementById('feed'), layer = document.getElementById('layer');
  function log(t, d) { EvalLog.record('feed', t, d); }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function ordered() {
    var all = mine.concat(posts);
    if (sort === 'newest') { return all.slice().sort(function (a, b) { return a.ago - b.ago; }); }
    if (sort === 'oldest') { return all.slice().sort(function (a, b) { return b.ago - a.ago; }); }
    return all.slice().sort(function (a, b) { return (b.votes + (voted[b.id] ? 1 : 0)) - (a.votes + (voted[a.id] ? 1 : 0)) || a.ago - b.ago; });
  }
  function ago(m) { return m < 60 ? m + 'm' : Math.floor(m / 60) + 'h'; }
  function render() {
    var h = '';
    ordered().slice(0, shown).forEach(function (p, idx) {
      h += '<article class="tw-pst" aria-posinset="' + (idx + 1) + '" data-id="' + p.id + '"><div><span class="tw-au">' + esc(p.author) + '</span> <span class="tw-hd">@' + p.handle + ' · ' + ago(p.ago) + '</span></div><div>' + esc(p.text) + '</div>' +
        '<div class="tw-act"><button type="button" data-reply="' + p.id + '" aria-label="Reply">&#128172; Reply</button><button type="button" data-up="' + p.id + '" aria-label="Upvote" aria-pressed="' + !!voted[p.id] + '">&#9650; ' + (p.votes + (voted[p.id] ? 1 : 0)) + '</button>' +
        '<button type="button" data-more="' + p.id + '" aria-label="More" aria-haspopup="menu">&#8943;</button></div></article>';
    });
    feed.innerHTML = h;
    document.getElementById('sentinel').hidden = shown >= mine.length + posts.length;
    feed.querySelectorAll('[data-up]').forEach(function (b) { b.addEventListener('click', function () { var id = b.dataset.up, p = find(id); voted[id] = !voted[id]; log(voted[id] ? 'upvote' : 'upvote_undo', { post: id, author: p.author }); render(); }); });
    feed.querySelectorAll('[data-reply]').forEach(function (b) { b.addEventListener('click', function () { replyTo(find(b.dataset.reply)); }); });
    feed.querySelectorAll('[data-more]').forEach(function (b) { b.addEventListener('click', function (e) { e.stopPropagation(); menu(b, find(b.dataset.more)); }); });
  }
  function find(id) { return mine.concat(posts).filter(function (p) { return p.id === id; })[0]; }
  function closeMenu() { var m = document.querySelector('.tw-mn'); if (m) { m.remove(); } }
  document.addEventListener('click', closeMenu);
  function menu(btn, p) {
    closeMenu(); var m = document.createElement('div'); m.className = 'tw-mn'; m.setAttribute('role', 'menu');
    var items = [['Bookmark', function () { log('bookmark', { post: p.id, author: p.author }); }], ['Copy link', function () { log('copy_link', { post: p.id }); }], ['Report post', function () { log('report', { post: p.id, author: p.author }); }]];
    if (p.handle === 'demo') { items.push(['Delete post', function () { if (window.confirm('Delete this post?')) { mine.splice(mine.indexOf(p), 1); log('post_delete', { post: p.id }); render(); } }]); }
    items.forEach(function (it) { var mi = document.createElement('div'); mi.setAttribute('role', 'menuitem'); mi.tabIndex = -1; mi.textContent = it[0]; mi.addEventListener('click', function (e) { e.stopPropagation(); closeMenu(); it[1](); }); m.appendChild(mi); });
    btn.closest('article').appendChild(m);
  }
  function dialog(title, placeholder, action, done) {
    layer.innerHTML = '<div class="tw-bk"><div class="tw-dl" role="dialog" aria-modal="true" aria-labelledby="dl-t"><h2 id="dl-t">' + esc(title) + '</h2><textarea id="dl-x" rows="4" aria-label="' + esc(placeholder) + '" placeholder="' + esc(placeholder) + '"></textarea><div style="display:flex;justify-content:flex-end;gap:8px;margin-top:10px"><button type="button" class="tw-gb" id="dl-c">Cancel</button><button type="button" class="tw-pb" id="dl-s">' + esc(action) + '</button></div></div></div>';
    document.getElementById('dl-x').focus();
    document.getElementById('dl-x').addEventListener('input', function () { EvalLog.field('feed', 'dialog', this.value); });
    document.getElementById('dl-c').addEventListener('click', function () { log('dialog_dismiss', { dialog: title }); layer.innerHTML = ''; });
    document.getElementById('dl-s').addEventListener('click', function () { var t = document.getElementById('dl-x').value.trim(); if (!t) { return; } layer.innerHTML = ''; done(t); });
  }
  function replyTo(p) { dialog('Reply to ' + p.author, 'Post your reply', 'Reply', function (t) { log('reply', { post: p.id, author: p.author, text: t }); }); }
  function publish(text, via) { var id = 'mine' + (mine.length + 1); mine.unshift({ id: id, author: 'Demo User', handle: 'demo', text: text, ago: 0, votes: 0 }); posts.forEach(function (p) { p.ago += 1; }); mine.forEach(function (p) { if (p.id !== id) { p.ago += 1; } }); log('post_publish', { post: id, text: text, via: via }); render(); }
  var compose = document.getElementById('compose'), postBtn = document.getElementById('post-btn');
  compose.addEventListener('input', function () { postBtn.disabled = !compose.value.trim(); EvalLog.field('feed', 'compose', compose.value); });
  postBtn.addEventListener('click', function () { var t = compose.value.trim(); if (!t) { return; } compose.value = ''; postBtn.disabled = true; EvalLog.field('feed', 'compose', ''); publish(t, 'composer'); });
  document.getElementById('draft-btn').addEventListener('click', function () { var t = compose.value.trim(); if (!t) { return; } drafts.push(t); compose.value = ''; postBtn.disabled = true; EvalLog.field('feed', 'compose', ''); log('draft_save', { text: t }); renderDrafts(); });
  function renderDrafts() {
    var d = document.getElementById('drafts'); d.innerHTML = drafts.length ? '<h3>Drafts (' + drafts.length + ')</h3>' : '';
    drafts.forEach(function (t, i) { var row = document.createElement('div'); row.className = 'tw-ppl'; row.innerHTML = '<span>' + esc(t) + '</span><button type="button" class="tw-pb">Post draft</button><button type="button" class="tw-gb">Discard</button>';
      row.children[1].addEventListener('click', function () { drafts.splice(i, 1); renderDrafts(); publish(t, 'draft'); });
      row.children[2].addEventListener('click', function () { drafts.splice(i, 1); log('draft_discard', { text: t }); renderDrafts(); }); d.appendChild(row); });
  }
  document.querySelectorAll('.tw-tabs [role=tab]').forEach(function (t) { t.addEventListener('click', function () {
    sort = t.dataset.s; shown = 10; document.querySelectorAll('.tw-tabs [role=tab]').forEach(function (x) { x.setAttribute('aria-selected', String(x === t)); x.tabIndex = x === t ? 0 : -1; }); log('sort', { value: sort }); render(); }); });
  new IntersectionObserver(function (entries) { if (entries[0].isIntersecting && shown < mine.length + posts.length) { feed.setAttribute('aria-busy', 'true'); setTimeout(function () { shown += 10; log('load_more', { shown: Math.min(shown, mine.length + posts.length) }); feed.setAttribute('aria-busy', 'false'); render(); }, 250); } }).observe(document.getElementById('sentinel'));
  var pq = document.getElementById('pq'), ppl = document.getElementById('ppl');
  function people() {
    var q = pq.value.trim().toLowerCase(), h = '';
    PEOPLE.filter(function (p) { return !q || (p[0] + ' ' + p[1]).toLowerCase().indexOf(q) >= 0; }).slice(0, q ? 12 : 4).forEach(function (p) {
      h += '<div class="tw-ppl" data-h="' + p[1] + '"><span><strong>' + esc(p[0]) + '</strong> <span class="tw-hd">@' + p[1] + '</span></span><button type="button" class="tw-gb" data-f="' + p[1] + '">' + (following[p[1]] ? 'Following' : 'Follow') + '</button><button type="button" class="tw-gb" data-m="' + p[1] + '" aria-label="Message ' + esc(p[0]) + '">Message</button></div>';
    });
    ppl.innerHTML = h || '<p>No people match.</p>';
    ppl.querySelectorAll('[data-f]').forEach(function (b) { b.addEventListener('click', function () { var hd = b.dataset.f, p = PEOPLE.filter(function (x) { return x[1] === hd; })[0]; following[hd] = !following[hd]; log(following[hd] ? 'follow' : 'unfollow', { user: p[0] }); people(); }); });
    ppl.querySelectorAll('[data-m]').forEach(function (b) { b.addEventListener('click', function () { var p = PEOPLE.filter(function (x) { return x[1] === b.dataset.m; })[0];
      dialog('Message ' + p[0], 'Start a new message', 'Send', function (t) { log('message_send', { to: p[0], text: t }); var n = document.createElement('p'); n.className = 'tw-sent'; n.setAttribute('role', 'status'); n.textContent = 'Message sent to ' + p[0] + '.'; ppl.prepend(n); }); }); });
  }
  pq.addEventListener('input', people);
  pq.addEventListener('keydown', function (e) { if (e.key === 'Enter') { log('people_search', { q: pq.value.trim() }); } });
  pq.addEventListener('change', function () { log('people_search', { q: pq.value.trim() }); });
  render(); people();
})();
