using System.Text.Json;
using Microsoft.Playwright;
using OpsDashboard.Core.Engine;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// Retrieve's <c>max_pages</c>: one step through the page's own pagination. The control is found in
/// the page (in this order): a <c>rel=next</c> link or button; a control that says "Next" (or "›",
/// "»", "Older", "More results", by its text, <c>aria-label</c> or <c>title</c>); in a pagination
/// container, the number after the current page (<c>aria-current</c>, <c>.active</c>, <c>.current</c>);
/// a <c>link rel=next</c> in the head; a "Load more"/"Show more" button (never a menu's "More").
/// Disabled and hidden controls do not count. A link is opened through the navigation gate like any
/// navigation; a button is clicked and the page given time to change. With no control, the page is
/// scrolled to its end once and counts as advanced when it grew (infinite scroll).
/// </summary>
public sealed partial class LocalBrowserEngine
{
    private const string FindNextScript = """
        () => {
          const words = e => (e.innerText || e.value || e.textContent || '').replace(/\s+/g, ' ').trim();
          const named = e => (e.getAttribute('aria-label') || e.getAttribute('title') || '').replace(/\s+/g, ' ').trim();
          const shown = e => { const r = e.getBoundingClientRect(); const st = getComputedStyle(e); return (r.width > 0 || r.height > 0) && st.visibility !== 'hidden' && st.display !== 'none'; };
          const off = e => e.disabled || e.getAttribute('aria-disabled') === 'true' || /(^|\s)(disabled|is-disabled)(\s|$)/i.test(e.className || '')
            || !!(e.parentElement && /(^|\s)disabled(\s|$)/i.test(e.parentElement.className || ''));
          const usable = e => shown(e) && !off(e);
          const href = e => { if (e.tagName !== 'A') return null; const h = e.getAttribute('href'); return !h || h.startsWith('#') || /^javascript:/i.test(h) ? null : e.href; };
          const answer = (kind, e, label) => {
            document.querySelectorAll('[data-ops-next]').forEach(x => x.removeAttribute('data-ops-next'));
            e.setAttribute('data-ops-next', '1');
            return { kind, label: (label || words(e) || named(e)).slice(0, 80), href: href(e) };
          };
          const controls = [...document.querySelectorAll('a, button, [role=button], [role=link], input[type=button], input[type=submit]')].filter(usable);
          const rel = controls.find(e => /(^|\s)next(\s|$)/i.test(e.getAttribute('rel') || ''));
          if (rel) return answer('next', rel);
          const NEXT = /^(next|next page|next results|next ›|next »|next →|next >|older|older posts|older entries|more results|›|»|→|>|>>)$/i;
          const next = controls.find(e => NEXT.test(words(e)) || NEXT.test(named(e)) || /^(go to )?next page$/i.test(named(e)));
          if (next) return answer('next', next);
          const boxes = [...document.querySelectorAll('nav, ul, ol, div')]
            .filter(c => /paginat|pager|page-numbers|paging/i.test((c.className || '') + ' ' + (c.getAttribute('aria-label') || '') + ' ' + (c.id || '')));
          for (const box of boxes) {
            const current = box.querySelector('[aria-current=page], [aria-current=true], .active, .current, .selected, .is-current, [aria-selected=true]');
            const m = current ? (current.textContent || '').match(/\d+/) : null;
            if (!m) continue;
            const want = String(parseInt(m[0], 10) + 1);
            const number = [...box.querySelectorAll('a, button, [role=button], [role=link]')].filter(usable).find(e => words(e) === want || (words(e).match(/\d+/) || [])[0] === want && words(e).length < 12);
            if (number) return answer('page number', number, 'page ' + want);
          }
          const head = document.querySelector('link[rel~=next][href]');
          if (head) return { kind: 'next', label: 'rel=next', href: head.href };
          const MORE = /^((load|show|see|view|get) (\d+ )?more|more (results|items|products|posts|stories|rows|entries))\b/i;
          const more = controls.find(e => !e.hasAttribute('aria-haspopup') && (MORE.test(words(e)) || MORE.test(named(e))));
          if (more) return answer('load more', more);
          return null;
        }
        """;

    private const string ChangedScript = """
        ([before, waitMs, quietMs]) => new Promise(resolve => {
          const sign = () => document.getElementsByTagName('*').length * 1000003 + (document.body ? document.body.innerText.length : 0);
          const start = Date.now();
          let changedAt = sign() !== before ? Date.now() : 0;
          const mo = new MutationObserver(() => { changedAt = Date.now(); });
          mo.observe(document, { subtree: true, childList: true, characterData: true, attributes: false });
          const tick = setInterval(() => {
            const now = Date.now();
            if ((changedAt && now - changedAt >= quietMs) || (!changedAt && now - start >= waitMs) || now - start >= waitMs + 3000) {
              clearInterval(tick); mo.disconnect(); resolve(sign() !== before);
            }
          }, 50);
        })
        """;

    private const string SignScript = "() => document.getElementsByTagName('*').length * 1000003 + (document.body ? document.body.innerText.length : 0)";

    public async Task<PageAdvance?> NextPageAsync(string sessionId, CancellationToken ct)
    {
        var s = Get(sessionId);
        var page = s.Page;
        try
        {
            var found = await page.EvaluateAsync<JsonElement?>(FindNextScript);
            if (found is { ValueKind: JsonValueKind.Object } control)
            {
                var kind = control.GetProperty("kind").GetString() ?? "next";
                var label = control.GetProperty("label").GetString() ?? "";
                var href = control.GetProperty("href").ValueKind == JsonValueKind.String ? control.GetProperty("href").GetString() : null;
                if (href is not null)
                {
                    if (string.Equals(href, page.Url, StringComparison.Ordinal))
                    {
                        return null; // a "Next" that points at this page: the last page
                    }
                    await GotoAsync(s, href, ct);
                    s.Remember();
                    return new PageAdvance(kind, label, page.Url, Clicked: false);
                }
                var before = await page.EvaluateAsync<double>(SignScript);
                var urlBefore = page.Url;
                await page.Locator("[data-ops-next]").First.ClickAsync(new LocatorClickOptions { Timeout = (float)_options.ActionTimeout.TotalMilliseconds });
                bool changed;
                try
                {
                    changed = await page.EvaluateAsync<bool>(ChangedScript, new object[] { before, 3000, 400 });
                }
                catch (PlaywrightException) when (!string.Equals(page.Url, urlBefore, StringComparison.Ordinal))
                {
                    changed = true; // the click opened another document while we watched this one
                }
                if (!string.Equals(page.Url, urlBefore, StringComparison.Ordinal))
                {
                    await PageLoad.WaitForDocumentAsync(page, _options.ActionTimeout);
                    await PageContent.SettleIfFreshAsync(page, ct);
                    changed = true;
                }
                s.Remember();
                return changed ? new PageAdvance(kind, label, page.Url, Clicked: true) : null;
            }
            // No control: an infinite list grows when scrolled to its end.
            var height = await page.EvaluateAsync<double>(SignScript);
            await page.EvaluateAsync(PageContent.ScrollToBottom);
            var grew = await page.EvaluateAsync<bool>(ChangedScript, new object[] { height, 3000, 400 });
            return grew ? new PageAdvance("scroll", "scrolled to the end", page.Url, Clicked: true) : null;
        }
        catch (PlaywrightException ex)
        {
            throw new EngineStepException($"The next page could not be opened: {FirstLine(ex.Message)}", ex);
        }
        catch (TimeoutException ex)
        {
            throw new EngineStepException($"The next page did not load in {_options.ActionTimeout.TotalSeconds:0} s.", ex);
        }
    }
}
