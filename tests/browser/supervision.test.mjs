// Supervision (督办任务), accountability referrals (责任查究), the notification centre and the
// annual assessment (年度考核), end to end through the pages:
//
// a concluded meeting's adopted conclusion asks 清波街道 for a measure; its representative finds
// the task in its to-dos and on 督办任务, takes it up and reports it done; the command center
// returns it (with a reason), the unit reports again, it is returned again — twice returned, so
// the command center refers the unit from the task's page; the discipline commission accepts the
// referral and closes it with 约谈; the unit sees the outcome but not the findings, and its
// notifications; the administrator reads the year's ranking, 清波街道's drill-down and downloads
// it as Excel.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { ADMIN, ANALYST, BASE, CONVENER, INSPECTOR, REP, SHOTS, api, axeViolations, launch, meetingIn, newPage, settle, shot, signIn, tokenOf, unitId } from "./lib.mjs";

let browser;
const sfx = Date.now().toString(36);
const TITLE = `督办测试会-${sfx}`;
const MEASURE = `开展错时停车试点-${sfx}`;
const REPORT1 = `已在3个小区试点错时停车-${sfx}`;
const RETURN1 = `未附试点小区名单和新增车位数-${sfx}`;
const REPORT2 = `补充：试点小区名单及新增车位120个-${sfx}`;
const RETURN2 = `群众反映夜间仍无车位，整改不到位-${sfx}`;
const REASON = `督办任务两次退回仍未整改到位-${sfx}`;
const FINDINGS = `经查，该街道对督办事项重视不够，内部审议记录-${sfx}`;
const OUTCOME_NOTE = `对分管负责人进行约谈-${sfx}`;
let taskId;
let referralId;
let qingbo;
const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();

function ok(r, what) {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** `YYYY-MM-DD`, `days` from today in Beijing, but not past this year's 31 December. */
function deadline(days) {
  const d = new Date(Math.min(Date.now() + 8 * 3600e3 + days * 86400e3, Date.UTC(year, 11, 31)));
  return d.toISOString().slice(0, 10);
}

before(async () => {
  browser = await launch();
  const tokens = { analyst: await tokenOf(ANALYST), convener: await tokenOf(CONVENER) };
  const at = tokens.analyst;
  qingbo = await unitId(at, "street-qingbo");
  // A meeting under way, then its conclusion with a recommendation for 清波街道, adopted (which
  // makes the supervision task), and the meeting concluded.
  const id = await meetingIn(tokens, { title: TITLE, status: "in_progress", invited: [qingbo] });
  const etag = (await api(`/meetings/${id}`, { token: at })).headers.get("etag");
  ok(await api(`/meetings/${id}`, { method: "PATCH", token: at, headers: { "if-match": etag }, body: { minutes: "会议记录：各单位作了发言。" } }), "minutes");
  const c = ok(
    await api(`/meetings/${id}/conclusions`, {
      method: "POST",
      token: at,
      body: {
        text: "形成统一结论：缓解老旧小区停车难。",
        recommendations: [{ measure: MEASURE, responsible_unit_id: qingbo, deadline: deadline(14) }],
      },
    }),
    "conclusion",
  );
  ok(await api(`/conclusions/${c.id}/adopt`, { method: "POST", token: tokens.convener }), "adopt");
  ok(await api(`/meetings/${id}/transitions`, { method: "POST", token: tokens.convener, body: { to: "concluded" } }), "conclude");
  const tasks = ok(await api(`/supervision-tasks?meeting_id=${id}`, { token: at }), "tasks").items;
  assert.equal(tasks.length, 1, JSON.stringify(tasks));
  taskId = tasks[0].id;
});

after(async () => {
  await browser?.close();
});

function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

/** No serious or critical axe violations on the page as it is now. */
async function assertAxe(page, what) {
  await settle(page);
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `axe, ${what}:\n  ${v.join("\n  ")}`);
}

async function fullShot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function as(user) {
  const page = await newPage(browser);
  await signIn(page, user);
  return page;
}

async function todosOf(page) {
  await page.getByTestId("todos-loaded").waitFor({ state: "attached" });
  return page.locator("#todos").innerText();
}

const nav = (page) => page.getByRole("navigation", { name: "主导航" });
const notice = (page, text) => page.getByTestId("task-notice").filter({ hasText: text }).waitFor();
/** Waits until the task's page shows status `text` (the page reads the task again after a move). */
const statusIs = (page, text) => page.getByRole("main").getByTestId("task-status").filter({ hasText: text }).first().waitFor();

/** The rep on the task's page: reports it done with `text` (and `file`, if given). */
async function report(page, text, file) {
  await page.getByRole("button", { name: "报告办结" }).click();
  await page.locator("#task-report").fill(text);
  if (file) await page.locator("#task-files").setInputFiles(file);
  await page.getByRole("button", { name: "提交办结报告" }).click();
  await notice(page, "已报告办结");
  await page.getByTestId("task-report").filter({ hasText: text }).waitFor();
  await statusIs(page, "已报告办结");
}

/** The analyst on the task's page: returns it with `reason`. */
async function giveBack(page, reason) {
  await page.getByRole("button", { name: "退回", exact: true }).click();
  await page.locator("#task-return").fill(reason);
  await page.getByRole("button", { name: "确认退回" }).click();
  await notice(page, "已退回");
  await page.getByTestId("task-return-reason").filter({ hasText: reason }).waitFor();
  await statusIs(page, "办理中");
}

describe("督办任务 → 责任查究 → 通知 → 年度考核", () => {
  test("the unit's representative finds the task in its to-dos and the list, takes it up and reports it done", async () => {
    const page = await as(REP);
    const todos = await todosOf(page);
    assert.match(todos, new RegExp(`办理督办任务：${MEASURE}`));
    await shot(page, "supervision-rep-home");
    await nav(page).getByRole("link", { name: "督办任务" }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/supervision-tasks");
    const row = page.getByTestId("task-row").filter({ hasText: MEASURE });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /清波街道/);
    assert.match(text, new RegExp(TITLE));
    assert.match(text, /待办理/);
    // No unit filter for a unit's representative: it sees its own unit's tasks only.
    assert.equal(await page.locator("#f-task-unit").count(), 0);
    await settle(page);
    await fullShot(page, "supervision-tasks-rep");
    await assertAxe(page, "tasks list");
    await row.getByRole("link", { name: MEASURE }).click();
    await page.waitForURL((u) => new URL(u).pathname === `/supervision-tasks/${taskId}`);
    await page.getByTestId("task-measure").filter({ hasText: MEASURE }).waitFor();
    await page.getByRole("button", { name: "开始办理" }).click();
    await notice(page, "已开始办理");
    await statusIs(page, "办理中");
    // The report is required.
    await page.getByRole("button", { name: "报告办结" }).click();
    await page.getByRole("button", { name: "提交办结报告" }).click();
    await page.locator("#task-report-error").filter({ hasText: "必填" }).waitFor();
    await page.getByRole("button", { name: "取消" }).click();
    await report(page, REPORT1, { name: "试点小区台账.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
    // The file went with the report.
    await page.getByTestId("task-files").getByRole("button", { name: "试点小区台账.pdf" }).waitFor();
    // The history: assigned, taken up, reported; who, by display name.
    const history = await page.getByTestId("task-history").innerText();
    assert.match(history, /交办/);
    assert.match(history, /开始办理[\s\S]*待办理 → 办理中/);
    // (Read now: another test file renames this person.)
    const me = (await api("/me", { token: await tokenOf(REP) })).body;
    assert.ok(me.display_name && me.display_name !== REP.username, JSON.stringify(me));
    const shown = me.display_name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.match(history, new RegExp(`${shown}[\\s\\S]*报告办结[\\s\\S]*${REPORT1}`));
    await fullShot(page, "supervision-task-reported");
    await assertAxe(page, "task page");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the command center returns it twice (a reason each time), the unit reporting again between", async () => {
    const an = await as(ANALYST);
    assert.match(await todosOf(an), new RegExp(`核验督办任务：${MEASURE}`));
    await an.locator("#todos").getByRole("link", { name: `核验督办任务：${MEASURE}` }).click();
    await an.waitForURL((u) => new URL(u).pathname === `/supervision-tasks/${taskId}`);
    await an.getByTestId("task-report").filter({ hasText: REPORT1 }).waitFor();
    // A return needs its reason.
    await an.getByRole("button", { name: "退回", exact: true }).click();
    await an.getByRole("button", { name: "确认退回" }).click();
    await an.locator("#task-return-error").waitFor();
    await an.getByRole("button", { name: "取消" }).click();
    await giveBack(an, RETURN1);
    await an.getByTestId("task-returned").filter({ hasText: "1" }).waitFor();
    // Returned once, not late: not yet a ground for a referral.
    assert.equal(await an.getByTestId("refer").count(), 0);

    const rep = await as(REP);
    await rep.goto(`${BASE}/supervision-tasks/${taskId}`);
    await rep.getByTestId("task-return-reason").filter({ hasText: RETURN1 }).waitFor();
    await report(rep, REPORT2);
    await rep.context().close();

    await an.reload();
    await an.getByTestId("task-report").filter({ hasText: REPORT2 }).waitFor();
    await giveBack(an, RETURN2);
    await an.getByTestId("task-returned").filter({ hasText: "2" }).waitFor();
    const history = await an.getByTestId("task-history").innerText();
    assert.match(history, new RegExp(`退回[\\s\\S]*已报告办结 → 办理中[\\s\\S]*${RETURN1}`));
    assert.match(history, new RegExp(RETURN2));
    await fullShot(an, "supervision-task-returned");
    assertNoPageErrors(an);
    await an.context().close();
  });

  test("the command center refers the unit from the task's page; the evidence is fingerprinted", async () => {
    const an = await as(ANALYST);
    await an.goto(`${BASE}/supervision-tasks/${taskId}`);
    await an.getByTestId("refer").click();
    const form = an.getByTestId("refer-form");
    await form.waitFor();
    assert.match(await form.innerText(), /提请责任查究：清波街道/);
    await form.getByRole("button", { name: "提交提请" }).click();
    await form.getByTestId("form-error").waitFor();
    await an.locator("#refer-reason").fill(REASON);
    await shot(an, "supervision-refer-form");
    await assertAxe(an, "referral form");
    await form.getByRole("button", { name: "提交提请" }).click();
    await an.waitForURL((u) => /^\/referrals\/[0-9a-f-]{36}$/.test(new URL(u).pathname));
    referralId = new URL(an.url()).pathname.split("/").pop();
    await an.getByTestId("referral-notice").filter({ hasText: "已提请责任查究" }).waitFor();
    assert.equal(await an.getByTestId("referral-unit").innerText(), "清波街道");
    assert.equal(await an.getByTestId("referral-status").innerText(), "待受理");
    assert.match(await an.getByTestId("referral-reason").innerText(), new RegExp(REASON));
    assert.match(await an.getByTestId("evidence-sha256").innerText(), /^[0-9a-f]{64}$/);
    assert.match(await an.getByTestId("evidence-intact").innerText(), /✓\s*证据完整/);
    const link = an.getByTestId("referral-tasks").getByRole("link", { name: MEASURE });
    assert.equal(await link.getAttribute("href"), `/supervision-tasks/${taskId}`);
    // Only the discipline commission accepts.
    assert.equal(await an.getByTestId("referral-accept").count(), 0);
    await fullShot(an, "referral-submitted");
    await assertAxe(an, "referral page");
    assertNoPageErrors(an);
    await an.context().close();
  });

  test("the discipline commission accepts the referral and closes it with 约谈", async () => {
    const page = await as(INSPECTOR);
    assert.match(await todosOf(page), /受理责任查究：清波街道/);
    await page.goto(`${BASE}/referrals`);
    const row = page.getByTestId("referral-row").filter({ hasText: REASON });
    await row.waitFor();
    assert.match(await row.innerText(), /待受理/);
    await row.getByRole("link", { name: "清波街道" }).click();
    await page.waitForURL((u) => new URL(u).pathname === `/referrals/${referralId}`);
    await page.getByTestId("referral-accept").click();
    await page.getByTestId("referral-notice").filter({ hasText: "已受理" }).waitFor();
    await page.getByTestId("referral-status").filter({ hasText: "已受理" }).waitFor();
    const form = page.getByTestId("close-form");
    // Findings and outcome are required.
    await form.getByRole("button", { name: "办结" }).click();
    await page.locator("#findings-error").waitFor();
    await page.locator("#outcome-error").waitFor();
    await page.locator("#findings").fill(FINDINGS);
    await page.locator("#outcome").selectOption({ label: "约谈" });
    await page.locator("#outcome_note").fill(OUTCOME_NOTE);
    await shot(page, "referral-close-form");
    await assertAxe(page, "referral close form");
    await form.getByRole("button", { name: "办结" }).click();
    await page.getByTestId("referral-notice").filter({ hasText: "已办结" }).waitFor();
    await page.getByTestId("referral-status").filter({ hasText: "已办结" }).waitFor();
    assert.equal(await page.getByTestId("referral-outcome").innerText(), "约谈");
    assert.match(await page.getByTestId("referral-findings").innerText(), new RegExp(FINDINGS));
    await fullShot(page, "referral-closed-inspector");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the unit sees the outcome but not the findings, and its notifications", async () => {
    const page = await as(REP);
    // The badge: the assignment, two returns, the referral and its outcome are unread.
    const count = page.getByTestId("unread-count");
    await count.waitFor();
    assert.ok(Number(await count.innerText()) >= 4, await count.innerText());
    assert.match(await page.getByTestId("notification-bell").textContent(), /通知.*（\d+ 条未读）/);
    await nav(page).getByRole("link", { name: "责任查究" }).click();
    const row = page.getByTestId("referral-row").filter({ hasText: REASON });
    await row.waitFor();
    assert.match(await row.innerText(), /约谈/);
    await row.getByRole("link", { name: "清波街道" }).click();
    await page.waitForURL((u) => new URL(u).pathname === `/referrals/${referralId}`);
    assert.equal(await page.getByTestId("referral-outcome").innerText(), "约谈");
    assert.match(await page.getByTestId("referral-outcome-note").innerText(), new RegExp(OUTCOME_NOTE));
    assert.equal(await page.getByTestId("referral-findings").count(), 0);
    assert.doesNotMatch(await page.locator("body").innerText(), new RegExp(FINDINGS));
    assert.equal(await page.getByTestId("close-form").count(), 0);
    await fullShot(page, "referral-closed-rep");

    // The notification centre: unread ones in bold; opening one marks it read and goes there.
    const before = Number(await count.innerText());
    await page.getByTestId("notification-bell").click();
    await page.waitForURL((u) => new URL(u).pathname === "/notifications");
    const returned = page.getByTestId("notification").filter({ hasText: `督办任务被退回：${MEASURE}` });
    await returned.first().waitFor();
    assert.equal(await returned.count(), 2);
    assert.equal(await returned.first().getAttribute("data-unread"), "true");
    const weight = await returned.first().locator(".notice-title").evaluate((e) => getComputedStyle(e).fontWeight);
    assert.ok(Number(weight) >= 600, `unread in bold: ${weight}`);
    const list = await page.getByTestId("notifications").innerText();
    assert.match(list, /清波街道被提请责任查究/);
    await settle(page);
    await fullShot(page, "notifications-rep");
    await assertAxe(page, "notifications");
    await returned.first().getByRole("link").click();
    await page.waitForURL((u) => new URL(u).pathname === `/supervision-tasks/${taskId}`);
    await page.getByTestId("task-measure").waitFor();
    await page.getByTestId("unread-count").filter({ hasText: String(before - 1) }).waitFor();
    await page.goBack();
    await page.getByTestId("notifications").waitFor();
    await page.getByTestId("read-all").click();
    await page.getByTestId("form-success").filter({ hasText: "已全部标为已读" }).waitFor();
    await page.getByTestId("unread-count").waitFor({ state: "detached" });
    // The list is read again: nothing unread in it.
    await page.locator("[data-testid=notification][data-unread=true]").first().waitFor({ state: "detached" });
    assert.ok((await page.getByTestId("notification").count()) > 0);
    // Before publication a unit's representative does not see the ranking.
    await nav(page).getByRole("link", { name: "年度考核" }).click();
    await page.getByTestId("assessment-unpublished").filter({ hasText: "本年度考核结果尚未公布" }).waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the administrator reads the year's ranking, 清波街道's drill-down, and downloads it as Excel", async () => {
    const page = await as(ADMIN);
    await nav(page).getByRole("link", { name: "年度考核" }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/assessment");
    assert.equal(await page.locator("#f-year").inputValue(), String(year));
    const row = page.locator('[data-testid=assessment-row][data-unit="street-qingbo"]');
    await row.waitFor();
    assert.match(await row.innerText(), /清波街道/);
    await page.getByTestId("assessment-live").waitFor();
    await row.getByTestId("unit-detail-toggle").click();
    const detail = page.getByTestId("assessment-detail");
    await detail.getByText("清波街道：考核明细").waitFor();
    await detail.getByTestId("detail-referrals").waitFor();
    assert.match(await detail.getByTestId("detail-referrals").innerText(), /约谈/);
    const tasks = await detail.getByTestId("detail-tasks").innerText();
    assert.match(tasks, new RegExp(MEASURE));
    const taskLink = detail.getByTestId("detail-tasks").getByRole("link", { name: MEASURE });
    assert.equal(await taskLink.getAttribute("href"), `/supervision-tasks/${taskId}`);
    await settle(page);
    await fullShot(page, "assessment-admin");
    await assertAxe(page, "assessment with a drill-down and the rule");
    // A number opens (and closes) the same drill-down.
    await row.locator(".cell-link").nth(1).click();
    await detail.waitFor({ state: "detached" });
    await row.locator(".cell-link").nth(2).click();
    await detail.getByTestId("detail-counts").waitFor();

    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-xlsx").click()]);
    assert.ok(xlsx.suggestedFilename().endsWith(".xlsx"), xlsx.suggestedFilename());
    const zip = await readFile(await xlsx.path());
    assert.equal(zip.subarray(0, 2).toString("latin1"), "PK");

    // The rule (administrators): its version; saving makes a new one. Publishing asks first.
    await page.getByTestId("rule-version").waitFor();
    await page.locator("#per_returned_task").fill("1.5");
    await page.getByTestId("rule-save").click();
    await page.getByTestId("assessment-notice").filter({ hasText: /考核规则已保存为第 \d+ 版/ }).waitFor();
    await page.getByTestId("rule-version").filter({ hasText: /第 \d+ 版，测试管理员于/ }).waitFor();
    assert.equal(await page.locator("#per_returned_task").inputValue(), "1.5");
    await page.getByTestId("publish").click();
    await page.getByTestId("publish-confirm").filter({ hasText: `${year}年度考核结果将按现行规则计算并固定` }).waitFor();
    await fullShot(page, "assessment-publish-confirm");
    await page.getByTestId("publish-confirm").getByRole("button", { name: "取消" }).click();
    await page.getByTestId("publish-confirm").waitFor({ state: "detached" });
    await page.getByTestId("assessment-live").waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });
});
