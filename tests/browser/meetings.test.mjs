// The meeting workflow in a real browser: a convener creates a regular meeting, the analyst
// prepares the five-category agenda, a street submits its opinion with a PDF, the convener runs
// and concludes the meeting and escalates a poorly handled case; roles and unit isolation; 422.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { ANALYST, BASE, CONVENER, REP, REP2, api, launch, newPage, shot, signIn, tokenOf } from "./lib.mjs";

let browser;
const suffix = Date.now().toString(36);
const TITLE = `E2E例会-${suffix}`;
let meetingId;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

async function as(user, width) {
  const page = await newPage(browser, width ? { width, height: 800 } : undefined);
  await signIn(page, user);
  return page;
}

const CATEGORIES = [
  ["repeated_demands", "老旧小区停车矛盾重复投诉"],
  ["poor_disposal", "违建拆除处置不力"],
  ["satisfaction", "本月满意度回访情况"],
  ["suggestions", "下阶段重点工作建议"],
  ["other", "上月督办事项通报"],
];

describe("meeting workflow", () => {
  test("a special-topic meeting without a reason shows the 422 next to the field", async () => {
    const page = await as(CONVENER);
    await page.goto(BASE + "/meetings/new");
    await page.locator("#kind").selectOption("special_topic");
    await page.locator("#title").fill(`专题会-${suffix}`);
    await page.getByTestId("meeting-form").getByRole("button", { name: "新建" }).click();
    const err = page.locator('[data-field="trigger_reason"]');
    await err.waitFor();
    assert.match(await err.innerText(), /必填/);
    assert.equal(await page.locator("#trigger_reason").getAttribute("aria-invalid"), "true");
    assert.equal(new URL(page.url()).pathname, "/meetings/new");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("a convener creates a regular meeting inviting 清波街道", async () => {
    const page = await as(CONVENER);
    await page.getByRole("link", { name: "会议", exact: true }).click();
    await page.getByTestId("meetings-page").waitFor();
    await page.getByRole("link", { name: "新建会议" }).click();
    await page.locator("#title").fill(TITLE);
    const qingbo = page.getByTestId("invited-units").getByLabel("清波街道");
    await page.getByTestId("invited-units").locator("input:checked").first().waitFor();
    assert.equal(await qingbo.isChecked(), true);
    assert.equal(await page.getByTestId("invited-units").getByLabel("湖滨街道").isChecked(), true);
    await page.getByTestId("meeting-form").getByRole("button", { name: "新建" }).click();
    await page.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(new URL(u).pathname));
    meetingId = new URL(page.url()).pathname.split("/").pop();
    await page.getByTestId("meeting-title").filter({ hasText: TITLE }).waitFor();
    assert.match(await page.getByTestId("status").first().innerText(), /草稿/);
    const parts = page.getByTestId("participants");
    await parts.filter({ hasText: "清波街道" }).waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the analyst fills the five categories, reorders, sets reporter and analysis, and schedules", async () => {
    const page = await as(ANALYST);
    await page.goto(`${BASE}/meetings/${meetingId}`);
    await page.getByTestId("workspace").waitFor();
    const items = [...CATEGORIES, ["repeated_demands", "夜间施工噪音扰民"]];
    for (const [i, [cat, title]] of items.entries()) {
      await page.getByTestId(`add-${cat}`).click();
      const form = page.getByTestId("agenda-form");
      await form.locator("#ai-title").fill(title);
      await form.locator("#ai-summary").fill(`${title}：情况概述。`);
      await form.locator("#ai-figures").fill("本月件数：37件\n重复投诉：21件");
      await form.locator("#ai-cases").fill(`LD-2026-${100 + i}, LD-2026-${200 + i}`);
      await form.locator("#ai-causes").fill("物业管理缺位");
      await form.locator("#ai-weak").fill("部门协同不足");
      await form.locator("#ai-remedies").fill("建立联席处置机制");
      await form.getByRole("button", { name: "保存" }).click();
      await page.getByTestId("agenda-item").nth(i).waitFor();
      await form.waitFor({ state: "detached" });
    }
    // The five categories in their fixed order.
    const cats = await page.locator(".agenda-cat").evaluateAll((els) => els.map((e) => e.dataset.category));
    assert.deepEqual(cats, CATEGORIES.map(([c]) => c));
    const first = page.locator('[data-category="repeated_demands"] [data-testid="agenda-item"]');
    assert.match(await first.nth(0).innerText(), /老旧小区停车/);
    assert.match(await first.nth(0).innerText(), /重复投诉：21件/);
    await first.nth(0).getByRole("button", { name: "下移" }).click();
    await first.nth(0).filter({ hasText: "夜间施工噪音扰民" }).waitFor();

    const prep = page.getByTestId("prep-form");
    await prep.locator("#main_reporter").fill("联动指挥中心 周主任");
    await prep.locator("#preliminary_analysis").fill("本月重复诉求集中在停车与噪音，建议重点督办违建处置。");
    await prep.getByRole("button", { name: "保存" }).click();
    await page.locator("#prep-card").getByTestId("form-success").filter({ hasText: "已保存" }).waitFor();
    await page.getByTestId("readiness").getByText("✓ 初步分析研判意见").waitFor();
    await page.getByText("已就绪，可以开始").waitFor();
    // An analyst may schedule but not start.
    const buttons = page.getByTestId("transitions");
    assert.equal(await buttons.getByRole("button", { name: "开始会议" }).count(), 0);
    await buttons.getByRole("button", { name: "安排会议" }).click();
    await page.getByTestId("status").filter({ hasText: "已安排" }).waitFor();
    assert.equal(await buttons.getByRole("button", { name: "取消会议" }).count(), 0);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("a unit_rep uploads a PDF and submits its opinion; it sees only its own unit's", async () => {
    const page = await as(REP);
    assert.equal(await page.getByTestId("admin-nav").count(), 0);
    await page.getByRole("link", { name: "本单位" }).click();
    await page.getByTestId("my-unit-page").waitFor();
    const row = page.getByTestId("unit-meetings").locator("tr", { hasText: TITLE });
    await row.getByRole("button", { name: "报送研判意见" }).click();
    const form = page.getByTestId("submission-form");
    await form.locator("#opinion").fill("清波街道：停车矛盾集中在老旧小区，建议增设错时停车。");
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    await form.locator("#file").setInputFiles({ name: "清波街道研判材料.pdf", mimeType: "application/pdf", buffer: pdf });
    await form.getByRole("button", { name: "上传" }).click();
    await page.getByTestId("staged-files").getByText("清波街道研判材料.pdf").waitFor();
    // A file that is not what it says is refused with the 415 message.
    await form.locator("#file").setInputFiles({ name: "fake.pdf", mimeType: "application/pdf", buffer: Buffer.from("not a pdf") });
    await form.getByRole("button", { name: "上传" }).click();
    await page.getByTestId("form-error").filter({ hasText: "不支持该文件类型" }).waitFor();
    await form.getByRole("button", { name: "报送研判意见" }).click();
    await page.getByTestId("form-success").filter({ hasText: "研判意见已报送" }).waitFor();
    const history = page.getByTestId("submission-history");
    await history.getByText("第 1 版").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      history.getByTestId("download").first().click(),
    ]);
    assert.equal(download.suggestedFilename(), "清波街道研判材料.pdf");
    await shot(page, "my-unit");

    // In the workspace: no tracker, only the unit's own submission.
    await page.goto(`${BASE}/meetings/${meetingId}`);
    await page.getByTestId("submission-history").waitFor();
    assert.equal(await page.getByTestId("tracker").count(), 0);
    assert.equal(await page.getByTestId("submission").count(), 1);
    assert.equal(await page.getByTestId("transitions").getByRole("button").count(), 0);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("another street's rep gets 无权访问 for 清波's submission and the admin pages", async () => {
    const token = await tokenOf(ANALYST);
    const tracker = await api(`/meetings/${meetingId}/submission-tracker`, { token });
    assert.equal(tracker.status, 200);
    const qingbo = tracker.body.items.find((r) => r.unit_name === "清波街道");
    assert.equal(qingbo.state, "submitted");
    const page = await as(REP2);
    await page.goto(`${BASE}/submissions/${qingbo.latest_submission_id}`);
    await page.getByTestId("forbidden").getByText("无权访问").waitFor();
    await page.goto(`${BASE}/admin/users`);
    await page.getByTestId("forbidden").waitFor();
    await page.goto(`${BASE}/meetings/${meetingId}`);
    await page.getByTestId("submission-panel").getByText("本单位尚未报送").waitFor();
    assert.equal(await page.getByTestId("tracker").count(), 0);
    assert.equal(await page.getByText("清波街道：停车矛盾").count(), 0);
    const t2 = await tokenOf(REP2);
    assert.equal((await api(`/meetings/${meetingId}/submission-tracker`, { token: t2 })).status, 403);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the convener starts the meeting, records attendance, minutes, a conclusion, escalates and concludes", async () => {
    const page = await as(CONVENER);
    await page.goto(`${BASE}/meetings/${meetingId}`);
    const tracker = page.getByTestId("tracker");
    await tracker.locator("tr", { hasText: "清波街道" }).getByText("已报送").waitFor();
    await tracker.locator("tr", { hasText: "湖滨街道" }).getByText("未报送").waitFor();
    const buttons = page.getByTestId("transitions");
    // The meeting lies ahead and submissions are open: starting asks for a confirmation that
    // says what it does, and a reason, which the meeting then shows.
    await buttons.getByRole("button", { name: "开始会议" }).click();
    const early = page.getByTestId("early-start");
    await early.getByText("开始会议将立即停止报送").waitFor();
    assert.equal(await page.getByTestId("status").filter({ hasText: "已安排" }).count(), 1);
    assert.equal(await early.getByRole("button", { name: "确认提前开始" }).isDisabled(), true);
    await early.locator("#reason").fill("区委主要领导下周出差，会议提前召开");
    await early.getByRole("button", { name: "确认提前开始" }).click();
    await page.getByTestId("status").filter({ hasText: "进行中" }).waitFor();
    await page.getByTestId("early-start-reason").filter({ hasText: "提前召开" }).waitFor();

    // Attendance: one form for every unit, 全部出席 then one exception, saved once.
    const att = page.getByTestId("attendance-form");
    await att.getByTestId("all-present").click();
    await att.locator('[data-unit="清波街道"]').getByText("未保存").waitFor();
    await att.locator('[data-unit="湖滨街道"] select').selectOption("excused");
    await att.getByLabel("湖滨街道 出席人员").fill("");
    await att.locator('[data-unit="清波街道"]').getByLabel("清波街道 出席人员").fill("王芳、赵磊");
    // An excused absence without its reason is named on its row and nothing is saved.
    await att.getByTestId("save-attendance").click();
    await att.locator('[data-unit="湖滨街道"] .field-error').waitFor();
    assert.equal(await page.locator('[data-unit="清波街道"][data-att="present"]').count(), 0);
    await att.getByLabel("湖滨街道 说明").fill("参加市里防汛会议");
    await att.getByTestId("save-attendance").click();
    await page.getByTestId("form-success").filter({ hasText: "出席情况已保存" }).waitFor();
    await page.locator('[data-unit="清波街道"][data-att="present"]').waitFor();
    await page.locator('[data-unit="湖滨街道"][data-att="excused"]').waitFor();
    await att.locator('[data-unit="清波街道"]').getByText("已保存").waitFor();
    await shot(page, "attendance");
    // Concluding too early answers 409 with the reason.
    await buttons.getByRole("button", { name: "结束会议" }).click();
    await page.getByTestId("form-error").filter({ hasText: "会议尚不能结束" }).waitFor();

    const minutes = page.getByTestId("minutes-form");
    await minutes.locator("#minutes").fill("会议听取了联动指挥中心的汇报，各街道作了发言，形成结论如下。");
    await minutes.getByRole("button", { name: "保存" }).click();
    // Scoped to the minutes card: the attendance card's 出席情况已保存 is still on the page.
    await page.locator("#minutes-card").getByTestId("form-success").filter({ hasText: "已保存" }).waitFor();

    // The poor-disposal item: escalate to level 1.
    const poor = page.locator('[data-category="poor_disposal"] [data-testid="agenda-item"]');
    await poor.locator("select").selectOption("true");
    await poor.locator("#decision-reason").fill("三次交办仍未整改，需区级层面督办。");
    await poor.getByRole("button", { name: "保存决定" }).click();
    await poor.getByTestId("decision-state").filter({ hasText: "提请一级督办" }).waitFor();
    await poor.getByTestId("escalation-state").filter({ hasText: "待决定" }).waitFor();

    // A conclusion with a recommendation, adopted.
    await page.getByRole("button", { name: "＋ 起草结论" }).click();
    const cf = page.getByTestId("conclusion-form");
    await cf.locator("#conclusion-text").fill("各街道加强老旧小区停车管理，城管局牵头违建整治。");
    await cf.getByRole("button", { name: "＋ 添加对策建议" }).click();
    await cf.getByLabel("措施").fill("开展错时停车试点");
    await cf.locator(".rec-row select").selectOption({ label: "清波街道" });
    await cf.getByLabel("完成期限").fill("2030-06-30");
    await cf.getByRole("button", { name: "保存" }).click();
    const conclusion = page.getByTestId("conclusion").first();
    await conclusion.getByText("开展错时停车试点").waitFor();
    await conclusion.getByRole("button", { name: "通过" }).click();
    await conclusion.getByText("已通过").waitFor();

    await buttons.getByRole("button", { name: "结束会议" }).click();
    await page.getByTestId("status").filter({ hasText: "已结束" }).waitFor();
    await page.getByTestId("ro-minutes").filter({ hasText: "会议听取了" }).waitFor();
    assert.equal(await page.getByTestId("minutes-form").count(), 0);
    await page.getByText("请假").first().waitFor();
    await shot(page, "meeting-workspace");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("escalations: the convener accepts, the analyst schedules into a level-1 meeting, the convener resolves", async () => {
    const page = await as(CONVENER);
    await page.getByRole("link", { name: "提请督办" }).click();
    const card = page.getByTestId("escalation").filter({ hasText: "违建拆除处置不力" });
    await card.locator("textarea").fill("同意提请一级督办联席会议研究。");
    await shot(page, "escalations");
    await card.getByRole("button", { name: "同意提请" }).click();
    // The accepted escalation stays in view, the filter following it.
    await card.getByTestId("esc-status").filter({ hasText: "已同意" }).waitFor();

    // A level-1 meeting to take it (created through the API to save time).
    const at = await tokenOf(ANALYST);
    const starts = new Date(Date.now() + 10 * 86400e3);
    const l1 = await api("/meetings", {
      method: "POST",
      token: at,
      body: {
        kind: "level1_supervision",
        title: `一级督办联席会议-${suffix}`,
        starts_at: starts.toISOString(),
        ends_at: new Date(starts.getTime() + 7200e3).toISOString(),
        place: "区委第一会议室",
        chair: "区委副书记",
      },
    });
    assert.equal(l1.status, 201);
    const l1Id = l1.body.meeting.id;

    const ap = await as(ANALYST);
    await ap.goto(BASE + "/escalations");
    const acard = ap.getByTestId("escalation").filter({ hasText: "违建拆除处置不力" });
    await acard.locator("select").selectOption({ label: `一级督办联席会议-${suffix}` });
    await acard.getByRole("button", { name: "安排进会议" }).click();
    await acard.getByText("已安排上会").waitFor();
    await ap.goto(`${BASE}/meetings/${l1Id}`);
    const item = ap.getByTestId("agenda-item").filter({ hasText: "提请督办事项" });
    await item.getByTestId("source-escalation").filter({ hasText: "已安排上会" }).waitFor();
    await ap.context().close();

    // The level-1 meeting is held (through the API): a matter is resolved only there.
    const ct = await tokenOf(CONVENER);
    const got = await api(`/meetings/${l1Id}`, { token: at });
    const prep = await api(`/meetings/${l1Id}`, {
      method: "PATCH",
      token: at,
      headers: { "if-match": got.headers.get("etag") },
      body: { main_reporter: "联动中心主任", preliminary_analysis: "逐件听取整改情况。" },
    });
    assert.equal(prep.status, 200);
    assert.equal((await api(`/meetings/${l1Id}/transitions`, { method: "POST", token: at, body: { to: "scheduled" } })).status, 200);
    assert.equal((await api(`/meetings/${l1Id}/transitions`, { method: "POST", token: ct, body: { to: "in_progress", reason: "督办事项紧急，提前召开" } })).status, 200);

    await page.locator("#f-esc-status").selectOption("scheduled");
    const scard = page.getByTestId("escalation").filter({ hasText: "违建拆除处置不力" });
    await scard.locator("textarea").fill("责任单位限期一个月内拆除，纪委跟踪问责。");
    await scard.getByRole("button", { name: "办结" }).click();
    await scard.getByTestId("esc-status").filter({ hasText: "已办结" }).waitFor();
    await page.goto(`${BASE}/meetings/${l1Id}`);
    await page.getByTestId("source-escalation").filter({ hasText: "责任单位限期一个月内拆除" }).waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("home shows this month's meeting, the cadence and to-dos; list and calendar views", async () => {
    const page = await as(CONVENER);
    await page.getByTestId("cadence").locator(".rhythm-month").first().waitFor();
    await page.locator("#month-meetings a").first().waitFor();
    await page.locator("#todos li").first().waitFor();
    await shot(page, "home-convener");
    await page.getByRole("link", { name: "会议", exact: true }).click();
    await page.getByTestId("meetings-table").waitFor();
    await page.locator("#f-q").fill(suffix);
    await page.getByRole("button", { name: "查询" }).click();
    await page.getByTestId("meetings-table").getByRole("link", { name: TITLE }).waitFor();
    await page.getByRole("button", { name: "重置" }).click();
    await page.getByTestId("page-info").waitFor();
    await shot(page, "meetings-list");
    await page.getByRole("button", { name: "日历" }).click();
    await page.getByTestId("calendar").waitFor();
    // The meeting sits in next week: move forward a month if it falls there.
    if ((await page.getByTestId("calendar").getByText(TITLE).count()) === 0) {
      await page.getByRole("button", { name: "下个月" }).click();
    }
    await page.getByTestId("calendar").getByText(TITLE).waitFor();
    await shot(page, "meetings-calendar");
    const phone = await newPage(browser, { width: 375, height: 740 });
    await signIn(phone, REP);
    await phone.goto(`${BASE}/meetings/${meetingId}`);
    await phone.getByTestId("workspace").waitFor();
    await shot(phone, "meeting-workspace-375");
    await phone.context().close();
    assertNoPageErrors(page);
    await page.context().close();
  });
});
