// The SPA in a real browser: sign-in, administration, field errors, roles, stale edits, sign-out,
// lazy pages (their wasm chunk fetched on the first visit).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { ADMIN, BASE, LOCKED, REP, api, launch, newPage, shanghai, shot, signIn, tokenOf } from "./lib.mjs";

let browser;
const suffix = Date.now().toString(36);

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Fails on uncaught errors in the page (console errors from expected 4xx answers excluded). */
function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

describe("sign-in", () => {
  test("the sign-in page renders in Chinese and rejects a wrong password", async () => {
    const page = await newPage(browser);
    await page.goto(BASE + "/login");
    await page.getByRole("heading", { name: "登录" }).waitFor();
    await shot(page, "login");
    await page.locator("#username").fill(ADMIN.username);
    await page.locator("#password").fill("not-the-password");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.getByTestId("form-error").filter({ hasText: "用户名或密码不正确" }).waitFor();
    const phone = await newPage(browser, { width: 375, height: 740 });
    await phone.goto(BASE + "/login");
    await phone.getByRole("heading", { name: "登录" }).waitFor();
    await shot(phone, "login-375");
    await page.context().close();
    await phone.context().close();
  });

  test("too many failed attempts show the Retry-After wait", async () => {
    for (let i = 0; i < 6; i++) {
      await api("/auth/login", { method: "POST", body: { username: LOCKED.username, password: `wrong-${i}` } });
    }
    const page = await newPage(browser);
    await page.goto(BASE + "/login");
    await page.locator("#username").fill(LOCKED.username);
    await page.locator("#password").fill(LOCKED.password);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    const msg = page.getByTestId("form-error");
    await msg.filter({ hasText: "尝试次数过多" }).waitFor();
    assert.match(await msg.innerText(), /请在 \d+ (秒|分钟)后再试/);
    await page.context().close();
  });

  test("an unauthenticated visit goes to sign-in and comes back to the same page", async () => {
    const page = await newPage(browser);
    await page.goto(BASE + "/admin/units");
    await page.waitForURL((u) => new URL(u).pathname === "/login");
    assert.equal(new URL(page.url()).searchParams.get("next"), "/admin/units");
    await page.locator("#username").fill(ADMIN.username);
    await page.locator("#password").fill(ADMIN.password);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/admin/units");
    await page.getByRole("heading", { name: "单位管理" }).waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe("administration", () => {
  test("home greets the admin by name and role; the admin sees the admin nav", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    await page.getByTestId("greeting").filter({ hasText: "测试管理员" }).waitFor();
    assert.match(await page.getByTestId("role").innerText(), /系统管理员/);
    await page.getByTestId("admin-nav").waitFor();
    for (const section of ["本月例会", "年度例会节奏", "待办"]) {
      await page.getByRole("heading", { name: section }).waitFor();
    }
    await shot(page, "home");
    await page.setViewportSize({ width: 375, height: 740 });
    await shot(page, "home-375");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("an admin creates a unit and finds it in the list, its time in Asia/Shanghai", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    await page.getByRole("link", { name: "单位", exact: true }).click();
    await page.getByTestId("units-table").waitFor();
    await shot(page, "units");
    await page.getByRole("link", { name: "新建单位" }).click();
    const code = `e2e-${suffix}`;
    await page.locator("#code").fill(code);
    await page.locator("#name").fill(`测试社会组织${suffix}`);
    await page.locator("#kind").selectOption("social_organization");
    await shot(page, "unit-new");
    await page.getByRole("button", { name: "新建", exact: true }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/admin/units");
    await page.getByRole("status").filter({ hasText: "已创建" }).waitFor();
    await page.locator("#f-q").fill(code);
    await page.getByRole("button", { name: "查询" }).click();
    const row = page.getByTestId("units-table").locator("tr", { hasText: code });
    await row.waitFor();
    assert.match(await row.innerText(), /社会组织/);
    assert.match(await row.innerText(), new RegExp(`测试社会组织${suffix}`));
    // The time shown is the API's instant in UTC+8, although the browser runs in New York.
    const token = await tokenOf(ADMIN);
    const list = await api(`/units?q=${code}`, { token });
    assert.equal(list.body.total, 1);
    assert.match(await row.innerText(), new RegExp(shanghai(list.body.items[0].updated_at)));
    // The same code again: the conflict shows next to the code field.
    await page.goto(BASE + "/admin/units/new");
    await page.locator("#code").fill(code);
    await page.locator("#name").fill("重复");
    await page.getByRole("button", { name: "新建", exact: true }).click();
    await page.locator("#code-error").filter({ hasText: "已被使用" }).waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the units list pages through the API's total and filters by kind", async () => {
    const token = await tokenOf(ADMIN);
    const all = await api("/units?page_size=1", { token });
    const total = all.body.total;
    assert.ok(total > 20, `the seed has more than one page of units (${total})`);
    const last = Math.ceil(total / 20);
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    await page.goto(BASE + "/admin/units");
    const info = page.getByTestId("page-info");
    await info.filter({ hasText: `第 1 / ${last} 页，共 ${total} 条` }).waitFor();
    assert.equal(await page.getByTestId("units-table").locator("tbody tr").count(), 20);
    await page.getByRole("button", { name: "下一页" }).click();
    await info.filter({ hasText: `第 2 / ${last} 页` }).waitFor();
    assert.equal(await page.getByRole("button", { name: "上一页" }).isEnabled(), true);
    await page.locator("#f-kind").selectOption("street");
    await page.getByRole("button", { name: "查询" }).click();
    await info.filter({ hasText: "第 1 / 1 页，共 6 条" }).waitFor();
    const kinds = await page.getByTestId("units-table").locator("tbody tr td:nth-child(3)").allInnerTexts();
    assert.deepEqual([...new Set(kinds)], ["街道"]);
    await page.setViewportSize({ width: 375, height: 740 });
    await shot(page, "units-375");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("a 422 shows next to its field: a too-short password when creating a user", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    await page.getByRole("link", { name: "用户", exact: true }).click();
    await page.getByTestId("users-table").waitFor();
    await shot(page, "users");
    await page.getByRole("link", { name: "新建用户" }).click();
    await page.locator("#username").fill(`e2e.u${suffix}`);
    await page.locator("#display_name").fill("测试用户");
    await page.locator("#role").selectOption("analyst");
    await page.locator("#password").fill("short");
    await page.getByRole("button", { name: "新建", exact: true }).click();
    const err = page.locator("#password-error");
    await err.waitFor();
    assert.match(await err.innerText(), /长度应为 12–128 个字符/);
    assert.equal(await page.locator("#password").getAttribute("aria-invalid"), "true");
    assert.match(await page.locator("#password").getAttribute("aria-describedby"), /password-error/);
    // Nothing else is marked wrong.
    assert.equal(await page.locator("#username-error").count(), 0);
    await shot(page, "user-new-422");
    // A unit representative needs a unit: the error goes next to the unit field.
    await page.locator("#role").selectOption("unit_rep");
    await page.locator("#password").fill("a-long-enough-password");
    await page.getByRole("button", { name: "新建", exact: true }).click();
    await page.locator("#unit_id-error").filter({ hasText: "必须指定所属单位" }).waitFor();
    await page.locator("#unit_id").selectOption({ label: "清波街道" });
    await page.getByRole("button", { name: "新建", exact: true }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/admin/users");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("a stale edit shows 该记录已被他人修改 and keeps the typed text", async () => {
    const token = await tokenOf(ADMIN);
    const created = await api("/units", {
      method: "POST",
      token,
      body: { code: `stale-${suffix}`, name: "并发修改测试", kind: "department" },
    });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    await page.goto(`${BASE}/admin/units/${id}`);
    await page.locator("#name").waitFor();
    assert.equal(await page.locator("#name").inputValue(), "并发修改测试");
    // Someone else saves first.
    const other = await api(`/units/${id}`, {
      method: "PATCH",
      token,
      body: { name: "他人改过的名称" },
      headers: { "if-match": created.headers.get("etag") },
    });
    assert.equal(other.status, 200);
    const typed = "我输入的新名称";
    await page.locator("#name").fill(typed);
    await page.getByRole("button", { name: "保存", exact: true }).click();
    const banner = page.getByTestId("stale-banner");
    await banner.filter({ hasText: "该记录已被他人修改" }).waitFor();
    assert.equal(await page.locator("#name").inputValue(), typed);
    await shot(page, "unit-edit-412");
    await page.getByTestId("stale-reload").click();
    await page.getByTestId("stale-reloaded").waitFor();
    assert.equal(await page.locator("#name").inputValue(), typed, "reloading keeps what was typed");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.getByTestId("form-success").filter({ hasText: "已保存" }).waitFor();
    const now = await api(`/units/${id}`, { token });
    assert.equal(now.body.name, typed);
    assert.equal(now.body.version, 3);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("service accounts show the secret once; the audit log filters by record kind", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    await page.getByRole("link", { name: "服务账号" }).click();
    await page.locator("#name").fill(`平台导入脚本${suffix}`);
    await page.getByRole("button", { name: "新建", exact: true }).click();
    const secret = page.getByTestId("sa-secret");
    await secret.waitFor();
    assert.ok((await page.locator("#sa-secret-value").inputValue()).length >= 16);
    await page.getByTestId("sa-table").locator("tr", { hasText: `平台导入脚本${suffix}` }).waitFor();
    await shot(page, "service-accounts");
    await page.getByRole("button", { name: "我已保存，关闭" }).click();
    assert.equal(await secret.count(), 0);
    await page.getByRole("link", { name: "审计日志" }).click();
    await page.getByTestId("audit-table").waitFor();
    await page.locator("#f-entity").selectOption("service_account");
    await page.getByRole("button", { name: "查询" }).click();
    // The newest entry is the service account's either way: wait until every row is one.
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-table"] > tbody > tr')];
      return rows.length > 0 && rows.every((r) => r.innerText.includes("服务账号"));
    });
    const rows = await page.getByTestId("audit-table").locator(":scope > tbody > tr").allInnerTexts();
    assert.ok(rows.length > 0 && rows.every((r) => r.includes("服务账号")), rows.join("\n"));
    await shot(page, "audit");
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe("roles and sessions", () => {
  test("a unit_rep sees no admin nav and gets 无权访问 on /admin/users", async () => {
    const page = await newPage(browser);
    await signIn(page, REP);
    await page.getByTestId("greeting").filter({ hasText: "清波街道 测试联络员" }).waitFor();
    assert.equal(await page.getByTestId("admin-nav").count(), 0);
    assert.equal(await page.getByRole("link", { name: "用户", exact: true }).count(), 0);
    await page.goto(BASE + "/admin/users");
    await page.getByTestId("forbidden").filter({ hasText: "无权访问" }).waitFor();
    await shot(page, "forbidden");
    await page.context().close();
  });

  test("my account: change the display name", async () => {
    const page = await newPage(browser);
    await signIn(page, REP);
    await page.getByRole("link", { name: "我的账户" }).click();
    await page.locator("#display_name").fill("清波街道 李测试");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.getByTestId("form-success").filter({ hasText: "已保存" }).waitFor();
    await page.getByTestId("current-user").filter({ hasText: "清波街道 李测试" }).waitFor();
    await shot(page, "me");
    await page.context().close();
  });

  test("the access token is refreshed before it expires", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    const before = await page.evaluate(() => JSON.parse(localStorage.getItem("yanpan.session")));
    // Pretend the access token is about to expire, then reload: the app refreshes first.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem("yanpan.session"));
      s.access_expires_ms = Date.now() + 5000;
      localStorage.setItem("yanpan.session", JSON.stringify(s));
    });
    await page.reload();
    await page.getByTestId("greeting").filter({ hasText: "测试管理员" }).waitFor();
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem("yanpan.session")));
    assert.notEqual(after.refresh, before.refresh, "the refresh token rotated");
    assert.ok(after.access_expires_ms > Date.now() + 60_000);
    await page.context().close();
  });

  test("an ended session returns to sign-in and then to the same page", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    await page.goto(BASE + "/admin/audit");
    await page.getByTestId("audit-table").waitFor();
    // Both tokens become useless (as after a server-side revocation).
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem("yanpan.session"));
      s.access = "invalid";
      s.refresh = "invalid";
      localStorage.setItem("yanpan.session", JSON.stringify(s));
    });
    await page.reload();
    await page.waitForURL((u) => new URL(u).pathname === "/login");
    assert.equal(new URL(page.url()).searchParams.get("next"), "/admin/audit");
    await page.getByRole("status").filter({ hasText: "登录已过期" }).waitFor();
    await page.locator("#username").fill(ADMIN.username);
    await page.locator("#password").fill(ADMIN.password);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/admin/audit");
    await page.getByTestId("audit-table").waitFor();
    await page.context().close();
  });

  test("sign-out ends the session on the server", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    const { refresh } = await page.evaluate(() => JSON.parse(localStorage.getItem("yanpan.session")));
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/login");
    await page.getByRole("status").filter({ hasText: "您已退出登录" }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem("yanpan.session")), null);
    const r = await api("/auth/refresh", { method: "POST", body: { refresh_token: refresh } });
    assert.equal(r.status, 401, "the refresh token no longer works");
    await page.goto(BASE + "/");
    await page.waitForURL((u) => new URL(u).pathname === "/login");
    await page.context().close();
  });

  test("keyboard: the sign-in form works without a mouse and focus is visible", async () => {
    const page = await newPage(browser);
    await page.goto(BASE + "/login");
    await page.locator("#username").waitFor();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "username");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none");
    await page.keyboard.type(ADMIN.username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => new URL(u).pathname === "/");
    await page.getByTestId("greeting").waitFor();
    await page.context().close();
  });
});

describe("lazy pages", () => {
  /** The wasm files the page requests from now on, by name (without /pkg/). */
  function recordWasm(page) {
    const names = [];
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith(".wasm")) names.push(path.replace(/^\/pkg\//, ""));
    });
    return names;
  }

  test("sign-in and home fetch only the main wasm; a page's chunk comes on the first visit, and a fresh load of its URL works", async () => {
    const page = await newPage(browser);
    const wasm = recordWasm(page);
    await signIn(page, ADMIN);
    await page.getByTestId("greeting").waitFor();
    assert.deepEqual(wasm.filter((f) => !f.endsWith("_bg.wasm")), [], "only the main module before a lazy page");
    wasm.length = 0;
    await page.getByRole("link", { name: "审计日志" }).click();
    await page.getByTestId("audit-table").waitFor();
    const groups = wasm.filter((f) => f.startsWith("split_")).map((f) => f.replace(/-[0-9a-f]{8}\.wasm$/, ""));
    assert.deepEqual(groups, ["split_admin"], wasm.join(" "));
    wasm.length = 0;
    await page.getByRole("link", { name: "用户", exact: true }).click();
    await page.getByRole("heading", { name: "用户管理" }).waitFor();
    assert.deepEqual(wasm, [], "the admin pages share one chunk, already there");
    await page.goto(BASE + "/admin/audit");
    await page.getByTestId("audit-table").waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("a chunk that cannot be fetched shows 页面加载失败, and the rest of the app goes on", async () => {
    const page = await newPage(browser);
    await page.route(/\/pkg\/split_me-[0-9a-f]{8}\.wasm$/, (route) => route.fulfill({ status: 404 }));
    await signIn(page, ADMIN);
    await page.getByRole("link", { name: "我的账户" }).click();
    await page.getByRole("heading", { name: "页面加载失败" }).waitFor();
    await page.getByRole("button", { name: "刷新页面" }).waitFor();
    await page.getByRole("link", { name: "首页" }).click();
    await page.getByTestId("greeting").waitFor();
    await page.context().close();
  });
});
