// The analysis room (研判分析) and the case list (案件): cases pushed through the API by a
// service account, then read in the browser — figure cards with 环比, the by-category chart and
// its data table, the 12-month trend, the street × category table, the case drawer opened from a
// case number; a unit's representative sees its street's cases only; the roles without access
// see no link and get 无权访问.
//
// The demo seed has two years of cases of its own, so every check here filters on this run's own
// category (unique code and name per run), never on district totals.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";

import { ADMIN, ANALYST, BASE, CONVENER, INSPECTOR, REP, SHOTS, api, launch, newPage, settle, shot, signIn, tokenOf } from "./lib.mjs";

let browser;
const sfx = Date.now().toString(36);
const SFX = sfx.toUpperCase();
const PARENT = { code: `noise-${sfx}`, name: `噪音扰民${sfx}` };
const CHILD = { code: `noise-${sfx}-night`, name: `夜间施工噪音${sfx}`, parent_code: PARENT.code };
const num = (k) => `PA${SFX}${k}`;

/** `YYYY-MM` of the last full month in Beijing time, and of the month before it. */
function months() {
  const now = new Date(Date.now() + 8 * 3600e3);
  const back = (n) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1));
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1 };
  };
  return { last: back(1), before: back(2) };
}
const { last: M, before: P } = months();
const ym = ({ y, m }) => `${y}-${String(m).padStart(2, "0")}`;
/** An instant on day `d` of month `mo` at `h` o'clock Beijing time. */
const at = (mo, d, h = 10) => new Date(Date.UTC(mo.y, mo.m - 1, d, h - 8)).toISOString();

let repStreet; // { code, name } of the representative's street
let otherStreet; // another street

function ok(r, what) {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

function record(k, { month = M, street, unit = null, status = "resolved", redo = 0, satisfaction = null, comment = null, reporter = null, overdue = false }) {
  const resolved = status === "resolved" || status === "closed";
  return {
    case_number: num(k),
    kind: "demand",
    channel: "hotline",
    category_code: CHILD.code,
    street_code: street,
    community: "测试社区",
    address: `测试路 ${k} 号`,
    summary: `夜间施工噪音扰民（测试 ${sfx}）`,
    received_at: at(month, 10),
    handling_unit_code: unit,
    due_at: overdue ? at(month, 12) : at(month, 20),
    status,
    resolved_at: resolved ? at(month, 13) : null,
    result: resolved ? "已责令施工单位停止夜间作业。" : null,
    redo_count: redo,
    supervision_level: "none",
    satisfaction,
    satisfaction_comment: comment,
    rated_at: satisfaction ? at(month, 15) : null,
    reporter,
    updated_at: new Date().toISOString(),
  };
}

before(async () => {
  browser = await launch();
  const admin = await tokenOf(ADMIN);
  ok(await api("/case-categories", { method: "POST", token: admin, body: PARENT }), "parent category");
  ok(await api("/case-categories", { method: "POST", token: admin, body: CHILD }), "child category");
  const sa = ok(
    await api("/service-accounts", { method: "POST", token: admin, body: { name: `平台脚本${sfx}`, scopes: ["cases_write"] } }),
    "service account",
  );
  const tok = ok(
    await api("/auth/token", {
      method: "POST",
      body: { grant_type: "client_credentials", client_id: sa.account.client_id, client_secret: sa.client_secret },
    }),
    "client credentials",
  ).access_token;

  // The representative's street (its unit), and another street.
  const rep = await tokenOf(REP);
  const me = ok(await api("/me", { token: rep }), "me");
  const unit = ok(await api(`/units/${me.unit_id}`, { token: rep }), "rep unit");
  assert.equal(unit.kind, "street", "the REP test user represents a street");
  repStreet = { code: unit.code, name: unit.name };
  const streets = ok(await api("/units?kind=street&page_size=100", { token: admin }), "streets").items;
  const other = streets.find((s) => s.code !== repStreet.code && s.active);
  otherStreet = { code: other.code, name: other.name };

  // Last month: three cases in the representative's street (two from one reporter: a repeated
  // demand; one redone and unsatisfied, one overdue), one in another street; two the month
  // before (环比 +100%).
  const s = repStreet.code;
  const report = ok(
    await api("/cases/batch", {
      method: "POST",
      token: tok,
      body: {
        records: [
          record("A1", { street: s, unit: s, satisfaction: "satisfied", reporter: `1380000${sfx}` }),
          record("A2", { street: s, unit: "dept-urban", redo: 1, satisfaction: "unsatisfied", comment: `夜里还在施工${sfx}`, reporter: `1380000${sfx}` }),
          record("A3", { street: s, unit: "dept-urban", status: "in_progress", overdue: true }),
          record("B1", { street: otherStreet.code, unit: otherStreet.code, satisfaction: "satisfied" }),
          record("P1", { month: P, street: s, unit: s }),
          record("P2", { month: P, street: s, unit: s }),
        ],
      },
    }),
    "intake",
  );
  assert.equal(report.created, 6, JSON.stringify(report.results));
});

after(async () => {
  await browser?.close();
});

async function fullShot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

function assertNoPageErrors(page) {
  const real = page.errors.filter((e) => !/status of (4\d\d)/.test(e));
  assert.deepEqual(real, [], `errors in the page: ${real.join("\n")}`);
}

const figure = (page, key) => page.getByTestId(`fig-${key}`);

/** Opens 研判分析 from the navigation and narrows it to this run's category (and `street`). */
async function openAnalysis(page, { street } = {}) {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "研判分析" }).click();
  await page.getByTestId("analysis-page").waitFor();
  assert.equal(await page.locator("#a-month").inputValue(), ym(M), "the last full month by default");
  assert.equal(await page.locator("#a-month option:checked").innerText(), `${M.y}年${M.m}月`);
  await page.locator("#a-category").selectOption(PARENT.code);
  if (street) await page.locator("#a-street").selectOption(street);
}

describe("研判分析", () => {
  test("the analyst sees the figures, the charts with their tables, and opens a case from a number", async () => {
    const page = await newPage(browser);
    await signIn(page, ANALYST);
    await openAnalysis(page);
    await figure(page, "cases").getByTestId("fig-value").filter({ hasText: /^4$/ }).waitFor();
    await settle(page);
    assert.equal(await figure(page, "resolution").getByTestId("fig-value").innerText(), "75.0%");
    assert.equal(await figure(page, "redo").getByTestId("fig-value").innerText(), "25.0%");
    assert.equal(await figure(page, "satisfaction").getByTestId("fig-value").innerText(), "66.7%");
    assert.match(await figure(page, "cases").getByTestId("fig-mom").innerText(), /环比\s*▲\s*上升\s*100\.0%/);
    assert.match(await figure(page, "cases").getByTestId("fig-yoy").innerText(), /同比\s*无可比数据/);
    // The by-category chart, then its numbers as a table.
    const chart = page.getByTestId("chart-by-category");
    assert.equal(await chart.locator("svg[role=img] g rect.s-now").count(), 1);
    assert.equal(await chart.getByTestId("by-category-table").isVisible(), false);
    await chart.getByRole("button", { name: "数据表" }).click();
    const row = chart.getByTestId("by-category-table").locator("tbody tr").filter({ hasText: CHILD.name });
    assert.deepEqual(await row.locator("td").allInnerTexts(), ["4", "2", "0", "+100.0%", "—"]);
    // Twelve months, ending with the last full month (then next month's forecast, when the
    // category's history allows one: insights.test.mjs checks it on the whole district).
    const trend = page.getByTestId("chart-trend");
    await trend.locator("svg circle.s-now").nth(11).waitFor();
    await trend.getByRole("button", { name: "数据表" }).click();
    const trendRows = trend.getByTestId("trend-table").locator("tbody tr:not(.forecast-row)");
    assert.equal(await trendRows.count(), 12);
    assert.deepEqual(await trendRows.nth(11).locator("th, td").allInnerTexts(), [ym(M), "4"]);
    assert.deepEqual(await trendRows.nth(10).locator("th, td").allInnerTexts(), [ym(P), "2"]);
    await shot(page, "analysis-analyst");
    await fullShot(page, "analysis-analyst-full");
    // The repeated demand: one reporter's two cases; a number opens the drawer.
    const repeated = page.getByTestId("repeated-table");
    await repeated.getByRole("button", { name: `查看案件 ${num("A2")}` }).click();
    const drawer = page.getByTestId("case-drawer");
    await drawer.getByTestId("case-number").filter({ hasText: num("A2") }).waitFor();
    assert.equal(await drawer.getByTestId("case-category").innerText(), CHILD.name);
    assert.equal(await drawer.getByTestId("case-street").innerText(), repStreet.name);
    assert.equal(await drawer.getByTestId("case-status").innerText(), "已办结");
    const facts = await drawer.getByTestId("case-facts").innerText();
    for (const label of ["诉求内容", "受理时间", "承办单位", "退回重办次数", "满意度评价", "不满意", `夜里还在施工${sfx}`]) {
      assert.ok(facts.includes(label), `drawer shows ${label}:\n${facts}`);
    }
    await shot(page, "analysis-drawer");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    // Focus is back on the number that opened it.
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.case), num("A2"));
    // Another month: the month before has this run's two earlier cases.
    await page.locator("#a-month").selectOption(ym(P));
    await figure(page, "cases").getByTestId("fig-value").filter({ hasText: /^2$/ }).waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the convener narrows to a street: figures, the street × category table and the poor-disposal cases", async () => {
    const page = await newPage(browser);
    await signIn(page, CONVENER);
    await openAnalysis(page, { street: repStreet.code });
    await figure(page, "cases").getByTestId("fig-value").filter({ hasText: /^3$/ }).waitFor();
    await settle(page);
    assert.match(await figure(page, "cases").getByTestId("fig-mom").innerText(), /▲\s*上升\s*50\.0%/);
    // One street, this run's category: 3.
    const heat = page.getByTestId("heat-table");
    const heatRows = heat.locator("tbody tr");
    assert.equal(await heatRows.count(), 1);
    assert.deepEqual(await heatRows.first().locator("th, td").allInnerTexts(), [repStreet.name, "3", "3"]);
    // The poor disposal of the department that handled two of them: A2 redone, A3 overdue.
    const poor = page.getByTestId("poor-table").locator("tbody tr").filter({ hasText: "区城管局" });
    await poor.getByRole("button", { name: `查看案件 ${num("A3")}` }).click();
    const drawer = page.getByTestId("case-drawer");
    await drawer.getByTestId("case-number").filter({ hasText: num("A3") }).waitFor();
    assert.equal(await drawer.getByTestId("case-status").innerText(), "办理中");
    assert.ok((await drawer.innerText()).includes("已超期"));
    await drawer.getByRole("button", { name: "关闭" }).click();
    await drawer.waitFor({ state: "detached" });
    await fullShot(page, "analysis-convener-full");
    // On paper: no navigation, no filters, no buttons but the case numbers (as text).
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".sidenav").isVisible(), false);
    assert.equal(await page.getByTestId("analysis-filters").isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "打印" }).isVisible(), false);
    assert.equal(await page.getByTestId("poor-table").getByRole("button", { name: `查看案件 ${num("A3")}` }).isVisible(), true);
    await fullShot(page, "analysis-print");
    await page.emulateMedia({ media: "screen" });
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the inspector has the page; the administrator and a representative neither the link nor the page", async () => {
    const page = await newPage(browser);
    await signIn(page, INSPECTOR);
    await openAnalysis(page);
    await figure(page, "cases").getByTestId("fig-value").filter({ hasText: /^4$/ }).waitFor();
    // The whole district (the demo's two years of cases): every street and category.
    await page.locator("#a-category").selectOption("");
    await page.waitForFunction(() => document.querySelector("[data-testid=fig-cases] [data-testid=fig-value]")?.textContent !== "4");
    await settle(page);
    assert.ok((await page.getByTestId("heat-table").locator("tbody tr").count()) >= 6, "every street");
    await fullShot(page, "analysis-district-full");
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "analysis-district");
    await page.locator("#heat").scrollIntoViewIfNeeded();
    await shot(page, "analysis-district-heat");
    // The largest repeated demands first; the rest behind 显示全部.
    const repeatedRows = page.getByTestId("repeated-table").locator("tbody tr:visible");
    assert.ok((await repeatedRows.count()) <= 15);
    await page.locator("#satisfaction").scrollIntoViewIfNeeded();
    await shot(page, "analysis-district-satisfaction");
    assertNoPageErrors(page);
    await page.context().close();
    for (const user of [ADMIN, REP]) {
      const p = await newPage(browser);
      await signIn(p, user);
      const nav = p.getByRole("navigation", { name: "主导航" });
      assert.equal(await nav.getByRole("link", { name: "研判分析" }).count(), 0, user.username);
      assert.equal(await nav.getByRole("link", { name: "案件" }).count(), user === REP ? 1 : 0, user.username);
      await p.goto(BASE + "/analysis");
      await p.getByTestId("forbidden").waitFor();
      await p.context().close();
    }
  });
});

describe("案件", () => {
  test("a representative sees its street's cases and not another street's; a number opens the drawer", async () => {
    const page = await newPage(browser);
    await signIn(page, REP);
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "案件" }).click();
    await page.getByTestId("cases-page").waitFor();
    await page.locator("#f-q").fill(sfx);
    await page.getByRole("button", { name: "查询", exact: true }).click();
    const rows = page.getByTestId("case-row");
    await page.getByTestId("page-info").filter({ hasText: "共 5 条" }).waitFor();
    await settle(page);
    const shown = (await rows.evaluateAll((rs) => rs.map((r) => r.dataset.case))).sort();
    assert.deepEqual(shown, ["A1", "A2", "A3", "P1", "P2"].map(num).sort());
    assert.equal(await page.locator(`[data-case="${num("B1")}"]`).count(), 0);
    // The columns: received in Beijing time, category with its parent, street, unit, status, overdue.
    const a3 = rows.filter({ has: page.locator(`[data-case="${num("A3")}"]`) }).first();
    const cells = await page.locator(`tr[data-case="${num("A3")}"] td`).allInnerTexts();
    assert.deepEqual(cells, [num("A3"), `${ym(M)}-10 10:00`, `${PARENT.name} / ${CHILD.name}`, repStreet.name, "区城管局", "办理中", "已超期"]);
    // Another street's case, asked for by hand, is not there either.
    const other = await api(`/cases/${num("B1")}`, { token: await tokenOf(REP) });
    assert.equal(other.status, 404);
    await shot(page, "cases-rep");
    await a3.getByRole("button", { name: `查看案件 ${num("A3")}` }).click();
    const drawer = page.getByTestId("case-drawer");
    await drawer.getByTestId("case-number").filter({ hasText: num("A3") }).waitFor();
    assert.equal(await drawer.getByTestId("case-street").innerText(), repStreet.name);
    await shot(page, "cases-rep-drawer");
    assertNoPageErrors(page);
    await page.context().close();
  });

  test("the analyst filters by street and status", async () => {
    const page = await newPage(browser);
    await signIn(page, ANALYST);
    await page.goto(BASE + "/cases");
    await page.getByTestId("cases-page").waitFor();
    await page.locator("#f-q").fill(sfx);
    await page.locator("#f-street").selectOption(otherStreet.code);
    await page.getByRole("button", { name: "查询", exact: true }).click();
    await page.locator(`tr[data-case="${num("B1")}"]`).waitFor();
    await page.getByTestId("page-info").filter({ hasText: "共 1 条" }).waitFor();
    await page.locator("#f-street").selectOption("");
    await page.locator("#f-status").selectOption("in_progress");
    await page.getByRole("button", { name: "查询", exact: true }).click();
    // The same count as before: wait for the row itself, not the count.
    await page.locator(`tr[data-case="${num("A3")}"]`).waitFor();
    assert.equal(await page.getByTestId("case-row").count(), 1);
    await page.getByRole("button", { name: "重置" }).click();
    await page.getByTestId("page-info").filter({ hasText: /共 \d{2,} 条/ }).waitFor();
    await fullShot(page, "cases-analyst-full");
    assertNoPageErrors(page);
    await page.context().close();
  });
});
