// The meeting page beyond the happy path: editing a meeting after it was created (time, place,
// chair, units, an agenda item, a draft conclusion), two people editing one item, and the
// meeting's documents and print view.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { ANALYST, BASE, CONVENER, api, launch, newPage, shot, signIn, tokenOf } from "./lib.mjs";

let browser;
const suffix = Date.now().toString(36);
let meetingId;
let itemId;
let units;

before(async () => {
  browser = await launch();
  const ct = await tokenOf(CONVENER);
  const at = await tokenOf(ANALYST);
  units = (await api("/units?page_size=100", { token: at })).body.items;
  const street = (name) => units.find((u) => u.name === name).id;
  const starts = new Date(Date.now() + 12 * 86400 * 1000);
  const ends = new Date(starts.getTime() + 2 * 3600 * 1000);
  const m = await api("/meetings", {
    method: "POST",
    token: ct,
    body: {
      kind: "special_topic", title: `工作台测试-${suffix}`, trigger: "hot_issue", trigger_reason: "电梯加装矛盾集中",
      starts_at: starts.toISOString(), ends_at: ends.toISOString(), place: "区联动指挥中心三楼会议室", chair: "区委副书记",
      invited_unit_ids: [street("清波街道"), street("湖滨街道")],
    },
  });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  meetingId = m.body.meeting.id;
  const item = await api(`/meetings/${meetingId}/agenda-items`, {
    method: "POST",
    token: at,
    body: { category: "repeated_demands", title: "加装电梯重复投诉", summary: "本月 37 件", evidence: { figures: [], case_numbers: [] } },
  });
  assert.equal(item.status, 201, JSON.stringify(item.body));
  itemId = item.body.id;
  const extra = await api(`/meetings/${meetingId}/agenda-items`, {
    method: "POST",
    token: at,
    body: { category: "other", title: "误建的议题", summary: "待删除", evidence: { figures: [], case_numbers: [] } },
  });
  assert.equal(extra.status, 201);
  const c = await api(`/meetings/${meetingId}/conclusions`, { method: "POST", token: at, body: { text: "误建的结论草稿" } });
  assert.equal(c.status, 201, JSON.stringify(c.body));
});

after(async () => {
  await browser?.close();
});

function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

async function as(user) {
  const page = await newPage(browser);
  await signIn(page, user);
  page.on("dialog", (d) => d.accept());
  return page;
}

describe("the meeting page", () => {
  test("a new meeting's form names every missing field at once", async () => {
    const page = await as(CONVENER);
    await page.goto(BASE + "/meetings/new");
    await page.locator("#title").fill(`缺项-${suffix}`);
    await page.locator("#starts_at").fill("");
    await page.locator("#place").fill("");
    await page.locator("#chair").fill("");
    await page.getByTestId("meeting-form").getByRole("button", { name: "新建" }).click();
    for (const f of ["starts_at", "place", "chair"]) {
      await page.locator(`[data-field="${f}"]`).waitFor();
      assert.equal(await page.locator(`#${f}`).getAttribute("aria-invalid"), "true", f);
    }
    assert.equal(new URL(page.url()).pathname, "/meetings/new");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("an organiser edits a meeting after creating it: time, place, chair, units, an item and a draft", async () => {
    const page = await as(ANALYST);
    await page.goto(`${BASE}/meetings/${meetingId}`);
    await page.getByTestId("edit-meeting").click();
    const form = page.getByTestId("meeting-form");
    await form.locator("#m-place").fill("区行政中心二号会议室");
    await form.locator("#m-chair").fill("区政府副区长");
    await form.locator("#m-starts").fill("2027-01-12T09:30");
    await form.locator("#m-ends").fill("2027-01-12T11:30");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("meeting-place").filter({ hasText: "区行政中心二号会议室" }).waitFor();
    await page.getByTestId("meeting-chair").filter({ hasText: "区政府副区长" }).waitFor();
    await page.getByTestId("meeting-time").filter({ hasText: "2027-01-12 09:30 – 11:30" }).waitFor();
    const saved = (await api(`/meetings/${meetingId}`, { token: await tokenOf(ANALYST) })).body.meeting;
    assert.equal(saved.place, "区行政中心二号会议室");
    assert.equal(saved.starts_at, "2027-01-12T01:30:00Z");

    // Units: 湖滨街道 leaves, 南星街道 joins.
    const parts = page.getByTestId("participants");
    await parts.locator('[data-unit="湖滨街道"]').getByRole("button", { name: "移除" }).click();
    await parts.locator('[data-unit="湖滨街道"]').waitFor({ state: "detached" });
    await page.locator("#add-unit").selectOption({ label: "南星街道" });
    await page.getByTestId("add-participant").getByRole("button", { name: "添加参会单位" }).click();
    await parts.locator('[data-unit="南星街道"]').waitFor();

    // A mistaken agenda item and a mistaken draft conclusion are deleted.
    const wrong = page.getByTestId("agenda-item").filter({ hasText: "误建的议题" });
    await wrong.getByTestId("delete-item").click();
    await wrong.waitFor({ state: "detached" });
    await page.getByText("误建的结论草稿").waitFor();
    await page.getByTestId("delete-draft").click();
    await page.getByText("误建的结论草稿").waitFor({ state: "detached" });
    const names = (await api(`/meetings/${meetingId}/participants`, { token: await tokenOf(ANALYST) })).body.items.map((p) => p.unit_name);
    assert.deepEqual(names.sort(), ["南星街道", "清波街道"].sort());
    await shot(page, "meeting-edit");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("two people editing one item: the second sees the other's change beside theirs and chooses per field", async () => {
    const first = await as(ANALYST);
    await first.goto(`${BASE}/meetings/${meetingId}`);
    const item = first.getByTestId("agenda-item").filter({ hasText: "加装电梯重复投诉" });
    await item.getByRole("button", { name: "编辑" }).click();
    const form = first.getByTestId("agenda-form");
    await form.locator("#ai-summary").fill("本月 41 件，较上月增加 4 件");

    // Meanwhile a colleague renames the item.
    const at = await tokenOf(ANALYST);
    const cur = await api(`/agenda-items/${itemId}`, { token: at });
    const other = await api(`/agenda-items/${itemId}`, {
      method: "PATCH",
      token: at,
      headers: { "if-match": cur.headers.get("etag") },
      body: { title: "老旧小区加装电梯重复投诉" },
    });
    assert.equal(other.status, 200);

    await form.getByRole("button", { name: "保存" }).click();
    await first.getByTestId("stale-banner").waitFor();
    await first.getByTestId("stale-reload").click();
    const conflict = first.getByTestId("conflict");
    const title = conflict.locator('[data-field="title"]');
    await title.getByTestId("theirs").filter({ hasText: "老旧小区加装电梯重复投诉" }).waitFor();
    assert.equal(await title.getByTestId("mine").innerText(), "加装电梯重复投诉");
    const summary = conflict.locator('[data-field="summary"]');
    await summary.getByTestId("mine").filter({ hasText: "41 件" }).waitFor();
    await shot(first, "agenda-conflict");
    await title.getByRole("button", { name: "采用他人的" }).click();
    await summary.getByRole("button", { name: "保留我的" }).click();
    await conflict.waitFor({ state: "detached" });
    await form.getByRole("button", { name: "保存" }).click();
    await form.waitFor({ state: "detached" });
    const after = (await api(`/agenda-items/${itemId}`, { token: at })).body;
    assert.equal(after.title, "老旧小区加装电梯重复投诉");
    assert.equal(after.summary, "本月 41 件，较上月增加 4 件");
    assertNoPageErrors(first);
    await first.context().close();
  });

  test("the meeting's documents download under their Chinese names and the page prints without the app around it", async () => {
    const page = await as(CONVENER);
    await page.goto(`${BASE}/meetings/${meetingId}`);
    const docs = page.getByTestId("documents");
    for (const [doc, name] of [["notice", "会议通知.docx"], ["sign-in-sheet", "签到表.docx"], ["attendance", "出席情况.xlsx"], ["submission-tracker", "研判意见报送情况.xlsx"]]) {
      const [download] = await Promise.all([page.waitForEvent("download"), docs.locator(`[data-doc="${doc}"]`).click()]);
      assert.ok(download.suggestedFilename().endsWith(name), download.suggestedFilename());
      const path = await download.path();
      assert.ok(path, "the file was saved");
    }
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".sidenav").isVisible(), false);
    assert.equal(await page.getByTestId("transitions").isVisible(), false);
    assert.equal(await page.getByTestId("meeting-title").isVisible(), true);
    await shot(page, "meeting-print");
    await page.emulateMedia({ media: "screen" });
    assertNoPageErrors(page);
    await page.context().close();
  });
});
