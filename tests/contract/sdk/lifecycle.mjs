// Contract test: drives the OpsDashboard gateway through the OFFICIAL MultiOn Node SDK
// (npm `multion` 1.3.12, pinned in package.json), per /work/shared/docs/api-contract.md.
//
//   cd tests/contract/sdk && npm ci
//   OPSDASH_BASE_URL=http://127.0.0.1:5123/v1/web \
//   OPSDASH_API_KEY=... OPSDASH_OTHER_API_KEY=... \
//   OPSDASH_PAGE_URL=http://127.0.0.1:8081/contract.html \
//   node lifecycle.mjs
//
// Optional: OPSDASH_TIMEOUT_S (per-request timeout handed to the SDK; SDK default is 180 s).
//
// Output: one line per check ("ok - ..." / "not ok - ... # reason"), then "N passed, M failed".
// Exit code 1 if any check failed.
//
// Notes on the SDK that shape the checks below (see the report in README.md):
// - the SDK returns camelCase objects (sessionId, stepCount, ...) built from the snake_case wire JSON;
// - response validation is "skipValidation": a missing/mistyped field only makes the SDK print
//   "Failed to validate." via console.warn. This script captures those warnings and fails the check
//   in which they happened, so that schema drift is caught;
// - there is no NotFoundError class: a 404 is a plain MultiOnError with statusCode 404 and the parsed
//   JSON body in `.body`. UnauthorizedError (401) exists only on `client.browse`; other methods throw
//   a plain MultiOnError with statusCode 401.

import assert from "node:assert/strict";
import { MultiOnClient, MultiOnError, MultiOn } from "multion";

const STATUSES = new Set(["CONTINUE", "DONE", "ASK_USER", "NOT SURE"]);
const SESSION_ID_RE = /^sess_[0-9a-f]{32}$/;

let passed = 0;
let failed = 0;

// --- capture the SDK's own response-validation warnings -------------------------------------
const sdkWarnings = [];
const originalWarn = console.warn;
console.warn = (...args) => {
  sdkWarnings.push(args.map(String).join(" "));
};

function oneLine(s) {
  return String(s).replace(/\s+/g, " ").trim().slice(0, 600);
}

async function check(name, fn) {
  sdkWarnings.length = 0;
  try {
    await fn();
    if (sdkWarnings.length > 0) {
      throw new Error(`the SDK could not validate the response: ${sdkWarnings.join(" | ")}`);
    }
    console.log(`ok - ${name}`);
    passed++;
  } catch (e) {
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    console.log(`not ok - ${name} # ${oneLine(reason)}`);
    failed++;
  }
}

function finish() {
  console.warn = originalWarn;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

// --- environment ----------------------------------------------------------------------------
const BASE_URL = process.env.OPSDASH_BASE_URL;
const API_KEY = process.env.OPSDASH_API_KEY;
const OTHER_API_KEY = process.env.OPSDASH_OTHER_API_KEY;
const PAGE_URL = process.env.OPSDASH_PAGE_URL;
const TIMEOUT_S = process.env.OPSDASH_TIMEOUT_S ? Number(process.env.OPSDASH_TIMEOUT_S) : undefined;

await check("environment: OPSDASH_BASE_URL, OPSDASH_API_KEY, OPSDASH_OTHER_API_KEY, OPSDASH_PAGE_URL are set", () => {
  const missing = ["OPSDASH_BASE_URL", "OPSDASH_API_KEY", "OPSDASH_OTHER_API_KEY", "OPSDASH_PAGE_URL"].filter(
    (k) => !process.env[k],
  );
  assert.deepEqual(missing, [], `missing: ${missing.join(", ")}`);
  assert.notEqual(API_KEY, OTHER_API_KEY, "OPSDASH_OTHER_API_KEY must differ from OPSDASH_API_KEY");
  assert.match(new URL(PAGE_URL).protocol, /^https?:$/);
  assert.match(new URL(BASE_URL).protocol, /^https?:$/);
  if (TIMEOUT_S !== undefined) assert.ok(TIMEOUT_S > 0, "OPSDASH_TIMEOUT_S must be a positive number");
});
if (failed > 0) finish();

const reqOpts = TIMEOUT_S !== undefined ? { timeoutInSeconds: TIMEOUT_S } : undefined;
const client = new MultiOnClient({ apiKey: API_KEY, environment: BASE_URL });
const otherClient = new MultiOnClient({ apiKey: OTHER_API_KEY, environment: BASE_URL });
const badClient = new MultiOnClient({
  apiKey: `bad-key-${Date.now()}-not-configured`,
  environment: BASE_URL,
});

// --- helpers --------------------------------------------------------------------------------
function href(u) {
  return new URL(u).href;
}

function assertHttpUrl(value, what) {
  assert.equal(typeof value, "string", `${what} must be a string, got ${JSON.stringify(value)}`);
  let parsed;
  try {
    parsed = new URL(value);
  } catch {
    assert.fail(`${what} is not an absolute URL: ${JSON.stringify(value)}`);
  }
  assert.match(parsed.protocol, /^https?:$/, `${what} must be http(s): ${value}`);
}

function assertStatus(value, what = "status") {
  assert.equal(typeof value, "string", `${what} must be a string, got ${JSON.stringify(value)}`);
  assert.ok(STATUSES.has(value), `${what} ${JSON.stringify(value)} is not one of ${[...STATUSES].join(", ")}`);
}

function assertMessage(value, what = "message") {
  assert.equal(typeof value, "string", `${what} must be a string, got ${JSON.stringify(value)}`);
  assert.ok(value.trim().length > 0, `${what} must say what was done`);
}

function assertSessionId(value, what = "sessionId") {
  assert.equal(typeof value, "string", `${what} must be a string, got ${JSON.stringify(value)}`);
  assert.match(value, SESSION_ID_RE, `${what} ${JSON.stringify(value)} does not match ${SESSION_ID_RE}`);
}

// A screenshot the caller asked for: a non-empty absolute http(s) URL that answers an image with the
// same API key, or a data:image/... URI with a non-empty payload.
async function assertUsableScreenshot(value, what = "screenshot") {
  assert.equal(typeof value, "string", `${what} must be a string, got ${JSON.stringify(value)}`);
  assert.ok(value.length > 0, `${what} is empty although it was asked for`);
  if (value.startsWith("data:")) {
    const m = /^data:image\/[a-z0-9.+-]+(;[^,]*)?,(.+)$/is.exec(value);
    assert.ok(m, `${what} data URI is not data:image/...: ${value.slice(0, 60)}`);
    const bytes = /;base64/i.test(m[1] ?? "") ? Buffer.from(m[2], "base64") : Buffer.from(decodeURIComponent(m[2]));
    assert.ok(bytes.length > 0, `${what} data URI has an empty payload`);
    return;
  }
  assertHttpUrl(value, what);
  const res = await fetch(value, { headers: { X_MULTION_API_KEY: API_KEY } });
  assert.equal(res.status, 200, `GET ${what} ${value} answered ${res.status}`);
  const type = res.headers.get("content-type") ?? "";
  assert.match(type, /^image\//, `GET ${what} answered content-type ${JSON.stringify(type)}, not image/*`);
  const body = Buffer.from(await res.arrayBuffer());
  assert.ok(body.length > 0, `GET ${what} answered an empty body`);
}

// The SDK error for an HTTP status: MultiOnError (or a subclass) carrying statusCode and the parsed
// JSON body, which per contract is { statusCode, error, message }.
async function expectHttpError(promiseFn, status, ErrorClass = MultiOnError) {
  let err;
  try {
    const value = await promiseFn();
    assert.fail(`expected HTTP ${status}, but the call succeeded with ${oneLine(JSON.stringify(value))}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    err = e;
  }
  assert.ok(
    err instanceof ErrorClass,
    `expected ${ErrorClass.name}, got ${err?.constructor?.name}: ${oneLine(err?.message)}`,
  );
  assert.ok(err instanceof MultiOnError, "error is not a MultiOnError");
  assert.equal(err.statusCode, status, `statusCode ${err.statusCode}, expected ${status}; ${oneLine(err.message)}`);
  const body = err.body;
  assert.ok(body && typeof body === "object" && !Array.isArray(body), `error body is not a JSON object: ${oneLine(JSON.stringify(body))}`);
  assert.equal(body.statusCode, status, `error body statusCode ${JSON.stringify(body.statusCode)}, expected ${status}`);
  assert.equal(typeof body.error, "string", "error body has no string `error`");
  assert.ok(body.error.length > 0, "error body `error` is empty");
  assertMessage(body.message, "error body message");
  return err;
}

function need(value, what) {
  if (!value) throw new Error(`cannot run: ${what} is not available (an earlier check failed)`);
  return value;
}

// --- the lifecycle --------------------------------------------------------------------------
const stepCmd = 'click "Next page"';
let sessionId; // the session driven through the lifecycle
let lastUrl; // the page that session is on, as last reported by the gateway

// 1. create
await check("sessions.create(url, includeScreenshot) answers SessionCreated with a sess_ id, page url and screenshot", async () => {
  const r = await client.sessions.create({ url: PAGE_URL, includeScreenshot: true }, reqOpts);
  assert.ok(r && typeof r === "object", "no response object");
  assertSessionId(r.sessionId);
  sessionId = r.sessionId;
  assertStatus(r.status);
  assertMessage(r.message);
  assertHttpUrl(r.url, "url");
  assert.equal(href(r.url), href(PAGE_URL), "url is not the page the session was created on");
  lastUrl = r.url;
  await assertUsableScreenshot(r.screenshot);
});

// 2. step, not streamed
await check(`sessions.step(${JSON.stringify(stepCmd)}) answers SessionStepSuccess for the same session`, async () => {
  const id = need(sessionId, "session id");
  const r = await client.sessions.step(id, { cmd: stepCmd }, reqOpts);
  assert.equal(r.sessionId, id, "sessionId differs from the session stepped");
  assertStatus(r.status);
  assertMessage(r.message);
  assertHttpUrl(r.url, "url");
  lastUrl = r.url;
  assert.equal(r.screenshot, "", 'screenshot must be "" when include_screenshot was not asked for');
  if (r.metadata !== undefined && r.metadata !== null) {
    assert.equal(typeof r.metadata, "object", "metadata must be an object");
    if (r.metadata.temperature !== undefined && r.metadata.temperature !== null) {
      assert.equal(typeof r.metadata.temperature, "number", "metadata.temperature must be a number");
    }
  }
});

// 3. step, streamed (the SDK's sessions.stepStream sends "stream": true and parses SSE up to [DONE])
await check(`sessions.stepStream(${JSON.stringify(stepCmd)}, url, includeScreenshot) streams events ending in one final_event with a status`, async () => {
  const id = need(sessionId, "session id");
  const stream = await client.sessions.stepStream(
    id,
    { cmd: stepCmd, url: PAGE_URL, includeScreenshot: true },
    reqOpts,
  );
  const events = [];
  for await (const ev of stream) events.push(ev);
  assert.ok(events.length >= 1, "the stream carried no events");
  events.forEach((ev, i) => {
    const where = `event #${i}`;
    assert.ok(ev && typeof ev === "object", `${where} is not an object`);
    assert.ok(ev.type === "event" || ev.type === "final_event", `${where} has type ${JSON.stringify(ev.type)}`);
    assert.equal(ev.sessionId, id, `${where} session_id ${JSON.stringify(ev.sessionId)} differs from ${id}`);
    assert.ok(ev.data && typeof ev.data === "object", `${where} has no data object`);
    assert.ok(ev.data.delta && typeof ev.data.delta === "object", `${where} has no data.delta object`);
    assert.equal(typeof ev.data.delta.content, "string", `${where} data.delta.content is not a string`);
    assertHttpUrl(ev.data.delta.url, `${where} data.delta.url`);
    if (i < events.length - 1) {
      assert.equal(ev.type, "event", `${where} is a final_event but is not the last event`);
    }
  });
  const last = events[events.length - 1];
  assert.equal(last.type, "final_event", `the last event has type ${JSON.stringify(last.type)}, not final_event`);
  assertStatus(last.data.delta.status, "final_event data.delta.status");
  assertMessage(last.data.delta.content, "final_event data.delta.content");
  lastUrl = last.data.delta.url;
  await assertUsableScreenshot(last.screenshot, "final_event screenshot");
});

// 3b. what the SDK hides: the SSE framing itself (content type, one `data:` line per event, [DONE])
await check("raw HTTP: a streamed step answers text/event-stream of single-line data: events terminated by data: [DONE]", async () => {
  const id = need(sessionId, "session id");
  const res = await fetch(new URL(`session/${encodeURIComponent(id)}`, BASE_URL.endsWith("/") ? BASE_URL : `${BASE_URL}/`), {
    method: "POST",
    headers: { "Content-Type": "application/json", X_MULTION_API_KEY: API_KEY },
    body: JSON.stringify({ cmd: stepCmd, url: PAGE_URL, stream: true }),
  });
  assert.equal(res.status, 200, `status ${res.status}`);
  assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/, "content-type is not text/event-stream");
  const text = await res.text();
  const dataLines = text.split(/\r?\n/).filter((l) => l.startsWith("data:"));
  assert.ok(dataLines.length >= 2, `expected at least one event and [DONE], got ${dataLines.length} data lines`);
  assert.equal(dataLines[dataLines.length - 1].slice(5).trim(), "[DONE]", "the last data line is not [DONE]");
  const payloads = dataLines.slice(0, -1).map((l, i) => {
    const raw = l.slice(5).trim();
    assert.ok(!raw.includes("[DONE]"), `event #${i} contains the text [DONE]; the SDK would stop the stream there`);
    try {
      return JSON.parse(raw);
    } catch {
      assert.fail(`data line #${i} is not one complete JSON document: ${raw.slice(0, 80)}`);
    }
  });
  assert.equal(payloads[payloads.length - 1].type, "final_event", "the event before [DONE] is not the final_event");
  assert.equal(payloads[payloads.length - 1].session_id, id, "final_event session_id (snake_case on the wire) differs");
});

// 4. screenshot
await check("sessions.screenshot answers a non-empty, fetchable screenshot", async () => {
  const id = need(sessionId, "session id");
  const r = await client.sessions.screenshot(id, reqOpts);
  await assertUsableScreenshot(r.screenshot);
});

// 5. list
await check("sessions.list answers sessionIds including the live session", async () => {
  const id = need(sessionId, "session id");
  const r = await client.sessions.list(reqOpts);
  assert.ok(Array.isArray(r.sessionIds), `sessionIds is not an array: ${oneLine(JSON.stringify(r))}`);
  for (const s of r.sessionIds) assertSessionId(s, "sessionIds[]");
  assert.ok(r.sessionIds.includes(id), `${id} is not in ${JSON.stringify(r.sessionIds)}`);
});

// 6. browse continuing the same session
const maxSteps = 3;
await check(`browse(sessionId, maxSteps=${maxSteps}) continues the same session and answers BrowseOutput`, async () => {
  const id = need(sessionId, "session id");
  const r = await client.browse(
    { cmd: 'Read the main heading of this page and tell me what it says.', sessionId: id, maxSteps },
    reqOpts,
  );
  assert.equal(r.sessionId, id, "browse with session_id answered another session");
  assertStatus(r.status);
  assertMessage(r.message);
  assertHttpUrl(r.url, "url");
  lastUrl = r.url;
  assert.equal(r.screenshot, "", 'screenshot must be "" when include_screenshot was not asked for');
  assert.ok(r.metadata && typeof r.metadata === "object", "metadata is missing");
  assert.equal(typeof r.metadata.stepCount, "number", "metadata.step_count is not a number");
  assert.ok(Number.isInteger(r.metadata.stepCount), "metadata.step_count is not an integer");
  assert.ok(r.metadata.stepCount >= 1 && r.metadata.stepCount <= maxSteps, `metadata.step_count ${r.metadata.stepCount} not in 1..${maxSteps}`);
  assert.equal(typeof r.metadata.processingTime, "number", "metadata.processing_time is not a number");
  assert.ok(r.metadata.processingTime >= 0, "metadata.processing_time is negative");
  if (r.status === "CONTINUE") {
    assert.equal(r.metadata.stepCount, maxSteps, "browse stopped while the agent still answered CONTINUE before max_steps");
  }
});

// 7. retrieve from the same session
await check('retrieve(sessionId, fields ["title","url"]) reads the session\'s page and answers data objects', async () => {
  const id = need(sessionId, "session id");
  const r = await client.retrieve(
    { cmd: "List the links on this page with their title and url.", sessionId: id, fields: ["title", "url"] },
    reqOpts,
  );
  assert.equal(r.sessionId, id, "retrieve with session_id answered another session");
  assertStatus(r.status);
  assertMessage(r.message);
  assertHttpUrl(r.url, "url");
  if (lastUrl) assert.equal(href(r.url), href(lastUrl), "retrieve did not read the page the session is on");
  if (r.screenshot !== undefined) assert.equal(typeof r.screenshot, "string", "screenshot must be a string");
  assert.ok(Array.isArray(r.data), "data is not an array");
  assert.ok(r.data.length <= 100, `data has ${r.data.length} items, more than the default max_items 100`);
  r.data.forEach((item, i) => {
    assert.ok(item && typeof item === "object" && !Array.isArray(item), `data[${i}] is not an object`);
    for (const f of ["title", "url"]) {
      if (item[f] !== undefined && item[f] !== null) assert.equal(typeof item[f], "string", `data[${i}].${f} is not a string`);
    }
  });
});

// 8. tenant isolation: the other tenant sees nothing of this session
await check("other tenant: sessions.step on this session id throws MultiOnError 404", async () => {
  const id = need(sessionId, "session id");
  await expectHttpError(() => otherClient.sessions.step(id, { cmd: stepCmd }, reqOpts), 404);
});
await check("other tenant: sessions.screenshot on this session id throws MultiOnError 404", async () => {
  const id = need(sessionId, "session id");
  await expectHttpError(() => otherClient.sessions.screenshot(id, reqOpts), 404);
});
await check("other tenant: retrieve with this session id throws MultiOnError 404", async () => {
  const id = need(sessionId, "session id");
  await expectHttpError(() => otherClient.retrieve({ cmd: "Read the page.", sessionId: id }, reqOpts), 404);
});
await check("other tenant: sessions.close on this session id throws MultiOnError 404", async () => {
  const id = need(sessionId, "session id");
  await expectHttpError(() => otherClient.sessions.close(id, reqOpts), 404);
});
await check("other tenant: sessions.list does not include this session", async () => {
  const id = need(sessionId, "session id");
  const r = await otherClient.sessions.list(reqOpts);
  assert.ok(Array.isArray(r.sessionIds), "sessionIds is not an array");
  assert.ok(!r.sessionIds.includes(id), `the other tenant lists ${id}`);
});

// 9. authentication
await check("bad key: browse throws MultiOn.UnauthorizedError (401)", async () => {
  await expectHttpError(() => badClient.browse({ cmd: "Read the page.", url: PAGE_URL }, reqOpts), 401, MultiOn.UnauthorizedError);
});
await check("bad key: sessions.list throws MultiOnError 401", async () => {
  await expectHttpError(() => badClient.sessions.list(reqOpts), 401);
});
await check("bad key: sessions.step on the live session throws MultiOnError 401", async () => {
  const id = need(sessionId, "session id");
  await expectHttpError(() => badClient.sessions.step(id, { cmd: stepCmd }, reqOpts), 401);
});
await check("no key header at all: sessions.list throws MultiOnError 401", async () => {
  const saved = process.env.MULTION_API_KEY;
  delete process.env.MULTION_API_KEY; // the SDK falls back to it when apiKey is empty
  try {
    const noKey = new MultiOnClient({ apiKey: () => undefined, environment: BASE_URL });
    await expectHttpError(() => noKey.sessions.list(reqOpts), 401);
  } finally {
    if (saved !== undefined) process.env.MULTION_API_KEY = saved;
  }
});

// 10. close
await check('sessions.close answers { status: "closed", session_id } and the session leaves the list', async () => {
  const id = need(sessionId, "session id");
  const r = await client.sessions.close(id, reqOpts);
  assert.equal(r.status, "closed");
  assert.equal(r.sessionId, id);
  const l = await client.sessions.list(reqOpts);
  assert.ok(Array.isArray(l.sessionIds), "sessionIds is not an array");
  assert.ok(!l.sessionIds.includes(id), `${id} is still listed after close`);
});

// 11. the closed session is gone
await check("sessions.step on the closed session throws MultiOnError 404", async () => {
  const id = need(sessionId, "session id");
  await expectHttpError(() => client.sessions.step(id, { cmd: stepCmd }, reqOpts), 404);
});
await check("sessions.screenshot on the closed session throws MultiOnError 404", async () => {
  const id = need(sessionId, "session id");
  await expectHttpError(() => client.sessions.screenshot(id, reqOpts), 404);
});

// 12. browse without session_id opens a new session, which is then closed
let newSessionId;
await check("browse(url, maxSteps) without sessionId opens a new session", async () => {
  const r = await client.browse(
    { cmd: 'Click "Next page".', url: PAGE_URL, maxSteps: 2, includeScreenshot: true },
    reqOpts,
  );
  assertSessionId(r.sessionId);
  newSessionId = r.sessionId;
  assert.notEqual(r.sessionId, sessionId, "browse without session_id reused the earlier session");
  assertStatus(r.status);
  assertMessage(r.message);
  assertHttpUrl(r.url, "url");
  await assertUsableScreenshot(r.screenshot);
  assert.ok(r.metadata && typeof r.metadata === "object", "metadata is missing");
  assert.ok(Number.isInteger(r.metadata.stepCount), "metadata.step_count is not an integer");
  assert.ok(r.metadata.stepCount >= 1 && r.metadata.stepCount <= 2, `metadata.step_count ${r.metadata.stepCount} not in 1..2`);
  const l = await client.sessions.list(reqOpts);
  assert.ok(l.sessionIds.includes(r.sessionId), "the new session is not listed");
});
await check("sessions.close closes the session opened by browse", async () => {
  const id = need(newSessionId, "new session id");
  const r = await client.sessions.close(id, reqOpts);
  assert.equal(r.status, "closed");
  assert.equal(r.sessionId, id);
  await expectHttpError(() => client.sessions.screenshot(id, reqOpts), 404);
});

finish();
