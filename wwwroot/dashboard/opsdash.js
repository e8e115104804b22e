// The dashboard's small browser helpers, called through JS interop (a file, not an inline script,
// so the Content-Security-Policy can say script-src 'self').
window.opsDash = {
    getTheme: () => localStorage.getItem("opsdash.theme"),
    setTheme: (v) => localStorage.setItem("opsdash.theme", v),
    copy: async (text) => {
        if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
        const t = document.createElement("textarea");
        t.value = text; t.style.position = "fixed"; t.style.opacity = "0";
        document.body.appendChild(t); t.select();
        const ok = document.execCommand("copy"); t.remove(); return ok;
    },
    // Monaco (about 750 KiB) is loaded by the one page that edits a schema, once per page load.
    // editor.main.js only defines Monaco's modules: the global `monaco` appears once the loader has
    // also fetched their CSS and messages, after the script's load event. So the promise settles when
    // the AMD loader hands over vs/editor/editor.main, not on the load event (on a busy machine the
    // editor was created before `monaco` existed, and its circuit ended on the error).
    loadMonaco: () => window.opsDash.monaco ??= ["_content/BlazorMonaco/jsInterop.js",
        "_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js",
        "_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"].reduce((chain, src) => chain.then(() =>
            new Promise((resolve, reject) => {
                const s = document.createElement("script");
                s.src = src; s.async = false;
                s.onload = resolve;
                s.onerror = () => reject(new Error("could not load " + src));
                document.body.appendChild(s);
            })), Promise.resolve())
        .then(() => new Promise((resolve, reject) =>
            window.require(["vs/editor/editor.main"], () => resolve(), (e) => reject(new Error("Monaco did not start: " + (e && e.message || e))))))
        .then(() => window.opsDash.quietMonacoLookups())
        .catch((e) => { window.opsDash.monaco = null; throw e; }),
    // BlazorMonaco asks "is there an old editor with this id?" before it creates one, and logs a
    // "Couldn't find the editor" warning each time the answer is no (always, for a fresh editor).
    // That lookup is a question, not a failure: answer it without the warning. Lookups that must
    // find an editor still throw.
    quietMonacoLookups: () => {
        const ed = window.blazorMonaco && window.blazorMonaco.editor;
        if (!ed || ed._opsQuiet) return;
        const find = ed.getEditorHolder;
        ed.getEditorHolder = function (id, unobstrusive = false) {
            if (unobstrusive && !window.blazorMonaco.editors.some(e => e.id === id)) return null;
            return find.call(this, id, unobstrusive);
        };
        ed._opsQuiet = true;
    },
    // Monaco keeps Tab for indenting. Esc then Tab (Shift+Tab) moves the focus to the next (previous)
    // control outside the editor, as Monaco's own accessibility help describes; any other key disarms.
    releaseTab: (id) => {
        const host = document.getElementById(id);
        if (!host || host._opsTabRelease) return;
        host._opsTabRelease = true;
        let armed = false;
        const focusable = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
        host.addEventListener("keydown", (e) => {
            if (e.key === "Escape") { armed = true; return; }
            if (e.key === "Tab" && armed) {
                armed = false;
                e.preventDefault(); e.stopPropagation();
                const outside = [...document.querySelectorAll(focusable)].filter(el => !host.contains(el) && el.getClientRects().length > 0);
                const target = e.shiftKey
                    ? outside.filter(el => host.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).pop()
                    : outside.find(el => host.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
                if (target) target.focus(); else document.activeElement?.blur();
                return;
            }
            if (!["Shift", "Control", "Alt", "Meta"].includes(e.key)) armed = false;
        }, true);
    },
};

// The live view (Components/Controls/LiveView): frames drawn on a canvas, and — only while this tab
// holds control — pointer and keys sent to the server in order. Positions are fractions of the frame.
window.opsDash.live = {
    attach: (canvas, ref) => {
        const st = { ref, controlled: false, leaveArmed: false, lastMove: 0 };
        canvas._opsLive = st;
        const at = (e) => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height]; };
        const mods = (e) => (e.altKey ? 1 : 0) | (e.ctrlKey ? 2 : 0) | (e.metaKey ? 4 : 0) | (e.shiftKey ? 8 : 0);
        const pointer = (kind, e, dx, dy) => {
            const [x, y] = at(e);
            st.ref.invokeMethodAsync("Pointer", kind, x, y, e.button ?? 0, mods(e), e.detail || 1, dx || 0, dy || 0);
        };
        canvas.addEventListener("mousedown", (e) => { if (!st.controlled) return; e.preventDefault(); canvas.focus(); pointer("down", e); });
        canvas.addEventListener("mouseup", (e) => { if (!st.controlled) return; e.preventDefault(); pointer("up", e); });
        canvas.addEventListener("mousemove", (e) => {
            if (!st.controlled) return;
            const now = performance.now();
            if (now - st.lastMove < 50) return;
            st.lastMove = now; pointer("move", e);
        });
        canvas.addEventListener("wheel", (e) => { if (!st.controlled) return; e.preventDefault(); pointer("wheel", e, e.deltaX, e.deltaY); }, { passive: false });
        canvas.addEventListener("contextmenu", (e) => { if (st.controlled) e.preventDefault(); });
        const key = (kind) => (e) => {
            if (!st.controlled) return;
            // Esc then Tab leaves the view (as Monaco does); every other key goes to the page.
            if (e.key === "Tab" && st.leaveArmed) { if (kind === "up") st.leaveArmed = false; return; }
            if (kind === "down") st.leaveArmed = e.key === "Escape";
            e.preventDefault();
            st.ref.invokeMethodAsync("Key", kind, e.key, e.code, e.keyCode || 0, mods(e));
        };
        canvas.addEventListener("keydown", key("down"));
        canvas.addEventListener("keyup", key("up"));
    },
    setControl: (canvas, on) => { if (canvas._opsLive) { canvas._opsLive.controlled = on; if (on) canvas.focus(); } },
    draw: async (canvas, bytes, seq) => {
        const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/jpeg" }));
        if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) { canvas.width = bitmap.width; canvas.height = bitmap.height; }
        canvas.getContext("2d").drawImage(bitmap, 0, 0);
        bitmap.close();
        canvas.dataset.frames = String((Number(canvas.dataset.frames) || 0) + 1);
        canvas.dataset.seq = String(seq);
    },
};
