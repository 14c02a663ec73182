// The user-testing report's web items: Chinese field labels in error banners, a readable audit
// log (Chinese, Beijing time, before/after tables) that the inspector may open, search from the
// header, the holiday calendar, the .ics subscription, and 本单位 on a 390 px phone.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import {
  ADMIN,
  ANALYST,
  BASE,
  CONVENER,
  INSPECTOR,
  REP,
  api,
  launch,
  meetingIn,
  newPage,
  shanghai,
  shot,
  signIn,
  tokenOf,
  unitId,
} from "./lib.mjs";

let browser;
let tokens;
const suffix = Date.now().toString(36);

before(async () => {
  browser = await launch();
  tokens = { analyst: await tokenOf(ANALYST), convener: await tokenOf(CONVENER) };
});

after(async () => {
  await browser?.close();
});

function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

async function as(user, viewport) {
  const page = await newPage(browser, viewport);
  await signIn(page, user);
  return page;
}

/** A raw field code followed by the full-width colon: `minutes：`, `main_reporter：`. */
const RAW_FIELD = /[A-Za-z_][A-Za-z0-9_.\[\]-]*：/;

describe("field names in errors", () => {
  test("concluding too early names the missing fields in Chinese, never their codes", async () => {
    const title = `字段名称测试-${suffix}`;
    const id = await meetingIn(tokens, { title, status: "in_progress", poor: true });
    const page = await as(CONVENER);
    await page.goto(`${BASE}/meetings/${id}`);
    await page.getByTestId("transitions").getByRole("button", { name: "结束会议" }).click();
    const banner = page.getByTestId("form-error").filter({ hasText: "会议尚不能结束" });
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /会议记录：此项为必填项/);
    assert.match(text, /已通过的结论：此项为必填项/);
    assert.match(text, new RegExp(`议题：须对「${title}·处置不力事件」作出是否提请一级督办的决定`));
    assert.doesNotMatch(text, RAW_FIELD, text);
    assert.doesNotMatch(text, /needs a decision|required/, text);
    await shot(page, "conclude-too-early");
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe("audit log", () => {
  test("entries are in Chinese and Beijing time, with a before/after table of the changed fields", async () => {
    const admin = await tokenOf(ADMIN);
    const code = `audit-${suffix}`;
    const created = await api("/units", { method: "POST", token: admin, body: { code, name: "审计测试单位", kind: "department" } });
    assert.equal(created.status, 201);
    const changed = await api(`/units/${created.body.id}`, {
      method: "PATCH",
      token: admin,
      headers: { "if-match": created.headers.get("etag") },
      body: { name: "审计测试单位（改）", active: false },
    });
    assert.equal(changed.status, 200);
    const meeting = await meetingIn(tokens, { title: `审计会议-${suffix}` });
    const entries = await api(`/audit-log?entity=unit&entity_id=${created.body.id}&action=update`, { token: admin });
    assert.equal(entries.body.total, 1);
    const at = entries.body.items[0].at;

    const page = await as(ADMIN);
    await page.goto(BASE + "/admin/audit");
    await page.getByTestId("audit-table").waitFor();
    // Every kind of audited record is offered, by its Chinese name.
    const kinds = await page.locator("#f-entity option").allInnerTexts();
    for (const k of ["会议", "议题", "结论", "提请督办", "研判意见", "单位", "用户", "节假日与调休", "日历订阅", "案件", "案件类别", "专题会议建议", "简报", "督办任务", "责任查究", "年度考核", "专项督查", "推送地址"]) {
      assert.ok(kinds.includes(k), `${k} in ${kinds.join("、")}`);
    }
    assert.equal(kinds.length, 23, "全部 and the 22 kinds");
    assert.ok(kinds.every((k) => !/[a-z_]{3,}/.test(k)), kinds.join("、"));
    const actions = await page.locator("#f-action option").allInnerTexts();
    assert.ok(actions.every((a) => !/[a-z_]{3,}/.test(a)), actions.join("、"));

    await page.locator("#f-entity").selectOption("unit");
    await page.locator("#f-action").selectOption("update");
    await page.getByRole("button", { name: "查询" }).click();
    const row = page.getByTestId("audit-table").locator(":scope > tbody > tr", { hasText: "审计测试单位（改）" });
    await row.first().waitFor();
    const cells = await row.first().locator(":scope > td").allInnerTexts();
    assert.ok(cells[0].startsWith(shanghai(at)), `${cells[0]} is ${at} in Beijing time`);
    assert.match(cells[0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(cells[2], "单位");
    assert.equal(cells[3], "修改");
    await row.first().getByTestId("audit-toggle").click();
    const diff = row.first().getByTestId("audit-diff");
    await diff.waitFor();
    const rows = await diff.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.innerText.trim())),
    );
    assert.deepEqual(rows.sort(), [
      ["名称", "审计测试单位", "审计测试单位（改）"],
      ["启用状态", "是", "否"],
    ].sort());
    const detail = await row.first().innerText();
    assert.doesNotMatch(detail, /[{}"]|_at\b|updated|true|false/, detail);
    await shot(page, "audit-diff");

    // A created meeting: enum values by name, times in Beijing time.
    await page.locator("#f-entity").selectOption("meeting");
    await page.locator("#f-action").selectOption("create");
    await page.getByRole("button", { name: "查询" }).click();
    const mrow = page.getByTestId("audit-table").locator(`:scope > tbody > tr[data-entity=meeting]:has(a[href="/meetings/${meeting}"])`);
    await mrow.waitFor();
    await mrow.getByTestId("audit-toggle").click();
    const mdiff = mrow.getByTestId("audit-diff");
    await shot(page, "audit-meeting-created");
    await mdiff.waitFor();
    const mtext = await mdiff.innerText();
    const m = (await api(`/meetings/${meeting}`, { token: admin })).body.meeting;
    assert.match(mtext, /类型\s+—\s+专题分析研判会议/);
    assert.match(mtext, /状态\s+—\s+草稿/);
    assert.match(mtext, /召开事由\s+—\s+热点问题/);
    assert.match(mtext, new RegExp(`开始时间\\s+—\\s+${shanghai(m.starts_at)}:\\d\\d`));
    assert.doesNotMatch(mtext, /special_topic|hot_issue|draft|T\d\d:|Z\b/, mtext);
    assert.doesNotMatch(mtext, RAW_FIELD, mtext);
    assert.equal(await mrow.locator("a[href^='/meetings/']").count(), 1, "the meeting is a link");
    await shot(page, "audit-meeting-created");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the inspector and conveners open the audit log from the nav; others see no link and 无权访问", async () => {
    for (const user of [INSPECTOR, CONVENER]) {
      const page = await as(user);
      const link = page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "审计日志" });
      await link.click();
      await page.waitForURL((u) => new URL(u).pathname === "/admin/audit");
      await page.getByTestId("audit-table").waitFor();
      assert.equal(await page.getByTestId("forbidden").count(), 0);
      assert.equal(await page.locator("#f-actor").count(), 0, "only administrators list the users");
      assert.equal(await page.getByTestId("admin-nav").count(), 0);
      if (user === INSPECTOR) await shot(page, "audit-inspector");
      assertNoPageErrors(page);
      await page.context().close();
    }
    for (const user of [REP, ANALYST]) {
      const page = await as(user);
      assert.equal(await page.getByRole("link", { name: "审计日志" }).count(), 0);
      await page.goto(BASE + "/admin/audit");
      await page.getByTestId("forbidden").filter({ hasText: "无权访问" }).waitFor();
      assert.equal(await page.getByTestId("audit-table").count(), 0);
      await page.context().close();
    }
  });
});

describe("search", () => {
  test("the header's search box finds meetings, with kind, snippet, link and pages", async () => {
    const word = `检索${suffix}`;
    const ids = [];
    for (let i = 1; i <= 22; i++) {
      ids.push(await meetingIn(tokens, { title: `${word}样本会议第${i}号` }));
    }
    const page = await as(CONVENER);
    const box = page.getByTestId("header-search").getByRole("searchbox");
    await box.fill(word);
    await box.press("Enter");
    await page.waitForURL((u) => new URL(u).pathname === "/search");
    assert.equal(new URL(page.url()).searchParams.get("q"), word);
    await page.getByTestId("search-count").filter({ hasText: "共找到 22 条结果" }).waitFor();
    const hits = page.getByTestId("search-hit");
    assert.equal(await hits.count(), 20);
    const first = hits.first();
    assert.equal(await first.locator(".badge").innerText(), "会议");
    assert.equal(await first.locator("mark").first().innerText(), word);
    await shot(page, "search");
    await page.getByRole("button", { name: "下一页" }).click();
    await page.getByTestId("page-info").filter({ hasText: "第 2 / 2 页" }).waitFor();
    // The page number changes at the click; the second page's hits arrive with its answer.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="search-hit"]').length === 2);
    const link = hits.first().getByRole("link");
    const name = await link.innerText();
    await link.click();
    await page.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(new URL(u).pathname));
    assert.ok(ids.includes(new URL(page.url()).pathname.split("/").pop()));
    await page.getByTestId("meeting-title").filter({ hasText: name }).waitFor();
    // Nothing found: said so.
    await page.goto(`${BASE}/search?q=${encodeURIComponent("不存在的词" + suffix)}`);
    await page.getByText("没有找到与").waitFor();
    const phone = await as(REP, { width: 390, height: 844 });
    await phone.goto(`${BASE}/search?q=${encodeURIComponent(word)}`);
    await phone.getByTestId("search-page").waitFor();
    await shot(phone, "search-390");
    await phone.context().close();
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe("holiday calendar", () => {
  test("the admin lists a year's 法定节假日 and 调休工作日, adds and removes days", async () => {
    const page = await as(ADMIN);
    page.on("dialog", (d) => d.accept());
    await page.getByTestId("admin-nav").getByRole("link", { name: "节假日与调休" }).click();
    await page.getByTestId("calendar-page").waitFor();
    const form = page.getByTestId("calendar-form");
    const add = async (date, kind, name) => {
      await form.locator("#date").fill(date);
      await form.locator("#kind").selectOption({ label: kind });
      await form.locator("#name").fill(name);
      await form.getByRole("button", { name: "添加日期" }).click();
    };
    await add("2031-10-01", "法定节假日", "国庆节");
    await page.getByTestId("calendar-year").filter({ hasText: "2031年" }).waitFor();
    const table = page.getByTestId("calendar-table");
    const holiday = table.locator('tr[data-date="2031-10-01"]');
    await holiday.waitFor();
    assert.match(await holiday.innerText(), /星期三[\s\S]*法定节假日[\s\S]*国庆节/);
    await add("2031-10-11", "调休工作日", "国庆节调休");
    const workday = table.locator('tr[data-date="2031-10-11"]');
    await workday.waitFor();
    assert.match(await workday.innerText(), /星期六[\s\S]*调休工作日/);
    // An adjusted working day must fall on a weekend: the error sits next to the kind.
    await add("2031-10-08", "调休工作日", "错误的调休");
    await page.locator("#kind-error").filter({ hasText: "调休工作日只能是周六或周日" }).waitFor();
    // The same day twice: a Chinese sentence, not the API's English.
    await add("2031-10-01", "法定节假日", "国庆节");
    const banner = page.getByTestId("form-error");
    await banner.filter({ hasText: "该记录已存在" }).waitFor();
    assert.doesNotMatch(await banner.innerText(), /[a-z]{4,}/);
    await shot(page, "calendar");
    await holiday.getByRole("button", { name: /删除/ }).click();
    await holiday.waitFor({ state: "detached" });
    const token = await tokenOf(ADMIN);
    const days = await api("/calendar-days?year=2031", { token });
    assert.deepEqual(days.body.items.map((d) => [d.date, d.kind]), [["2031-10-11", "workday"]]);
    await page.getByRole("button", { name: "上一年" }).click();
    await page.getByText("2030年尚未登记节假日或调休工作日").waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe("calendar subscription", () => {
  test("我的账户 issues the .ics address with a copy button, rotates and revokes it", async () => {
    const page = await as(REP);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
    page.on("dialog", (d) => d.accept());
    await page.goto(BASE + "/me");
    const card = page.locator("#calendar-feed");
    await card.getByRole("button", { name: "生成订阅地址" }).click();
    const my = page.locator("#ics-my");
    await my.waitFor();
    const first = await my.inputValue();
    assert.match(first, new RegExp(`^${BASE}/api/v1/calendar-feeds/[^/?]+$`));
    assert.match(await page.locator("#ics-unit").inputValue(), /\?scope=unit$/);
    const feed = await fetch(first);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get("content-type"), /text\/calendar/);
    assert.match(await feed.text(), /BEGIN:VCALENDAR/);
    await card.getByRole("button", { name: "复制 我的会议" }).click();
    await page.getByTestId("ics-my-note").filter({ hasText: "已复制到剪贴板" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), first);
    await shot(page, "me-ics");
    // Rotate: a new address; the old one stops working.
    await card.getByRole("button", { name: "重新生成地址" }).click();
    await page.waitForFunction((old) => document.querySelector("#ics-my")?.value !== old, first);
    const second = await my.inputValue();
    assert.notEqual(second, first);
    assert.equal((await fetch(first)).status, 404);
    assert.equal((await fetch(second)).status, 200);
    // Revoke.
    await card.getByRole("button", { name: "停用订阅" }).click();
    await page.getByTestId("form-success").filter({ hasText: "日历订阅已停用" }).waitFor();
    assert.equal(await my.count(), 0);
    assert.equal((await fetch(second)).status, 404);
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe("phone", () => {
  test("本单位 at 390 px: the title, status, times and action of each meeting stay on screen", async () => {
    const qingbo = await unitId(tokens.analyst, "street-qingbo");
    await meetingIn(tokens, {
      title: `2031年第三季度老旧小区加装电梯与停车矛盾专题分析研判会议-${suffix}`,
      status: "scheduled",
      invited: [qingbo],
    });
    const page = await as(REP, { width: 390, height: 844 });
    await page.goto(BASE + "/my-unit");
    const row = page.getByTestId("unit-meetings").locator("tbody tr", { hasText: suffix });
    await row.waitFor();
    const vw = 390;
    const inside = async (loc, what) => {
      const b = await loc.boundingBox();
      assert.ok(b, `${what} is shown`);
      assert.ok(b.x >= 0 && b.x + b.width <= vw, `${what} lies within the 390 px viewport: x=${b.x} width=${b.width}`);
      return b;
    };
    const title = await inside(row.locator("td").first(), "the title cell");
    assert.ok(title.width >= vw * 0.6, `the title is readable: ${title.width} px wide`);
    for (const [i, what] of [[1, "the status"], [2, "the start"], [3, "the due time"], [4, "the action"]]) {
      await inside(row.locator("td").nth(i), what);
    }
    // Each cell says what it is (its column's name, in front of it).
    const label = await row.locator("td").nth(3).evaluate((td) => getComputedStyle(td, "::before").content);
    assert.match(label, /材料报送截止/);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= vw, `no horizontal scrolling (${scroll} px)`);
    await shot(page, "my-unit-390");
    assertNoPageErrors(page);
    await page.context().close();
  });
});
