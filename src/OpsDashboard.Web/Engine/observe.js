() => {
  const W = window;
  if (!W.__opsNext) W.__opsNext = 1;
  const clean = s => (s || '').replace(/\s+/g, ' ').trim();
  const cut = (s, n) => { s = clean(s); return s.length > n ? s.slice(0, n) : s; };
  const vh = window.innerHeight, vw = window.innerWidth;
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) {
      // Custom checkboxes hide the input but keep a visible label.
      if (el.tagName === 'INPUT' && el.labels && el.labels.length && visible(el.labels[0])) return true;
      return false;
    }
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    return true;
  };
  // Open shadow roots (design-system web components) are part of the page: walked into, and crossed on the way up.
  const parentOf = n => n.parentElement || (n.getRootNode && n.getRootNode() instanceof ShadowRoot ? n.getRootNode().host : null);
  const closestDeep = (el, sel) => {
    for (let n = el; n; ) {
      const c = n.closest(sel);
      if (c) return c;
      const root = n.getRootNode();
      n = root instanceof ShadowRoot ? root.host : null;
    }
    return null;
  };
  const landmarkOf = el => {
    let found = null;
    for (let a = el; a && a !== document.body; a = parentOf(a)) {
      const t = a.tagName.toLowerCase(), r = (a.getAttribute('role') || '').toLowerCase();
      if (t === 'dialog' || r === 'dialog' || r === 'alertdialog') return 'dialog';
      if (found) continue;
      if (t === 'nav' || r === 'navigation') found = 'nav';
      else if (t === 'main' || r === 'main') found = 'main';
      else if (t === 'aside' || r === 'complementary') found = 'aside';
      else if ((t === 'footer' || r === 'contentinfo') && !a.closest('article,section')) found = 'footer';
      else if ((t === 'header' || r === 'banner') && !a.closest('article,section,main')) found = 'header';
    }
    return found || 'body';
  };
  const roleOf = el => {
    const r = el.getAttribute('role');
    if (r) return r.split(' ')[0].toLowerCase();
    const t = el.tagName.toLowerCase();
    if (t === 'a') return el.hasAttribute('href') ? 'link' : null;
    if (t === 'button' || t === 'summary') return 'button';
    if (t === 'select') return el.multiple ? 'listbox' : 'combobox';
    if (t === 'textarea') return 'textbox';
    if (t === 'input') {
      const ty = (el.getAttribute('type') || 'text').toLowerCase();
      if (['button', 'submit', 'reset', 'image'].includes(ty)) return 'button';
      if (ty === 'checkbox') return 'checkbox';
      if (ty === 'radio') return 'radio';
      if (ty === 'search') return 'searchbox';
      if (ty === 'number') return 'spinbutton';
      if (ty === 'range') return 'slider';
      if (ty === 'hidden' || ty === 'file') return null;
      return 'textbox';
    }
    if (/^h[1-6]$/.test(t)) return 'heading';
    if (el.isContentEditable) return 'textbox';
    if (el.hasAttribute('onclick')) return 'button';
    return null;
  };
  const labelOf = el => {
    const by = el.getAttribute('aria-labelledby');
    if (by) { const t = by.split(/\s+/).map(id => document.getElementById(id)).filter(Boolean).map(n => n.innerText).join(' '); if (clean(t)) return cut(t, 120); }
    if (el.labels && el.labels.length) return cut(Array.from(el.labels).map(l => l.innerText).join(' '), 120);
    const wrap = el.closest('label');
    if (wrap) return cut(wrap.innerText, 120);
    return null;
  };
  const nameOf = (el, role, label) => {
    const aria = el.getAttribute('aria-label');
    if (aria && clean(aria)) return cut(aria, 160);
    if (label) return label;
    const t = el.tagName.toLowerCase();
    if (t === 'input' || t === 'textarea' || t === 'select') {
      if (['button', 'submit', 'reset'].includes((el.type || '').toLowerCase())) return cut(el.value, 160);
      return cut(el.getAttribute('placeholder') || el.getAttribute('title') || el.getAttribute('name') || '', 160);
    }
    let text = cut(el.innerText || el.textContent, 160);
    if (!text) {
      const img = el.querySelector('img[alt]');
      if (img) text = cut(img.alt, 160);
    }
    return text || cut(el.getAttribute('title') || '', 160);
  };
  const sig = el => el.tagName + '|' + Array.from(el.classList).map(c => c.replace(/\d+/g, '')).sort().join('.');
  const listIds = new Map(); let nextList = 1;
  const itemInfo = new Map();
  const itemOf = el => {
    // Rows, list items and articles are the repeated things people mean ("the row of John Smith").
    const explicit = el.closest('tr, li, article, [role=row], [role=listitem], [role=article]');
    if (explicit && explicit !== document.body && explicit.parentElement) return explicit;
    let a = el;
    for (let depth = 0; a && a.parentElement && a !== document.body && depth < 8; depth++, a = a.parentElement) {
      const p = a.parentElement;
      if (['BODY', 'HTML', 'MAIN', 'FORM', 'NAV'].includes(a.tagName)) return null;
      if (a.tagName === 'TR' || a.tagName === 'LI' || a.tagName === 'ARTICLE') return a;
      const s = sig(a);
      let same = 0;
      for (const c of p.children) if (sig(c) === s) same++;
      if (same >= 2 && a.children.length > 0 && (a.tagName !== 'P' && a.tagName !== 'SPAN' && a.tagName !== 'LABEL' && a.tagName !== 'OPTION')) return a;
    }
    return null;
  };
  const registerItem = a => {
    // A card alone in its list item: the list item is the repeated thing.
    while (a.parentElement && a.parentElement.children.length === 1 && !['MAIN', 'BODY', 'NAV', 'SECTION', 'FORM', 'ASIDE'].includes(a.parentElement.tagName)) a = a.parentElement;
    if (itemInfo.has(a)) return itemInfo.get(a);
    const p = a.parentElement;
    if (!listIds.has(p)) listIds.set(p, nextList++);
    if (!a.dataset.opsItem) a.dataset.opsItem = String(W.__opsNext++);
    const s = sig(a);
    let index = 0;
    for (const c of p.children) { if (c === a) break; if (sig(c) === s) index++; }
    const text = cut(a.innerText, 300);
    const cls = (a.className && a.className.baseVal === undefined ? a.className : '') + ' ' + (a.getAttribute('data-sponsored') || '');
    const sponsored = /sponsor|promot|\bad\b|advert/i.test(cls) || a.getAttribute('data-sponsored') === 'true' || /^(sponsored|ad|promoted)\b/i.test(text);
    const info = { id: +a.dataset.opsItem, listId: listIds.get(p), index, text, sponsored, landmark: landmarkOf(a) };
    itemInfo.set(a, info);
    return info;
  };
  const sectionOf = el => {
    const s = closestDeep(el, 'section,article,form,fieldset,aside,[role=region],dialog,[role=dialog]');
    if (!s) return null;
    const aria = s.getAttribute('aria-label');
    if (aria) return cut(aria, 100);
    const h = s.querySelector('h1,h2,h3,h4,legend');
    return h ? cut(h.innerText, 100) : null;
  };
  const contextOf = el => {
    // A control outside any repeated item still sits in a line that says what it is for ("Victor Hugo Silva @victor
    // Follow Message" when a search left one person): the nearest ancestor with more text than the control's own.
    const own = (el.innerText || el.value || '').length;
    let a = el.parentElement;
    for (let depth = 0; a && depth < 4 && !['BODY', 'HTML', 'MAIN', 'FORM', 'NAV', 'ASIDE', 'SECTION'].includes(a.tagName); depth++, a = a.parentElement) {
      const t = (a.innerText || '').trim();
      if (t.length > own + 2) return t.length <= 300 ? cut(t, 300) : null;
    }
    return null;
  };
  const forms = new Map(); let nextForm = 1;
  const formOf = el => {
    const f = el.form || el.closest('form,[role=form]');
    if (!f) return null;
    if (!forms.has(f)) forms.set(f, 'f' + nextForm++);
    return forms.get(f);
  };
  // On screen, but the hit test at its centre lands on a dialog or overlay it is not part of (a cookie banner over it).
  const coveredAt = (el, r) => {
    if (!(r.width > 0 && r.height > 0)) return false;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= vw || y >= vh) return false;
    const root = el.getRootNode();
    const hit = (typeof root.elementFromPoint === 'function' ? root : document).elementFromPoint(x, y);
    if (!hit || hit === el || el.contains(hit) || hit.contains(el)) return false;
    const over = closestDeep(hit, 'dialog,[role=dialog],[role=alertdialog],[aria-modal=true]');
    return !!over && !over.contains(el);
  };
  const selector = 'a[href],button,input,select,textarea,summary,[role=button],[role=link],[role=tab],[role=menuitem],[role=checkbox],[role=radio],[role=switch],[role=option],[role=textbox],[role=searchbox],[role=combobox],[contenteditable=true],[onclick],h1,h2,h3';
  const elements = [];
  const nodes = [];
  // What the page says back ("Please fill in: Your name.", "Added to bag", "Something went wrong"): alerts, live
  // regions and small message elements named so, in open shadow roots too; the agent reads the new ones after acting.
  const alertSelector = '[role=alert],[role=status],[aria-live],output,[class*=err],[class*=invalid],[class*=warn],[class*=msg],[class*=message],[class*=notice],[class*=toast],[class*=feedback],[class*=flash],[id*=err],[id*=msg]';
  const alertNodes = [];
  const collect = root => {
    for (const el of root.querySelectorAll(selector)) nodes.push(el);
    for (const el of root.querySelectorAll(alertSelector)) if (alertNodes.length < 200) alertNodes.push(el);
    for (const host of root.querySelectorAll('*')) if (host.shadowRoot) collect(host.shadowRoot);
  };
  collect(document);
  for (const el of nodes) {
    if (elements.length >= 1500) break;
    const role = roleOf(el);
    if (!role) continue;
    const vis = visible(el);
    if (!vis && role === 'heading') continue;
    if (!el.dataset.opsId) el.dataset.opsId = String(W.__opsNext++);
    const label = labelOf(el);
    const name = nameOf(el, role, label);
    const r = el.getBoundingClientRect();
    const item = itemOf(el);
    const info = item ? registerItem(item) : null;
    elements.push({
      id: +el.dataset.opsId, tag: el.tagName.toLowerCase(), role, name, text: cut(el.innerText || '', 200), label,
      placeholder: el.getAttribute('placeholder'), value: el.tagName === 'SELECT' ? (el.selectedOptions && el.selectedOptions[0] ? clean(el.selectedOptions[0].text) : '') : ('value' in el && typeof el.value === 'string' && el.type !== 'password') ? cut(el.value, 200) : null,
      href: el.tagName === 'A' ? el.href : null, inputType: el.tagName === 'INPUT' ? (el.getAttribute('type') || 'text').toLowerCase() : null,
      visible: vis, enabled: !el.disabled && el.getAttribute('aria-disabled') !== 'true',
      inViewport: r.bottom > 0 && r.top < vh && r.right > 0 && r.left < vw, covered: vis && coveredAt(el, r),
      landmark: landmarkOf(el), section: sectionOf(el), itemId: info ? info.id : null, itemText: info ? info.text : null,
      sponsored: info ? info.sponsored : false, checked: ('checked' in el && (el.type === 'checkbox' || el.type === 'radio')) ? el.checked : (el.getAttribute('aria-checked') === 'true' ? true : el.getAttribute('aria-checked') === 'false' ? false : null),
      options: el.tagName === 'SELECT' ? Array.from(el.options).map(o => clean(o.text)) : [], y: r.top + window.scrollY,
      required: !!(el.required || el.getAttribute('aria-required') === 'true'), form: formOf(el),
      context: info ? null : contextOf(el),
    });
  }
  let dialog = null;
  for (const d of document.querySelectorAll('dialog[open],[role=dialog],[role=alertdialog]')) {
    if (!visible(d)) continue;
    const h = d.querySelector('h1,h2,h3');
    dialog = clean(d.getAttribute('aria-label') || (h && h.innerText) || 'dialog');
    break;
  }
  const alerts = [];
  for (const el of alertNodes) {
    if (alerts.length >= 20) break;
    const raw = el.innerText || '';
    const t = clean(raw);
    if (t && t.length <= 300 && !alerts.includes(t) && visible(el)) alerts.push(t);
  }
  for (const el of nodes) {
    // A field the page marked invalid says why in the text it points to, or by being marked.
    if (alerts.length >= 20 || el.getAttribute('aria-invalid') !== 'true' || !visible(el)) continue;
    const by = (el.getAttribute('aria-errormessage') || el.getAttribute('aria-describedby') || '').split(/\s+/)
      .map(id => (el.getRootNode().getElementById ? el.getRootNode() : document).getElementById(id)).filter(Boolean).map(n => clean(n.innerText)).join(' ');
    const t = by || ((labelOf(el) || el.getAttribute('name') || 'a field') + ' is invalid');
    if (!alerts.includes(t)) alerts.push(cut(t, 300));
  }
  const headings = Array.from(document.querySelectorAll('h1,h2')).filter(visible).slice(0, 10).map(h => cut(h.innerText, 120));
  const password = Array.from(document.querySelectorAll('input[type=password]')).some(visible);
  return {
    url: location.href, title: document.title, headings, elements, items: Array.from(itemInfo.values()),
    dialog, password, text: cut(document.body ? document.body.innerText : '', 4000), alerts,
  };
}
