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
    loadMonaco: () => window.opsDash.monaco ??= ["_content/BlazorMonaco/jsInterop.js",
        "_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js",
        "_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"].reduce((chain, src) => chain.then(() =>
            new Promise((resolve, reject) => {
                const s = document.createElement("script");
                s.src = src; s.async = false;
                s.onload = resolve;
                s.onerror = () => { window.opsDash.monaco = null; reject(new Error("could not load " + src)); };
                document.body.appendChild(s);
            })), Promise.resolve()),
};
