// The flows between the pages: a resubmission with a newly chosen file (no separate 上传 click),
// the level-1 supervision flow on 提请督办 (the changed escalation stays in view, a new level-1
// meeting from there and back, 办结 only once that meeting was held), the to-do list per role,
// the readiness card after the meeting, and the month of a new regular meeting.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { ADMIN, ANALYST, BASE, CONVENER, INSPECTOR, REP, api, launch, newPage, shot, signIn, tokenOf } from "./lib.mjs";

let browser;
const suffix = Date.now().toString(36);
const tokens = {};

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

async function as(user) {
  const page = await newPage(browser);
  await signIn(page, user);
  return page;
}

async function token(user) {
  tokens[user.username] ??= await tokenOf(user);
  return tokens[user.username];
}

/** An API call that must succeed; answers the body (and the ETag as `etag`). */
async function ok(user, path, { method = "GET", body, headers } = {}) {
  const r = await api(path, { method, token: await token(user), body, headers });
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  if (r.body && typeof r.body === "object") r.body.etag = r.headers.get("etag");
  return r.body;
}

async function unitId(code) {
  const p = await ok(ADMIN, `/units?q=${encodeURIComponent(code)}&page_size=100`);
  const u = p.items.find((x) => x.code === code);
  assert.ok(u, `unit ${code}`);
  return u.id;
}

/** A special-topic meeting (no month to collide with) inviting 清波街道; `daysAhead` may be < 0. */
async function meeting(title, { daysAhead = 14, kind = "special_topic" } = {}) {
  const starts = new Date(Date.now() + daysAhead * 86400e3);
  const body = {
    kind,
    title,
    starts_at: starts.toISOString(),
    ends_at: new Date(starts.getTime() + 7200e3).toISOString(),
    place: "区联动指挥中心三楼会议室",
    chair: "区委副书记",
    invited_unit_ids: [await unitId("street-qingbo")],
  };
  if (kind === "special_topic") Object.assign(body, { trigger: "hot_issue", trigger_reason: "近期热点问题集中" });
  const d = await ok(ANALYST, "/meetings", { method: "POST", body });
  return d.meeting.id;
}

async function item(meetingId, category, title) {
  return (await ok(ANALYST, `/meetings/${meetingId}/agenda-items`, { method: "POST", body: { category, title, summary: `${title}：情况概述。` } })).id;
}

async function prepare(meetingId) {
  const m = await ok(ANALYST, `/meetings/${meetingId}`);
  await ok(ANALYST, `/meetings/${meetingId}`, {
    method: "PATCH",
    headers: { "if-match": m.etag },
    body: { main_reporter: "联动中心主任", preliminary_analysis: "逐项听取情况。" },
  });
}

async function move(user, meetingId, to, reason) {
  return ok(user, `/meetings/${meetingId}/transitions`, { method: "POST", body: reason ? { to, reason } : { to } });
}

/** Uploads a file as the unit representative; answers the attachment. */
async function upload(meetingId, name, bytes) {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "application/pdf" }), name);
  const res = await fetch(`${BASE}/api/v1/meetings/${meetingId}/attachments`, {
    method: "POST",
    headers: { authorization: `Bearer ${await token(REP)}` },
    body: form,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

const pdf = (text) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

/** The to-do list once loaded. */
async function todosOf(page) {
  await page.getByTestId("todos-loaded").waitFor({ state: "attached" });
  return page.locator("#todos").innerText();
}

describe("flows", () => {
  test("resubmitting with a changed text and a newly chosen PDF, without 上传, submits the file", async () => {
    const title = `重报测试-${suffix}`;
    const id = await meeting(title);
    await move(ANALYST, id, "scheduled");
    const old = await upload(id, "旧材料.pdf", pdf("old"));
    await ok(REP, `/meetings/${id}/submissions`, { method: "POST", body: { opinion: "第一版意见。", attachment_ids: [old.id] } });

    const page = await as(REP);
    await page.getByRole("link", { name: "本单位" }).click();
    await page.getByTestId("unit-meetings").locator("tr", { hasText: title }).getByRole("button", { name: "报送研判意见" }).click();
    const form = page.getByTestId("submission-form");
    // The form starts from version 1.
    await page.getByTestId("staged-files").getByText("旧材料.pdf").waitFor();
    assert.equal(await form.locator("#opinion").inputValue(), "第一版意见。");
    await form.locator("#opinion").fill("第二版意见：补充了新材料。");
    await form.locator("#file").setInputFiles({ name: "新材料.pdf", mimeType: "application/pdf", buffer: pdf("new") });
    await page.getByTestId("chosen-files").getByText("新材料.pdf").waitFor();
    await form.getByRole("button", { name: "报送研判意见" }).click();
    await page.getByTestId("form-success").filter({ hasText: "第 2 版" }).waitFor();
    assert.match(await page.getByTestId("form-success").innerText(), /研判意见已报送（第 2 版，附件 2 个）/);
    // The list is the submitted version's files; the input is empty again.
    await page.getByTestId("staged-files").getByText("新材料.pdf").waitFor();
    assert.equal(await page.getByTestId("chosen-files").count(), 0);
    assert.equal(await form.locator("#file").evaluate((i) => i.files.length), 0);
    const latest = page.getByTestId("submission-history").getByTestId("submission").first();
    await latest.getByText("第 2 版").waitFor();
    await latest.getByText("新材料.pdf").waitFor();
    await shot(page, "flows-resubmit");

    // The API agrees: version 2 carries the new file (and the old one that stayed in the list).
    const subs = (await ok(REP, `/meetings/${id}/submissions`)).items;
    const v2 = subs.find((s) => s.version_no === 2);
    assert.ok(v2, "version 2 exists");
    assert.equal(v2.opinion, "第二版意见：补充了新材料。");
    assert.deepEqual(v2.attachments.map((a) => a.filename).sort(), ["新材料.pdf", "旧材料.pdf"].sort());

    // A refused file stops the submission with the file named; nothing is claimed as sent.
    await form.locator("#opinion").fill("第三版意见。");
    await form.locator("#file").setInputFiles({ name: "假文件.pdf", mimeType: "application/pdf", buffer: Buffer.from("not a pdf") });
    await form.getByRole("button", { name: "报送研判意见" }).click();
    const err = page.getByTestId("submission-form").getByTestId("form-error").first();
    await err.filter({ hasText: "研判意见未报送" }).waitFor();
    assert.match(await err.innerText(), /假文件\.pdf/);
    assert.equal(await page.getByTestId("form-success").count(), 0);
    assert.equal((await ok(REP, `/meetings/${id}/submissions`)).items.length, 2);
    await shot(page, "flows-resubmit-refused");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("level 1: an accepted escalation stays in view, a level-1 meeting is created from there, 办结 only once held", async () => {
    // No open level-1 meeting to start with: the empty dropdown must say so.
    const open = await ok(CONVENER, "/meetings?kind=level1_supervision&page_size=100");
    for (const m of open.items.filter((m) => ["draft", "scheduled", "in_progress"].includes(m.status))) {
      await move(CONVENER, m.id, "cancelled", "测试前清理");
    }
    const source = await meeting(`督办来源会议-${suffix}`);
    const escTitle = `违规占道经营处置不力-${suffix}`;
    const itemId = await item(source, "poor_disposal", escTitle);
    await ok(ANALYST, "/escalations", { method: "POST", body: { agenda_item_id: itemId, reason: "多次交办未见成效。" } });

    const page = await as(CONVENER);
    await page.getByRole("link", { name: "提请督办" }).click();
    assert.equal(await page.locator("#f-esc-status").inputValue(), "pending");
    const card = page.getByTestId("escalation").filter({ hasText: escTitle });
    await card.locator("textarea").fill("同意提请一级督办联席会议研究。");
    await card.getByRole("button", { name: "同意提请" }).click();
    // Still in view, now accepted; the filter followed it; the notice says what comes next.
    await card.getByTestId("esc-status").filter({ hasText: "已同意" }).waitFor();
    await page.getByTestId("esc-notice").filter({ hasText: "下一步" }).waitFor();
    assert.equal(await page.locator("#f-esc-status").inputValue(), "accepted");
    // No level-1 meeting to take it: said so, with the way to create one.
    const none = card.getByTestId("no-level1");
    await none.getByText("目前没有可安排的一级督办联席会议").waitFor();
    await shot(page, "flows-escalation-accepted");
    await none.getByRole("link", { name: "新建一级督办会议" }).click();

    await page.getByTestId("meeting-new-page").waitFor();
    assert.equal(await page.locator("#kind").inputValue(), "level1_supervision");
    const l1Title = `一级督办联席会议-流程-${suffix}`;
    await page.locator("#title").fill(l1Title);
    await page.getByTestId("meeting-form").getByRole("button", { name: "新建" }).click();
    // Back on the escalations, at the accepted ones.
    await page.waitForURL((u) => new URL(u).pathname === "/escalations");
    assert.equal(new URL(page.url()).searchParams.get("status"), "accepted");
    await page.getByTestId("flash").filter({ hasText: l1Title }).waitFor();
    const acard = page.getByTestId("escalation").filter({ hasText: escTitle });
    await acard.locator("select").selectOption({ label: l1Title });
    await acard.getByRole("button", { name: "安排进会议" }).click();
    await acard.getByTestId("esc-status").filter({ hasText: "已安排上会" }).waitFor();
    assert.equal(await page.locator("#f-esc-status").inputValue(), "scheduled");
    await acard.getByTestId("esc-level1").getByText(l1Title).waitFor();
    // Not held yet: no 办结, and why.
    await acard.getByTestId("resolve-blocked").filter({ hasText: "一级督办联席会议尚未召开" }).waitFor();
    assert.equal(await acard.getByRole("button", { name: "办结" }).count(), 0);
    await shot(page, "flows-escalation-scheduled");

    // The level-1 meeting is held (through the API).
    const l1 = (await ok(CONVENER, "/meetings?kind=level1_supervision&page_size=100")).items.find((m) => m.title === l1Title);
    assert.ok(l1, "the level-1 meeting was created");
    await prepare(l1.id);
    await move(ANALYST, l1.id, "scheduled");
    await move(CONVENER, l1.id, "in_progress", "提前召开");

    await page.reload();
    const scard = page.getByTestId("escalation").filter({ hasText: escTitle });
    await scard.getByRole("button", { name: "办结" }).waitFor();
    assert.equal(await scard.getByTestId("resolve-blocked").count(), 0);
    await scard.locator("textarea").fill("责任单位已整改到位。");
    await scard.getByRole("button", { name: "办结" }).click();
    await scard.getByTestId("esc-status").filter({ hasText: "已办结" }).waitFor();
    assert.equal(await page.locator("#f-esc-status").inputValue(), "resolved");
    await page.getByTestId("esc-notice").filter({ hasText: "已办结" }).waitFor();
    // Choosing a filter by hand ends the "just changed" view.
    await page.locator("#f-esc-status").selectOption("pending");
    await page.getByTestId("esc-notice").waitFor({ state: "detached" });
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("a way back that leaves the site is ignored: the new meeting opens instead", async () => {
    const page = await as(ANALYST);
    await page.goto(`${BASE}/meetings/new?kind=special_topic&back=${encodeURIComponent("//evil.example/x")}`);
    assert.equal(await page.locator("#kind").inputValue(), "special_topic");
    await page.locator("#title").fill(`返回测试-${suffix}`);
    await page.locator("#trigger_reason").fill("测试返回地址");
    await page.getByTestId("meeting-form").getByRole("button", { name: "新建" }).click();
    await page.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(new URL(u).pathname));
    assert.equal(new URL(page.url()).origin, BASE);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("to-dos by role: none to attend for admin and inspector; a rep's 报送 for scheduled meetings only, gone once submitted", async () => {
    const draftTitle = `待办草稿会-${suffix}`;
    const schedTitle = `待办已安排会-${suffix}`;
    await meeting(draftTitle);
    const sched = await meeting(schedTitle);
    await move(ANALYST, sched, "scheduled");
    // A scheduled meeting past its submission deadline, with 清波 missing: the analyst chases it.
    const lateTitle = `待办逾期会-${suffix}`;
    const late = await meeting(lateTitle, { daysAhead: -1 });
    await move(ANALYST, late, "scheduled");
    // An accepted escalation for the analyst, a pending one for the convener.
    const src = await meeting(`待办督办来源-${suffix}`);
    const acc = `待安排督办事项-${suffix}`;
    const pend = `待决定督办事项-${suffix}`;
    const e1 = await ok(ANALYST, "/escalations", { method: "POST", body: { agenda_item_id: await item(src, "poor_disposal", acc), reason: "需督办。" } });
    await ok(CONVENER, `/escalations/${e1.id}/review`, { method: "POST", body: { accept: true, note: "同意。" } });
    await ok(ANALYST, "/escalations", { method: "POST", body: { agenda_item_id: await item(src, "poor_disposal", pend), reason: "需督办。" } });

    for (const user of [ADMIN, INSPECTOR]) {
      const page = await as(user);
      const text = await todosOf(page);
      assert.doesNotMatch(text, /参加会议|报送研判意见|准备会议/, `${user.username}: ${text}`);
      await page.context().close();
    }

    const rep = await as(REP);
    let text = await todosOf(rep);
    assert.match(text, new RegExp(`报送研判意见：${schedTitle}`));
    assert.doesNotMatch(text, new RegExp(`报送研判意见：${draftTitle}`));
    assert.doesNotMatch(text, new RegExp(`参加会议：${draftTitle}`));
    assert.match(text, new RegExp(`参加会议：${schedTitle}`));
    await shot(rep, "flows-todos-rep");
    await ok(REP, `/meetings/${sched}/submissions`, { method: "POST", body: { opinion: "已报送。", attachment_ids: [] } });
    await rep.reload();
    text = await todosOf(rep);
    assert.doesNotMatch(text, new RegExp(`报送研判意见：${schedTitle}`));
    assert.match(text, new RegExp(`参加会议：${schedTitle}`));
    await rep.context().close();

    const an = await as(ANALYST);
    text = await todosOf(an);
    assert.match(text, new RegExp(`准备会议：${draftTitle}`));
    assert.match(text, new RegExp(`参加会议：${schedTitle}`));
    assert.match(text, new RegExp(`催报研判意见：${lateTitle}`));
    assert.doesNotMatch(text, new RegExp(`催报研判意见：${schedTitle}`));
    assert.match(text, new RegExp(`安排一级督办：${acc}`));
    await shot(an, "flows-todos-analyst");
    await an.locator("#todos").getByRole("link", { name: `安排一级督办：${acc}` }).click();
    await an.waitForURL((u) => new URL(u).pathname === "/escalations");
    assert.equal(await an.locator("#f-esc-status").inputValue(), "accepted");
    await an.getByTestId("escalation").filter({ hasText: acc }).waitFor();
    assertNoPageErrors(an);
    await an.context().close();

    const cv = await as(CONVENER);
    text = await todosOf(cv);
    assert.match(text, new RegExp(`决定提请督办：${pend}`));
    assert.doesNotMatch(text, new RegExp(`决定提请督办：${acc}`));
    assert.match(text, new RegExp(`参加会议：${schedTitle}`));
    await cv.context().close();
  });

  test("the readiness card of a reported meeting says it was held, not 可以开始", async () => {
    const title = `已通报专题会-${suffix}`;
    const id = await meeting(title);
    await item(id, "satisfaction", "本月满意度回访");
    await prepare(id);
    await move(ANALYST, id, "scheduled");
    await move(CONVENER, id, "in_progress", "提前召开");
    const m = await ok(ANALYST, `/meetings/${id}`);
    await ok(ANALYST, `/meetings/${id}`, { method: "PATCH", headers: { "if-match": m.etag }, body: { minutes: "会议记录。" } });
    const c = await ok(CONVENER, `/meetings/${id}/conclusions`, { method: "POST", body: { text: "形成统一结论。" } });
    await ok(CONVENER, `/conclusions/${c.id}/adopt`, { method: "POST" });
    await move(CONVENER, id, "concluded");
    const b = await ok(ANALYST, `/briefings`, { method: "POST", body: { kind: "briefing", meeting_id: id } });
    await ok(ANALYST, `/briefings/${b.id}/transitions`, { method: "POST", body: { to: "in_review" } });
    await ok(CONVENER, `/briefings/${b.id}/transitions`, { method: "POST", body: { to: "issued" } });
    await move(ANALYST, id, "reported");

    const page = await as(ANALYST);
    await page.goto(`${BASE}/meetings/${id}`);
    const card = page.locator("#readiness");
    await card.getByTestId("readiness-state").filter({ hasText: "已召开，已通报" }).waitFor();
    assert.equal(await card.getByText("已就绪，可以开始").count(), 0);
    assert.equal(await card.getByTestId("readiness").count(), 0);
    await shot(page, "flows-readiness-reported");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("a new regular meeting defaults to the first month without one; a taken month needs a confirmation", async () => {
    // The first month from now on without a (not cancelled) regular meeting, from the cadence.
    const now = new Date(Date.now() + 8 * 3600e3);
    const [y, mo] = [now.getUTCFullYear(), now.getUTCMonth() + 1];
    const current = `${y}-${String(mo).padStart(2, "0")}`;
    let expected;
    for (const year of [y, y + 1]) {
      const c = await ok(CONVENER, `/cadence?year=${year}`);
      expected = c.months.find((m) => m.period >= current && m.regular_meetings.length === 0)?.period;
      if (expected) break;
    }
    const taken = (await ok(CONVENER, `/meetings?kind=regular&period=${current}`)).items.filter((m) => m.status !== "cancelled");
    assert.ok(taken.length > 0, "the demo seed plans this month's regular meeting");

    const page = await as(CONVENER);
    await page.goto(BASE + "/meetings/new");
    const create = page.getByTestId("meeting-form").getByRole("button", { name: "新建" });
    await page.waitForFunction((want) => document.querySelector("#period")?.value === want, expected);
    assert.notEqual(await page.locator("#period").inputValue(), current);
    // 新建 is enabled once the month has been checked: free, no warning.
    await page.waitForFunction(() => !document.querySelector('[data-testid="meeting-form"] button[type="submit"]').disabled);
    assert.equal(await page.getByTestId("period-taken").count(), 0);
    assert.equal(await create.isEnabled(), true);

    // This month has one: the warning names and links it, and 新建 waits for the tick.
    await page.locator("#period").fill(current);
    const warn = page.getByTestId("period-taken");
    await warn.getByRole("link", { name: taken[0].title }).waitFor();
    assert.equal(await warn.getByRole("link", { name: taken[0].title }).getAttribute("href"), `/meetings/${taken[0].id}`);
    assert.equal(await create.isDisabled(), true);
    await shot(page, "flows-month-taken");
    await warn.getByLabel("确认在该月再安排一次例会").check();
    assert.equal(await create.isEnabled(), true);
    // Another month clears the confirmation (and the warning).
    await page.locator("#period").fill(expected);
    await warn.waitFor({ state: "detached" });
    await page.locator("#period").fill(current);
    await warn.waitFor();
    assert.equal(await warn.getByLabel("确认在该月再安排一次例会").isChecked(), false);
    assert.equal(await create.isDisabled(), true);
    assertNoPageErrors(page);
    await page.context().close();
  });
});
