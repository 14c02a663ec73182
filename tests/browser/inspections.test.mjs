// Special supervision (专项督查), the level-1 outcome handed to a unit, and the command center's
// 起草简报 to-do, end to end through the pages:
//
// a concluded meeting's adopted conclusion asks 清波街道 and 湖滨街道 for a measure each (two
// supervision tasks) and has no briefing yet: the command center finds 起草简报 in its to-dos; it
// starts a 专项督查 of both tasks on 专项督查 (picking them from the task list), records the finding
// on 清波街道's task and corrects it; 清波街道's representative sees the inspection with its own task
// and the finding only, 湖滨街道's its own task, not yet checked. Then a convener resolves a
// level-1 matter with a responsible unit and a deadline: the unit alone is refused next to the
// field, both make a supervision task of that unit.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";

import { ANALYST, BASE, CONVENER, REP, REP2, SHOTS, api, axeViolations, launch, meetingIn, newPage, settle, shot, signIn, tokenOf, unitId } from "./lib.mjs";

let browser;
const sfx = Date.now().toString(36);
const TITLE = `专项督查测试会-${sfx}`;
const M_QINGBO = `清理楼道堆物-${sfx}`;
const M_HUBIN = `整治共享单车乱停放-${sfx}`;
const NAME = `楼道与单车专项督查-${sfx}`;
const DESC = `抽查两街道整改落实情况-${sfx}`;
const FINDING = `现场抽查3个小区，楼道堆物已清理-${sfx}`;
const FINDING2 = `现场抽查5个小区，楼道堆物已全部清理-${sfx}`;
const ESC_TITLE = `河道保洁处置不力-${sfx}`;
const OUTCOME = `责任单位限期完成河道保洁整改-${sfx}`;
const tokens = {};
let qingbo;
let hubin;
let taskQingbo;
let taskHubin;
let inspectionId;
let escalationId;

function ok(r, what) {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** `YYYY-MM-DD`, `days` from today in Beijing. */
function day(days) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

before(async () => {
  browser = await launch();
  tokens.analyst = await tokenOf(ANALYST);
  tokens.convener = await tokenOf(CONVENER);
  const at = tokens.analyst;
  qingbo = await unitId(at, "street-qingbo");
  hubin = await unitId(at, "street-hubin");
  // A meeting under way; its conclusion with a recommendation for each street, adopted (the two
  // supervision tasks); the meeting concluded, no briefing.
  const id = await meetingIn(tokens, { title: TITLE, status: "in_progress", invited: [qingbo, hubin] });
  const etag = (await api(`/meetings/${id}`, { token: at })).headers.get("etag");
  ok(await api(`/meetings/${id}`, { method: "PATCH", token: at, headers: { "if-match": etag }, body: { minutes: "会议记录：各单位作了发言。" } }), "minutes");
  const c = ok(
    await api(`/meetings/${id}/conclusions`, {
      method: "POST",
      token: at,
      body: {
        text: "形成统一结论：开展楼道和单车专项整治。",
        recommendations: [
          { measure: M_QINGBO, responsible_unit_id: qingbo, deadline: day(10) },
          { measure: M_HUBIN, responsible_unit_id: hubin, deadline: day(12) },
        ],
      },
    }),
    "conclusion",
  );
  ok(await api(`/conclusions/${c.id}/adopt`, { method: "POST", token: tokens.convener }), "adopt");
  ok(await api(`/meetings/${id}/transitions`, { method: "POST", token: tokens.convener, body: { to: "concluded" } }), "conclude");
  const tasks = ok(await api(`/supervision-tasks?meeting_id=${id}`, { token: at }), "tasks").items;
  assert.equal(tasks.length, 2, JSON.stringify(tasks));
  taskQingbo = tasks.find((t) => t.measure === M_QINGBO).id;
  taskHubin = tasks.find((t) => t.measure === M_HUBIN).id;
});

after(async () => {
  await browser?.close();
});

function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

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

const nav = (page) => page.getByRole("navigation", { name: "主导航" });

/** Ticks the task `measure` in the picker, paging on until it shows up. */
async function pick(form, measure) {
  for (let i = 0; i < 30; i++) {
    await settle(form.page());
    const box = form.getByRole("checkbox", { name: `纳入督查：${measure}` });
    if (await box.count()) {
      await box.check();
      return;
    }
    const next = form.getByRole("button", { name: "下一页" });
    assert.ok(await next.isEnabled(), `task ${measure} not in the picker`);
    await next.click();
  }
  assert.fail(`task ${measure} not found`);
}

describe("专项督查", () => {
  test("the command center has 起草简报 for the concluded meeting without a briefing", async () => {
    const page = await as(ANALYST);
    await page.getByTestId("todos-loaded").waitFor({ state: "attached" });
    const link = page.locator("#todos").getByRole("link", { name: `起草简报：${TITLE}` });
    await link.waitFor();
    await link.click();
    await page.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(new URL(u).pathname));
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the command center starts an inspection of both tasks and records a finding", async () => {
    const page = await as(ANALYST);
    await nav(page).getByRole("link", { name: "专项督查" }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/inspections");
    await page.getByTestId("start-inspection").click();
    const form = page.getByTestId("start-form");
    await form.waitFor();
    // Name and tasks are required.
    await form.getByRole("button", { name: "发起督查" }).click();
    await form.locator("#inspection-name-error").filter({ hasText: "必填" }).waitFor();
    await form.locator("#task_ids-error").filter({ hasText: "至少勾选一项" }).waitFor();
    await page.locator("#inspection-name").fill(NAME);
    await page.locator("#inspection-description").fill(DESC);
    // Only open tasks not overdue: both new tasks are.
    await page.locator("#pick-status").selectOption("open");
    await page.locator("#pick-overdue").selectOption("false");
    await pick(form, M_QINGBO);
    await pick(form, M_HUBIN);
    await form.getByTestId("chosen-count").filter({ hasText: "已选 2 项" }).waitFor();
    await settle(page);
    await shot(page, "inspections-start-form");
    await assertAxe(page, "start form");
    await form.getByRole("button", { name: "发起督查" }).click();
    await page.waitForURL((u) => /^\/inspections\/[0-9a-f-]{36}$/.test(new URL(u).pathname));
    inspectionId = new URL(page.url()).pathname.split("/").pop();
    await page.getByTestId("inspection-notice").filter({ hasText: "已发起专项督查" }).waitFor();
    assert.equal(await page.getByTestId("inspection-name").innerText(), NAME);
    assert.match(await page.getByTestId("inspection-description").innerText(), new RegExp(DESC));
    const rows = page.getByTestId("inspection-item");
    assert.equal(await rows.count(), 2);
    const qRow = page.locator(`[data-testid=inspection-item][data-task-id="${taskQingbo}"]`);
    const hRow = page.locator(`[data-testid=inspection-item][data-task-id="${taskHubin}"]`);
    assert.match(await qRow.innerText(), /清波街道[\s\S]*待办理[\s\S]*尚未检查/);
    assert.equal(await qRow.getByRole("link", { name: M_QINGBO }).getAttribute("href"), `/supervision-tasks/${taskQingbo}`);
    assert.match(await hRow.innerText(), /湖滨街道/);

    // Record the finding on 清波街道's task (required), then correct it.
    await qRow.getByRole("button", { name: "记录检查情况" }).click();
    await qRow.getByRole("button", { name: "保存" }).click();
    await qRow.locator("#finding-error").filter({ hasText: "必填" }).waitFor();
    await qRow.locator("#finding").fill(FINDING);
    await qRow.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("inspection-notice").filter({ hasText: "检查情况已保存" }).waitFor();
    await qRow.getByTestId("item-finding").filter({ hasText: FINDING }).waitFor();
    // Who and when, in Beijing time.
    assert.match(await qRow.getByTestId("item-checked").innerText(), /记录于 \d{4}-\d\d-\d\d \d\d:\d\d/);
    await qRow.getByRole("button", { name: "更正" }).click();
    assert.equal(await qRow.locator("#finding").inputValue(), FINDING);
    await qRow.locator("#finding").fill(FINDING2);
    await qRow.getByRole("button", { name: "保存" }).click();
    await qRow.getByTestId("item-finding").filter({ hasText: FINDING2 }).waitFor();
    await hRow.getByTestId("item-unchecked").waitFor();
    await page.getByTestId("inspection-progress").filter({ hasText: "共 2 项督办任务，已检查 1 项" }).waitFor();
    await settle(page);
    await fullShot(page, "inspection-analyst");
    await assertAxe(page, "inspection page");

    // The list: two tasks, one checked.
    await page.getByRole("link", { name: "专项督查" }).first().click();
    await page.waitForURL((u) => new URL(u).pathname === "/inspections");
    const row = page.locator(`[data-testid=inspection-row][data-id="${inspectionId}"]`);
    await row.waitFor();
    assert.equal(await row.getByTestId("inspection-tasks").innerText(), "2");
    assert.equal(await row.getByTestId("inspection-checked").innerText(), "1");
    await settle(page);
    await fullShot(page, "inspections-analyst");
    await assertAxe(page, "inspections list");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("清波街道's representative sees its own task and the finding only; 湖滨街道's its own, unchecked", async () => {
    const page = await as(REP);
    await nav(page).getByRole("link", { name: "专项督查" }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/inspections");
    const row = page.locator(`[data-testid=inspection-row][data-id="${inspectionId}"]`);
    await row.waitFor();
    assert.equal(await row.getByTestId("inspection-tasks").innerText(), "1");
    assert.equal(await row.getByTestId("inspection-checked").innerText(), "1");
    // No form to start one.
    assert.equal(await page.getByTestId("start-inspection").count(), 0);
    await row.getByRole("link", { name: NAME }).click();
    await page.waitForURL((u) => new URL(u).pathname === `/inspections/${inspectionId}`);
    const rows = page.getByTestId("inspection-item");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    const text = await rows.first().innerText();
    assert.match(text, new RegExp(M_QINGBO));
    assert.match(text, new RegExp(FINDING2));
    assert.doesNotMatch(await page.getByRole("main").innerText(), new RegExp(M_HUBIN));
    // Reading only.
    assert.equal(await page.getByTestId("record-finding").count(), 0);
    await settle(page);
    await fullShot(page, "inspection-rep");
    assertNoPageErrors(page);
    await page.context().close();

    const hp = await as(REP2);
    await hp.goto(`${BASE}/inspections/${inspectionId}`);
    const hrows = hp.getByTestId("inspection-item");
    await hrows.first().waitFor();
    assert.equal(await hrows.count(), 1);
    assert.match(await hrows.first().innerText(), new RegExp(`${M_HUBIN}[\\s\\S]*尚未检查`));
    assert.doesNotMatch(await hp.getByRole("main").innerText(), new RegExp(FINDING2));
    assertNoPageErrors(hp);
    await hp.context().close();
  });
});

describe("办结 with a responsible unit", () => {
  before(async () => {
    const { analyst: at, convener: ct } = tokens;
    // A poor-disposal item escalated, accepted, scheduled into a level-1 meeting that is held.
    const source = await meetingIn(tokens, { title: `督办来源会议-${sfx}`, invited: [qingbo] });
    const item = ok(
      await api(`/meetings/${source}/agenda-items`, { method: "POST", token: at, body: { category: "poor_disposal", title: ESC_TITLE, summary: "河道保洁多次交办未见成效。" } }),
      "item",
    );
    const esc = ok(await api("/escalations", { method: "POST", token: at, body: { agenda_item_id: item.id, reason: "多次交办未见成效。" } }), "escalate");
    escalationId = esc.id;
    ok(await api(`/escalations/${esc.id}/review`, { method: "POST", token: ct, body: { accept: true, note: "同意提请。" } }), "accept");
    const starts = new Date(Date.now() + 3 * 86400e3);
    const l1 = ok(
      await api("/meetings", {
        method: "POST",
        token: at,
        body: {
          kind: "level1_supervision",
          title: `一级督办联席会议-专项-${sfx}`,
          starts_at: starts.toISOString(),
          ends_at: new Date(starts.getTime() + 7200e3).toISOString(),
          place: "区联动指挥中心三楼会议室",
          chair: "区委副书记",
          invited_unit_ids: [qingbo],
        },
      }),
      "level-1 meeting",
    ).meeting.id;
    ok(await api(`/escalations/${esc.id}/schedule`, { method: "POST", token: at, body: { level1_meeting_id: l1 } }), "schedule");
    const etag = (await api(`/meetings/${l1}`, { token: at })).headers.get("etag");
    ok(
      await api(`/meetings/${l1}`, {
        method: "PATCH",
        token: at,
        headers: { "if-match": etag },
        body: { main_reporter: "联动中心主任", preliminary_analysis: "逐件听取整改情况。" },
      }),
      "prepare",
    );
    ok(await api(`/meetings/${l1}/transitions`, { method: "POST", token: at, body: { to: "scheduled" } }), "scheduled");
    ok(await api(`/meetings/${l1}/transitions`, { method: "POST", token: ct, body: { to: "in_progress", reason: "督办事项紧急，提前召开" } }), "held");
  });

  test("a unit without a deadline is refused next to the field; both make a task of the unit", async () => {
    const page = await as(CONVENER);
    await page.goto(`${BASE}/escalations?status=scheduled`);
    const card = page.getByTestId("escalation").filter({ hasText: ESC_TITLE });
    await card.getByRole("button", { name: "办结" }).waitFor();
    await card.locator("textarea").fill(OUTCOME);
    await card.getByLabel("责任单位").selectOption({ label: "清波街道" });
    await card.getByRole("button", { name: "办结" }).click();
    await card.locator(`#deadline-${escalationId}-error`).filter({ hasText: "必填" }).waitFor();
    await shot(page, "escalation-resolve-unit-refused");
    await card.getByLabel("完成期限").fill(day(20));
    await card.getByRole("button", { name: "办结" }).click();
    await card.getByTestId("esc-status").filter({ hasText: "已办结" }).waitFor();
    await page.getByTestId("esc-notice").filter({ hasText: `已生成清波街道的督办任务，完成期限 ${day(20)}` }).waitFor();
    await shot(page, "escalation-resolved-with-unit");
    const tasks = ok(await api(`/supervision-tasks?unit_id=${qingbo}&page_size=100`, { token: tokens.analyst }), "tasks").items;
    const t = tasks.find((x) => x.escalation_id === escalationId);
    assert.ok(t, "a supervision task of the level-1 outcome");
    assert.equal(t.measure, OUTCOME);
    assert.equal(t.deadline, day(20));
    assertNoPageErrors(page);
    await page.context().close();
  });
});
