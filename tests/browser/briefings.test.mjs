// Briefings (简报, Art. 7) through the pages, by role: the analyst drafts the briefing of a
// concluded meeting from its page, edits it and submits it; the convener issues it (it gets the
// next number of the year) and publishes it; the representative of a recipient unit reads it and
// acknowledges it, and the command center sees who has and who has not; the print view is laid
// out as an official document after GB/T 9704 (checked by the positions and sizes of its parts,
// and by the PDF the browser prints: one A4 sheet); anyone reads the published briefing without
// signing in, while a draft stays out of reach.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";

import { ANALYST, BASE, CONVENER, REP, SHOTS, api, axeViolations, launch, meetingIn, newPage, settle, signIn, tokenOf, unitId } from "./lib.mjs";

let browser;
const sfx = Date.now().toString(36);
const TITLE = `简报测试会-${sfx}`;
const MEASURE = `整治背街小巷占道经营-${sfx}`;
const ADDED = `补充：本月共受理相关诉求42件-${sfx}`;
let meetingId;
let briefingId;
let issueLabel;
let tokens;

function ok(r, what) {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

before(async () => {
  browser = await launch();
  tokens = { analyst: await tokenOf(ANALYST), convener: await tokenOf(CONVENER) };
  const at = tokens.analyst;
  const qingbo = await unitId(at, "street-qingbo");
  const hubin = await unitId(at, "street-hubin");
  meetingId = await meetingIn(tokens, { title: TITLE, status: "in_progress", invited: [qingbo, hubin] });
  const etag = (await api(`/meetings/${meetingId}`, { token: at })).headers.get("etag");
  ok(await api(`/meetings/${meetingId}`, { method: "PATCH", token: at, headers: { "if-match": etag }, body: { minutes: "会议记录：各单位作了发言。" } }), "minutes");
  const deadline = new Date(Date.now() + 8 * 3600e3 + 20 * 86400e3).toISOString().slice(0, 10);
  const c = ok(
    await api(`/meetings/${meetingId}/conclusions`, {
      method: "POST",
      token: at,
      body: { text: "形成统一结论：集中整治占道经营。", recommendations: [{ measure: MEASURE, responsible_unit_id: qingbo, deadline }] },
    }),
    "conclusion",
  );
  ok(await api(`/conclusions/${c.id}/adopt`, { method: "POST", token: tokens.convener }), "adopt");
  ok(await api(`/meetings/${meetingId}/transitions`, { method: "POST", token: tokens.convener, body: { to: "concluded" } }), "conclude");
});

after(async () => {
  await browser?.close();
});

async function as(user) {
  const page = await newPage(browser);
  await signIn(page, user);
  return page;
}

async function fullShot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function assertAxe(page, what) {
  await settle(page);
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `axe, ${what}:\n  ${v.join("\n  ")}`);
}

function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

const notice = (page, text) => page.getByTestId("briefing-notice").filter({ hasText: text }).waitFor();
const statusIs = (page, text) => page.getByTestId("briefing-status").filter({ hasText: text }).first().waitFor();
const box = async (locator) => {
  const b = await locator.boundingBox();
  assert.ok(b, "element is laid out");
  return b;
};
const near = (actual, expected, tolerance, what) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
const MM = 96 / 25.4;

describe("简报: drafted from the meeting, issued, read, published, printed", () => {
  test("the analyst drafts the briefing from the concluded meeting, edits it and submits it for review", async () => {
    const page = await as(ANALYST);
    await page.goto(`${BASE}/meetings/${meetingId}`);
    await page.locator("#meeting-briefings").getByText("本次会议尚无简报").waitFor();
    await page.getByTestId("draft-briefing").click();
    await page.waitForURL((u) => /^\/briefings\/[0-9a-f-]{36}$/.test(new URL(u).pathname));
    briefingId = new URL(page.url()).pathname.split("/").pop();
    await statusIs(page, "草稿");
    // Pre-filled: the handling opinions carry the adopted recommendation; the distribution the
    // participating units.
    await page.getByTestId("briefing-editor").waitFor();
    assert.match(await page.locator("#opinions").inputValue(), new RegExp(MEASURE));
    const recipients = page.getByTestId("recipients-editor");
    await recipients.getByText("清波街道").waitFor();
    await recipients.getByText("湖滨街道").waitFor();
    const dynamics = await page.locator("#dynamics").inputValue();
    await page.locator("#dynamics").fill(`${dynamics}\n${ADDED}`);
    await page.getByTestId("briefing-save").click();
    await page.getByTestId("briefing-editor").getByText("已保存。").waitFor();
    await fullShot(page, "briefing-editor");
    await assertAxe(page, "briefing editor");
    await page.getByTestId("briefing-submit").click();
    await notice(page, "已提交召集人审核");
    await statusIs(page, "待签发");
    const saved = ok(await api(`/briefings/${briefingId}`, { token: tokens.analyst }), "read back");
    assert.match(saved.dynamics, new RegExp(ADDED));
    assert.equal(saved.status, "in_review");
    // The meeting page lists it.
    await page.goto(`${BASE}/meetings/${meetingId}`);
    await page.getByTestId("meeting-briefings").getByText("待签发").waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the convener finds it in the to-dos, issues it with the next number of the year and publishes it", async () => {
    const before = ok(await api(`/briefings?kind=briefing&status=issued&page=1&page_size=100`, { token: tokens.convener }), "issued so far");
    const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
    const numbers = before.items.filter((b) => b.year === year).map((b) => b.number);
    const expected = numbers.length ? Math.max(...numbers) + 1 : 1;

    const page = await as(CONVENER);
    await page.getByTestId("todos-loaded").waitFor({ state: "attached" });
    const todo = page.locator("#todos").getByRole("link", { name: new RegExp(`签发简报：.*${TITLE}`) });
    await todo.click();
    await page.waitForURL((u) => new URL(u).pathname === `/briefings/${briefingId}`);
    await statusIs(page, "待签发");
    await page.getByTestId("briefing-issue").click();
    issueLabel = `${year}年第${expected}期`;
    await notice(page, `已签发印发，期号 ${issueLabel}`);
    await statusIs(page, "已印发");
    assert.equal(await page.getByTestId("briefing-issue-label").innerText(), issueLabel);
    // Issued: nothing to edit any more.
    assert.equal(await page.getByTestId("briefing-editor").count(), 0);
    await page.getByTestId("briefing-publish").click();
    await notice(page, "已在平台上公开");
    await page.getByTestId("public-link").waitFor();
    await fullShot(page, "briefing-issued");
    await assertAxe(page, "issued briefing");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("a recipient unit's representative acknowledges it; the command center sees who has read it and who has not", async () => {
    const rep = await as(REP);
    await rep.getByTestId("todos-loaded").waitFor({ state: "attached" });
    await rep.locator("#todos").getByRole("link", { name: new RegExp(`阅知简报：.*${TITLE}`) }).waitFor();
    await rep.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "简报通报" }).click();
    await rep.waitForURL((u) => new URL(u).pathname === "/briefings");
    const row = rep.getByTestId("briefing-row").filter({ hasText: TITLE });
    await row.getByTestId("briefing-issue").filter({ hasText: issueLabel }).waitFor();
    await row.getByRole("link").click();
    await rep.waitForURL((u) => new URL(u).pathname === `/briefings/${briefingId}`);
    // A unit cannot edit, issue or publish.
    for (const id of ["briefing-editor", "briefing-issue", "briefing-publish", "briefing-correct"]) {
      assert.equal(await rep.getByTestId(id).count(), 0, id);
    }
    await rep.getByTestId("briefing-acknowledge").click();
    await notice(rep, "已登记本单位阅知");
    await rep.getByTestId("my-unit-read").waitFor();
    await assertAxe(rep, "briefing as a unit");
    assertNoPageErrors(rep);
    await rep.context().close();

    const an = await as(ANALYST);
    await an.goto(`${BASE}/briefings/${briefingId}`);
    const table = an.getByTestId("recipients-table");
    const qingbo = table.getByTestId("recipient-row").filter({ hasText: "清波街道" });
    await qingbo.getByTestId("recipient-read").filter({ hasText: "已阅" }).waitFor();
    // Who read it, by display name (read now: another test file renames this person).
    const me = (await api("/me", { token: await tokenOf(REP) })).body;
    assert.ok((await qingbo.innerText()).includes(me.display_name), JSON.stringify(me));
    const hubin = table.getByTestId("recipient-row").filter({ hasText: "湖滨街道" });
    assert.match(await hubin.getByTestId("recipient-read").innerText(), /未阅/);
    await fullShot(an, "briefing-read-state");
    await an.context().close();
  });

  test("the print view is laid out as an official document after GB/T 9704, and prints on A4", async () => {
    const page = await as(ANALYST);
    await page.goto(`${BASE}/briefings/${briefingId}/print`);
    const sheet = page.getByTestId("gw-sheet");
    await sheet.waitFor();
    await settle(page);
    await fullShot(page, "briefing-print-view");
    const s = await box(sheet);
    const masthead = page.getByTestId("gw-masthead");
    const number = page.getByTestId("gw-number");
    const issuer = page.getByTestId("gw-issuer");
    const rule = page.getByTestId("gw-rule");
    const title = page.getByTestId("gw-title");
    const block = page.getByTestId("gw-block");
    // An A4 page on screen: 210 mm wide; the type area 156 mm from 订口 28 mm, 天头 37 mm.
    near(s.width, 210 * MM, 2, "sheet width");
    const m = await box(masthead);
    near(m.y - s.y, 37 * MM, 2, "天头 (top margin)");
    const r = await box(rule);
    near(r.x - s.x, 28 * MM, 2, "订口 (left margin)");
    near(r.width, 156 * MM, 2, "rule as wide as the type area");
    // Masthead, number line, issuer and date, red rule, title: in that order, top to bottom.
    const n = await box(number);
    const i = await box(issuer);
    const t = await box(title);
    assert.ok(m.y + m.height <= n.y, "masthead above the number line");
    assert.ok(n.y + n.height <= i.y, "number line above the issuer line");
    assert.ok(i.y + i.height <= r.y + 1, "issuer line above the rule");
    assert.ok(r.y + r.height <= t.y, "rule above the title");
    near(m.x + m.width / 2, s.x + 28 * MM + (156 * MM) / 2, 3, "masthead centred on the type area");
    // Red masthead and rule; the number, the issuer and its date; the distribution at the end.
    const red = await masthead.evaluate((e) => getComputedStyle(e).color);
    assert.equal(red, "rgb(255, 0, 0)");
    assert.equal(await rule.evaluate((e) => getComputedStyle(e).borderTopColor), "rgb(255, 0, 0)");
    assert.equal((await masthead.innerText()).replace(/\s+/g, ""), "平安365社会服务管理动态分析研判简报");
    assert.equal(await number.innerText(), issueLabel);
    assert.match(await issuer.innerText(), /区社会治理综合指挥服务中心[\s\S]*\d{4}年\d{1,2}月\d{1,2}日/);
    const b = await box(block);
    const lastSection = await box(page.locator(".gw-p").last());
    assert.ok(lastSection.y + lastSection.height <= b.y, "the distribution block closes the document");
    const lines = await block.getByTestId("gw-block-line").allInnerTexts();
    assert.ok(lines.some((l) => /^发：.*清波街道.*湖滨街道|^发：.*湖滨街道.*清波街道/.test(l)), lines.join(" | "));
    assert.match(await block.innerText(), /印发/);
    assert.match(await sheet.innerText(), new RegExp(MEASURE));
    assert.match(await sheet.innerText(), new RegExp(ADDED));
    // Printed: the app's frame is gone, the sheet keeps its layout in the page's margins.
    await page.emulateMedia({ media: "print" });
    for (const sel of [".topbar", ".sidenav", ".print-toolbar"]) {
      assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden in print`);
    }
    assert.equal(await sheet.evaluate((e) => getComputedStyle(e).paddingTop), "0px");
    await page.emulateMedia({ media: "screen" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const boxes = [...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
    assert.ok(boxes.length >= 1, "the PDF has pages");
    for (const [, w, h] of boxes) {
      near(Number(w), 595.3, 2, "A4 width in points");
      near(Number(h), 841.9, 2, "A4 height in points");
    }
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("anyone reads the published briefing without signing in; a draft is not reachable", async () => {
    const page = await newPage(browser);
    await page.goto(`${BASE}/public/briefings`);
    const row = page.getByTestId("public-briefing").filter({ hasText: TITLE });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(issueLabel));
    await row.getByRole("link").click();
    await page.waitForURL((u) => new URL(u).pathname === `/public/briefings/${briefingId}`);
    await page.getByTestId("gw-sheet").waitFor();
    assert.equal(await page.getByTestId("gw-number").innerText(), issueLabel);
    assert.match(await page.getByTestId("gw-sheet").innerText(), new RegExp(MEASURE));
    // Not signed in, and not sent to sign-in.
    assert.equal(new URL(page.url()).pathname, `/public/briefings/${briefingId}`);
    assert.equal(await page.getByTestId("current-user").count(), 0);
    await fullShot(page, "briefing-public");
    await assertAxe(page, "public briefing");
    const feed = await fetch(`${BASE}/api/v1/public/briefings.atom`);
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), new RegExp(TITLE));
    // A draft (a special report just begun) is not there.
    const draft = ok(await api(`/briefings`, { method: "POST", token: tokens.analyst, body: { kind: "special_report", title: `未发布的专题报告-${sfx}` } }), "draft");
    await page.goto(`${BASE}/public/briefings/${draft.id}`);
    await page.getByTestId("public-briefing-page").waitFor();
    await settle(page);
    assert.equal(await page.getByTestId("gw-sheet").count(), 0);
    assert.doesNotMatch(await page.locator("body").innerText(), /未发布的专题报告/);
    await page.goto(`${BASE}/public/briefings`);
    await page.getByTestId("public-briefing").first().waitFor();
    assert.doesNotMatch(await page.locator("body").innerText(), /未发布的专题报告/);
    await page.context().close();
  });
});
