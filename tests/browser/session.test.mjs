// The session in a real browser: signing out from every page (the meeting page among them)
// without errors, and one session shared by the tabs of a browser (sign-in once, a refresh at
// once in two tabs without tripping refresh-token reuse detection, sign-out in one ends all).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { ADMIN, ANALYST, BASE, CONVENER, REP, api, launch, newPage, signIn, tokenOf } from "./lib.mjs";

const KEY = "yanpan.session";
let browser;
const suffix = Date.now().toString(36);
let meetingId;

before(async () => {
  browser = await launch();
  // A meeting to open (through the API to save time).
  const token = await tokenOf(ANALYST);
  const units = await api("/units?q=street-qingbo", { token });
  const qingbo = units.body.items.find((u) => u.code === "street-qingbo");
  assert.ok(qingbo, "the seed has 清波街道");
  const starts = new Date(Date.now() + 12 * 86400e3);
  const r = await api("/meetings", {
    method: "POST",
    token,
    body: {
      kind: "level1_supervision",
      title: `会话测试会议-${suffix}`,
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 7200e3).toISOString(),
      place: "区委第二会议室",
      chair: "区委副书记",
      invited_unit_ids: [qingbo.id],
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  meetingId = r.body.meeting.id;
});

after(async () => {
  await browser?.close();
});

/** Fails on uncaught errors in the page (console errors from expected 4xx answers excluded). */
function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

/** The stored session of the page's browser. */
function stored(page) {
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
}

/** Clicks 退出登录 and waits for the sign-in page with its notice. */
async function signOut(page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.waitForURL((u) => new URL(u).pathname === "/login");
  await page.getByRole("status").filter({ hasText: "您已退出登录" }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get("notice"), "signed_out");
  // Give a late panic (a resource of the page left behind) the time to show.
  await page.waitForTimeout(300);
}

describe("sign-out", () => {
  for (const [who, user] of [["a convener", CONVENER], ["a unit_rep", REP]]) {
    test(`${who} signs out from a meeting page: sign-in with its notice, no errors`, async () => {
      const page = await newPage(browser);
      for (let i = 0; i < 3; i++) {
        await signIn(page, user);
        await page.goto(`${BASE}/meetings/${meetingId}`);
        await page.getByTestId("meeting-title").filter({ hasText: `会话测试会议-${suffix}` }).waitFor();
        await page.getByTestId("readiness").waitFor();
        await signOut(page);
        assertNoPageErrors(page);
      }
      await page.context().close();
    });
  }

  test("sign-out from every main page: sign-in with its notice, no errors", async () => {
    const pages = [
      [ADMIN, "/", "greeting"],
      [ADMIN, "/meetings", "meetings-page"],
      [ADMIN, "/escalations", null],
      [ADMIN, "/me", null],
      [ADMIN, "/admin/units", "units-table"],
      [ADMIN, "/admin/users", "users-table"],
      [ADMIN, "/admin/service-accounts", "service-accounts-page"],
      [ADMIN, "/admin/audit", "audit-table"],
      [REP, "/my-unit", "my-unit-page"],
      [CONVENER, "/meetings/new", "meeting-form"],
    ];
    const page = await newPage(browser);
    for (const [user, path, testid] of pages) {
      await signIn(page, user);
      await page.goto(BASE + path);
      if (testid) {
        await page.getByTestId(testid).first().waitFor();
      } else {
        await page.locator("main h1").first().waitFor();
      }
      await signOut(page);
      assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null, path);
      assertNoPageErrors(page);
    }
    await page.context().close();
  });

  test("after sign-out the server refuses the old access and refresh tokens", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    await page.getByTestId("greeting").waitFor();
    const { access, refresh } = await stored(page);
    assert.ok(access && refresh);
    assert.equal((await api("/me", { token: access })).status, 200);
    await signOut(page);
    assert.equal((await api("/me", { token: access })).status, 401, "the access token is refused");
    const r = await api("/auth/refresh", { method: "POST", body: { refresh_token: refresh } });
    assert.equal(r.status, 401, "the refresh token is refused");
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe("one session for the tabs of a browser", () => {
  test("a meeting link opened in a new tab shows the meeting without signing in again", async () => {
    const a = await newPage(browser);
    await signIn(a, CONVENER);
    await a.getByTestId("greeting").waitFor();
    const b = await a.context().newPage();
    b.errors = [];
    b.on("pageerror", (e) => b.errors.push(String(e)));
    await b.goto(`${BASE}/meetings/${meetingId}`);
    await b.getByTestId("meeting-title").filter({ hasText: `会话测试会议-${suffix}` }).waitFor();
    assert.equal(new URL(b.url()).pathname, `/meetings/${meetingId}`);
    // A duplicated tab (the same stored session) is the same case.
    assertNoPageErrors(a);
    assert.deepEqual(b.errors, []);
    await a.context().close();
  });

  test("two tabs refreshing at once both stay signed in; the session is not revoked", async () => {
    const a = await newPage(browser);
    await signIn(a, ADMIN);
    await a.getByTestId("greeting").waitFor();
    const b = await a.context().newPage();
    b.errors = [];
    b.on("pageerror", (e) => b.errors.push(String(e)));
    await b.goto(BASE + "/admin/units");
    await b.getByTestId("units-table").waitFor();
    const first = await stored(a);
    // The access token is about to expire (written from a third tab, so that both see it).
    const c = await a.context().newPage();
    await c.goto(BASE + "/readyz");
    await c.evaluate((k) => {
      const s = JSON.parse(localStorage.getItem(k));
      s.access_expires_ms = Date.now() + 5000;
      localStorage.setItem(k, JSON.stringify(s));
    }, KEY);
    await c.close();
    await a.waitForTimeout(100);
    // Both tabs call the API at the same time: each needs a fresh access token first.
    await Promise.all([
      a.getByRole("link", { name: "用户", exact: true }).click(),
      b.getByRole("link", { name: "审计日志" }).click(),
    ]);
    await a.getByTestId("users-table").waitFor();
    await b.getByTestId("audit-table").waitFor();
    const now = await stored(a);
    assert.notEqual(now.refresh, first.refresh, "the refresh token rotated");
    assert.ok(now.access_expires_ms > Date.now() + 60_000);
    // The family is alive (reuse detection would have revoked it, and with it every access
    // token of the session), and each tab's next call succeeds.
    assert.equal((await api("/me", { token: now.access })).status, 200, "the session is alive");
    await a.getByRole("link", { name: "服务账号" }).click();
    await a.getByTestId("service-accounts-page").waitFor();
    await b.getByRole("link", { name: "单位", exact: true }).click();
    await b.getByTestId("units-table").waitFor();
    const last = await stored(b);
    assert.equal((await api("/auth/refresh", { method: "POST", body: { refresh_token: last.refresh } })).status, 200);
    assert.equal(new URL(a.url()).pathname, "/admin/service-accounts");
    assert.equal(new URL(b.url()).pathname, "/admin/units");
    assertNoPageErrors(a);
    assert.deepEqual(b.errors, []);
    await a.context().close();
  });

  test("signing out in one tab signs out the others", async () => {
    const a = await newPage(browser);
    await signIn(a, CONVENER);
    await a.getByTestId("greeting").waitFor();
    const b = await a.context().newPage();
    b.errors = [];
    b.on("pageerror", (e) => b.errors.push(String(e)));
    await b.goto(`${BASE}/meetings/${meetingId}`);
    await b.getByTestId("meeting-title").waitFor();
    await signOut(a);
    await b.waitForURL((u) => new URL(u).pathname === "/login");
    await b.getByRole("status").filter({ hasText: "您已退出登录" }).waitFor();
    // Signing in again in one tab signs the other in too.
    await signIn(a, CONVENER);
    await b.waitForURL((u) => new URL(u).pathname === "/");
    await b.getByTestId("greeting").waitFor();
    assertNoPageErrors(a);
    assert.deepEqual(b.errors, []);
    await a.context().close();
  });
});
