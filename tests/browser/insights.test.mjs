// Issue 11's remaining web parts: the conveners' queue of special-topic proposals (专题提议),
// the agenda drafted from data in the meeting workspace, the analysis room's tables downloaded
// as CSV/XLSX, and the monthly chart with next month's forecast.
//
// The demo seed plants a hot issue (night construction noise in 望江街道, the last three weeks):
// the detector proposes it. This run adds a second one of its own (six cases this week in a new
// category in 清波街道, nothing before), which the convener dismisses.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { ADMIN, ANALYST, BASE, CONVENER, INSPECTOR, SHOTS, api, launch, meetingIn, newPage, settle, shot, signIn, tokenOf } from "./lib.mjs";

let browser;
const sfx = Date.now().toString(36);
const SFX = sfx.toUpperCase();
const PARENT = { code: `leak-${sfx}`, name: `管网漏水${sfx}` };
const CHILD = { code: `leak-${sfx}-pipe`, name: `供水管道漏水${sfx}`, parent_code: PARENT.code };
const STREET = "street-qingbo";
const num = (k) => `PI${SFX}${k}`;
let draftMeeting; // a draft special-topic meeting for the agenda draft

function ok(r, what) {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** `YYYY-MM` of the last full month in Beijing time, and of the one after it. */
function months() {
  const now = new Date(Date.now() + 8 * 3600e3);
  const at = (n) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  };
  return { last: at(-1), next: at(0) };
}

before(async () => {
  browser = await launch();
  const admin = await tokenOf(ADMIN);
  ok(await api("/case-categories", { method: "POST", token: admin, body: PARENT }), "parent category");
  ok(await api("/case-categories", { method: "POST", token: admin, body: CHILD }), "child category");
  const sa = ok(
    await api("/service-accounts", { method: "POST", token: admin, body: { name: `热点脚本${sfx}`, scopes: ["cases_write"] } }),
    "service account",
  );
  const tok = ok(
    await api("/auth/token", {
      method: "POST",
      body: { grant_type: "client_credentials", client_id: sa.account.client_id, client_secret: sa.client_secret },
    }),
    "client credentials",
  ).access_token;
  // Six cases in the last four days, none before: a hot issue of this run's own.
  const records = [1, 2, 3, 4, 5, 6].map((k) => {
    const received = new Date(Date.now() - (k * 14 + 2) * 3600e3).toISOString();
    return {
      case_number: num(k),
      kind: "demand",
      channel: "hotline",
      category_code: CHILD.code,
      street_code: STREET,
      community: "测试社区",
      address: `测试路 ${k} 号`,
      summary: `小区供水管道漏水（测试 ${sfx}）`,
      received_at: received,
      handling_unit_code: STREET,
      due_at: new Date(Date.now() + 5 * 86400e3).toISOString(),
      status: "in_progress",
      resolved_at: null,
      result: null,
      redo_count: 0,
      supervision_level: "none",
      satisfaction: null,
      satisfaction_comment: null,
      rated_at: null,
      reporter: null,
      updated_at: new Date().toISOString(),
    };
  });
  const report = ok(await api("/cases/batch", { method: "POST", token: tok, body: { records } }), "intake");
  assert.equal(report.created, 6, JSON.stringify(report.results));
  const tokens = { analyst: await tokenOf(ANALYST), convener: await tokenOf(CONVENER) };
  // The detector also runs after an intake and at start-up; running it again proposes nothing twice.
  ok(await api("/topic-proposals/detect", { method: "POST", token: tokens.analyst }), "detect");
  const pending = ok(await api("/topic-proposals?status=pending&page_size=100", { token: tokens.analyst }), "proposals").items;
  assert.ok(pending.some((p) => p.street_code === "street-wangjiang"), `the planted proposal: ${JSON.stringify(pending)}`);
  assert.ok(pending.some((p) => p.case_numbers.includes(num(1))), `this run's proposal: ${JSON.stringify(pending)}`);
  draftMeeting = await meetingIn(tokens, { title: `议题草稿${sfx}`, status: "draft" });
});

after(async () => {
  await browser?.close();
});

function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

async function fullShot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const nav = (page) => page.getByRole("navigation", { name: "主导航" });
const proposalOf = (page, sel) => page.locator(`[data-testid=proposal]${sel}`);
const ours = (page) => page.getByTestId("proposal").filter({ has: page.locator(`[data-case="${num(1)}"]`) });

describe("专题会议提议", () => {
  test("the analyst reads the queue and runs the detector, but does not decide", async () => {
    const page = await newPage(browser);
    await signIn(page, ANALYST);
    // No count for analysts: conveners decide.
    const link = nav(page).getByRole("link", { name: /专题提议/ });
    assert.equal(await nav(page).getByTestId("pending-proposals").count(), 0);
    await link.click();
    await page.getByTestId("topics-page").waitFor();
    await proposalOf(page, '[data-street="street-wangjiang"]').waitFor();
    await settle(page);
    assert.equal(await page.getByTestId("status-filter").getByRole("button", { name: "待决定" }).getAttribute("aria-pressed"), "true");
    assert.equal(await page.getByTestId("proposal-accept").count(), 0);
    assert.equal(await page.getByTestId("proposal-dismiss").count(), 0);
    await page.getByTestId("detect-now").click();
    await page.getByTestId("form-success").filter({ hasText: /检测完成：发现热点问题 \d+ 个，新增提议 0 条。/ }).waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the convener dismisses one proposal with a reason", async () => {
    const page = await newPage(browser);
    await signIn(page, CONVENER);
    // The count of pending proposals beside the link: the planted one and this run's at least.
    const count = nav(page).getByTestId("pending-proposals");
    await count.waitFor();
    const before = Number(await count.locator("[aria-hidden=true]").innerText());
    assert.ok(before >= 2, `pending: ${before}`);
    await nav(page).getByRole("link", { name: /专题提议/ }).click();
    const card = ours(page);
    await card.waitFor();
    await settle(page);
    assert.match(await card.getByRole("heading").innerText(), new RegExp(`清波街道 · (${CHILD.name}|${PARENT.name})`));
    assert.match(await card.getByTestId("proposal-count").innerText(), /^6 件，为周均的 \d+\.\d 倍$/);
    // A case number opens the drawer.
    await card.getByRole("button", { name: `查看案件 ${num(1)}` }).click();
    const drawer = page.getByTestId("case-drawer");
    await drawer.getByTestId("case-number").filter({ hasText: num(1) }).waitFor();
    await drawer.getByRole("button", { name: "关闭" }).click();
    await drawer.waitFor({ state: "detached" });
    await card.getByTestId("proposal-dismiss").click();
    const form = card.getByTestId("dismiss-form");
    await form.getByRole("button", { name: "确认不采纳" }).click();
    await form.locator(".field-error").waitFor();
    await form.getByLabel("不采纳的原因").fill(`已由街道组织抢修，无需专题研判（${sfx}）`);
    await shot(page, "topics-dismiss");
    await form.getByRole("button", { name: "确认不采纳" }).click();
    await card.waitFor({ state: "detached" });
    await nav(page).getByTestId("pending-proposals").filter({ hasText: String(before - 1) }).waitFor();
    // Under 不采纳, with the reason and who decided.
    await page.getByTestId("status-filter").getByRole("button", { name: "不采纳" }).click();
    await ours(page).getByTestId("proposal-reason").filter({ hasText: `已由街道组织抢修，无需专题研判（${sfx}）` }).waitFor();
    assert.equal(await ours(page).getByTestId("proposal-status").innerText(), "不采纳");
    assert.match(await ours(page).innerText(), /区委办 测试召集人于 \d{4}-\d\d-\d\d \d\d:\d\d 决定/);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the convener accepts the planted proposal and lands on the new draft special-topic meeting", async () => {
    const page = await newPage(browser);
    await signIn(page, CONVENER);
    await page.goto(BASE + "/topic-proposals");
    const card = proposalOf(page, '[data-street="street-wangjiang"]');
    await card.waitFor();
    await settle(page);
    assert.match(await card.getByRole("heading").innerText(), /^望江街道 · /);
    assert.equal(await card.getByTestId("proposal-status").innerText(), "待决定");
    assert.ok((await card.locator("button.case-link").count()) > 0, "case numbers as drawer buttons");
    await fullShot(page, "topics-convener");
    await card.getByTestId("proposal-accept").click();
    const form = card.getByTestId("accept-form");
    await form.waitFor();
    assert.match(await form.locator("#starts_at").inputValue(), /^\d{4}-\d\d-\d\dT14:30$/);
    assert.ok((await form.locator("#place").inputValue()).length > 0);
    await shot(page, "topics-accept-form");
    await form.getByRole("button", { name: "采纳并新建会议" }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.getByTestId("workspace").waitFor();
    await settle(page);
    const title = page.getByTestId("meeting-title");
    assert.match(await title.innerText(), /专题分析研判会议：望江街道/);
    assert.equal(await title.getByTestId("status").innerText(), "草稿");
    assert.ok((await page.getByTestId("workspace").innerText()).includes("热点问题"), "the trigger");
    const item = page.locator('.agenda-cat[data-category="repeated_demands"]').getByTestId("agenda-item");
    assert.match(await item.first().innerText(), /热点问题：望江街道/);
    await shot(page, "topics-accepted-meeting");
    const meetingPath = new URL(page.url()).pathname;
    // The queue: no longer pending; under 已采纳 with the way to its meeting.
    await page.goto(BASE + "/topic-proposals");
    await page.getByTestId("topics-page").waitFor();
    await settle(page);
    assert.equal(await proposalOf(page, '[data-street="street-wangjiang"]').count(), 0);
    await page.getByTestId("status-filter").getByRole("button", { name: "已采纳" }).click();
    const accepted = proposalOf(page, '[data-street="street-wangjiang"]');
    await accepted.waitFor();
    assert.equal(await accepted.getByTestId("proposal-meeting").getAttribute("href"), meetingPath);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the inspector reads the queue without buttons", async () => {
    const page = await newPage(browser);
    await signIn(page, INSPECTOR);
    await page.goto(BASE + "/topic-proposals");
    await page.getByTestId("topics-page").waitFor();
    await settle(page);
    assert.equal(await page.getByTestId("detect-now").count(), 0);
    assert.equal(await page.getByTestId("proposal-accept").count(), 0);
    await page.context().close();
  });
});

describe("从数据生成议题草稿", () => {
  test("the analyst drafts the agenda from data, adopts a proposal and copies the preliminary analysis", async () => {
    const page = await newPage(browser);
    await signIn(page, ANALYST);
    await page.goto(`${BASE}/meetings/${draftMeeting}`);
    await page.getByTestId("workspace").waitFor();
    await settle(page);
    await page.getByTestId("draft-generate").click();
    const proposals = page.getByTestId("draft-proposal");
    await proposals.first().waitFor();
    await settle(page);
    assert.match(await page.getByTestId("draft-period").innerText(), /^数据期间：\d{4}-\d\d-01 至 \d{4}-\d\d-\d\d$/);
    const n = await proposals.count();
    assert.ok(n >= 1, "at least one proposal");
    const categories = await proposals.evaluateAll((ps) => ps.map((p) => p.dataset.category));
    for (const c of categories) assert.ok(["repeated_demands", "poor_disposal", "satisfaction"].includes(c), c);
    // Nothing is stored yet.
    const before = ok(await api(`/meetings/${draftMeeting}/agenda-items`, { token: await tokenOf(ANALYST) }), "agenda").items;
    assert.equal(before.length, 0);
    await page.locator("#agenda").scrollIntoViewIfNeeded();
    await shot(page, "agenda-draft");
    // 采用 the first: the new-item form, filled in; edit the title, then save.
    const first = proposals.first();
    const category = await first.getAttribute("data-category");
    const draftTitle = (await first.locator(".item-head strong").innerText()).trim();
    await first.getByTestId("draft-adopt").click();
    const form = first.getByTestId("agenda-form");
    await form.waitFor();
    assert.equal(await form.locator("#ai-title").inputValue(), draftTitle);
    assert.ok((await form.locator("#ai-summary").inputValue()).length > 0, "the summary is filled in");
    assert.ok((await form.locator("#ai-figures").inputValue()).includes("："), "the figures are filled in");
    const title = `${draftTitle}（${sfx}）`;
    await form.locator("#ai-title").fill(title);
    await shot(page, "agenda-draft-adopt");
    await form.getByRole("button", { name: "保存", exact: true }).click();
    await form.waitFor({ state: "detached" });
    await first.getByText("已采用").waitFor();
    const item = page.locator(`.agenda-cat[data-category="${category}"]`).getByTestId("agenda-item").filter({ hasText: title });
    await item.waitFor();
    const after = ok(await api(`/meetings/${draftMeeting}/agenda-items`, { token: await tokenOf(ANALYST) }), "agenda").items;
    assert.equal(after.length, 1);
    assert.equal(after[0].title, title);
    assert.equal(after[0].category, category);
    assert.ok(after[0].evidence.figures.length > 0, "with the proposal's figures");
    // The draft preliminary analysis into the preparation form, then saved.
    const prelim = (await page.getByTestId("draft-prelim").locator(".prose").innerText()).trim();
    assert.ok(prelim.length > 20, prelim);
    await page.getByTestId("draft-copy-prelim").click();
    assert.equal((await page.locator("#preliminary_analysis").inputValue()).trim(), prelim);
    await page.getByTestId("prep-form").getByRole("button", { name: "保存", exact: true }).click();
    await page.getByTestId("prep-form").locator("xpath=..").getByTestId("form-success").waitFor();
    const m = ok(await api(`/meetings/${draftMeeting}`, { token: await tokenOf(ANALYST) }), "meeting");
    assert.equal(m.meeting.preliminary_analysis.trim(), prelim);
    await fullShot(page, "agenda-draft-full");
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe("研判分析: downloads and the forecast", () => {
  test("a table downloads as CSV with the BOM and its header, and as XLSX", async () => {
    const page = await newPage(browser);
    await signIn(page, ANALYST);
    await page.goto(BASE + "/analysis");
    await page.getByTestId("ranking-table").waitFor();
    await settle(page);
    const { last } = months();
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-unit_ranking-csv").click()]);
    assert.match(csv.suggestedFilename(), /^承办单位排名（\d{4}-\d\d-01至\d{4}-\d\d-\d\d）\.csv$/);
    const bytes = await readFile(await csv.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 byte-order mark");
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    assert.equal(lines[0], `承办单位排名（${last}-01至${lines[0].slice(-11, -1)}）`);
    assert.match(lines[1], /^名次,承办单位,承办件数,/);
    assert.ok(lines.length > 3, "rows");
    // XLSX: a zip (PK…).
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-repeated_demands-xlsx").click()]);
    assert.match(xlsx.suggestedFilename(), /^重复诉求.*\.xlsx$/);
    const zip = await readFile(await xlsx.path());
    assert.equal(zip.subarray(0, 2).toString("latin1"), "PK");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the monthly chart: twelve months and next month's forecast with its interval, in the chart and the table", async () => {
    const page = await newPage(browser);
    await signIn(page, ANALYST);
    await page.goto(BASE + "/analysis");
    const trend = page.getByTestId("chart-trend");
    await trend.locator("svg circle.forecast-dot").waitFor();
    await settle(page);
    const { last, next } = months();
    const caption = await trend.getByTestId("trend-caption").innerText();
    assert.match(caption, new RegExp(`^${next.slice(0, 4)}年${Number(next.slice(5))}月预测 \\d+\\.\\d 件（95% 预测区间 \\d+\\.\\d–\\d+\\.\\d 件）。`));
    assert.match(caption, /MAPE）\d+\.\d%，平均绝对误差（MAE）\d+\.\d 件。$/);
    assert.equal(await trend.locator("svg polygon.band").count(), 1);
    assert.equal(await trend.locator("svg .forecast-line").count(), 2, "the dashed segment and its legend");
    await trend.getByRole("button", { name: "数据表" }).click();
    const rows = trend.getByTestId("trend-table").locator("tbody tr");
    assert.equal(await rows.count(), 13);
    assert.equal(await rows.nth(11).locator("th").innerText(), last);
    const forecast = trend.getByTestId("forecast-row");
    assert.match(await forecast.locator("th").innerText(), new RegExp(`^${next}\\s*预测$`));
    assert.match(await forecast.locator("td").innerText(), /^\d+\.\d（95% 预测区间 \d+\.\d–\d+\.\d）$/);
    await page.locator("#trend").scrollIntoViewIfNeeded();
    await shot(page, "analysis-trend-forecast");
    // Narrowed to a street: the street's own series.
    const district = Number(await rows.nth(11).locator("td").innerText());
    await page.locator("#a-street").selectOption(STREET);
    await page.waitForFunction(
      (d) => Number(document.querySelector("[data-testid=trend-table] tbody tr:nth-child(12) td")?.textContent) < d,
      district,
    );
    assertNoPageErrors(page);
    await page.context().close();
  });
});
