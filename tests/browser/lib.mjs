// Shared helpers of the browser tests: Debian's Chromium through playwright-core, the server's
// address and test users from the environment (set by run.sh), a small API client, screenshots.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BASE = process.env.YANPAN_URL ?? "http://127.0.0.1:8080";
export const ADMIN = { username: process.env.E2E_ADMIN_USER ?? "admin", password: process.env.E2E_ADMIN_PASSWORD ?? "" };
export const REP = { username: process.env.E2E_REP_USER ?? "qingbo", password: process.env.E2E_REP_PASSWORD ?? "" };
export const CONVENER = { username: process.env.E2E_CONVENER_USER ?? "convener", password: process.env.E2E_CONVENER_PASSWORD ?? "" };
export const ANALYST = { username: process.env.E2E_ANALYST_USER ?? "analyst", password: process.env.E2E_ANALYST_PASSWORD ?? "" };
export const REP2 = { username: process.env.E2E_REP2_USER ?? "hubin", password: process.env.E2E_REP2_PASSWORD ?? "" };
export const INSPECTOR = { username: process.env.E2E_INSPECTOR_USER ?? "inspector", password: process.env.E2E_INSPECTOR_PASSWORD ?? "" };
export const LOCKED = { username: process.env.E2E_LOCKED_USER ?? "locked", password: process.env.E2E_LOCKED_PASSWORD ?? "" };

const here = dirname(fileURLToPath(import.meta.url));
export const SHOTS = join(here, "..", "output", "screenshots");
mkdirSync(SHOTS, { recursive: true });

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launches Chromium with a fresh temporary profile. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A new page at 1366×768 (or the given width). The browser's zone is deliberately not Shanghai:
 * the app must format times in UTC+8 by itself.
 */
export async function newPage(browser, { width = 1366, height = 768 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    locale: "zh-CN",
    timezoneId: "America/New_York",
  });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(m.text());
  });
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** Signs in through the form and waits for the home page (or the `next` page). */
export async function signIn(page, user, { from = "/login", expectPath = "/" } = {}) {
  await page.goto(BASE + from);
  await page.locator("#username").fill(user.username);
  await page.locator("#password").fill(user.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((u) => new URL(u).pathname === expectPath);
}

/** A bare API call; answers { status, headers, body }. */
export async function api(path, { method = "GET", token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h["content-type"] = "application/json";
  const res = await fetch(`${BASE}/api/v1${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, body: json };
}

export async function tokenOf(user) {
  const r = await api("/auth/login", { method: "POST", body: { username: user.username, password: user.password } });
  if (r.status !== 200) throw new Error(`login of ${user.username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

/** Formats an RFC 3339 instant as the app does: Asia/Shanghai, `YYYY-MM-DD HH:MM`. */
export function shanghai(iso) {
  const d = new Date(Date.parse(iso) + 8 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** Waits until the page has loaded what it shows: no request in flight, no spinner. */
export async function settle(page) {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector(".loading, .boot"));
}

// The app's Content-Security-Policy forbids inline scripts, so axe is not added as a <script>
// tag: its source is evaluated through the DevTools protocol, which the policy does not govern.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page as it is now; answers the violations of impact serious or critical,
 * one line each: `rule (impact): help — targets`.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.evaluate(AXE);
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length}× ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(", ")}`);
}

/** The id of a unit by its code. */
export async function unitId(token, code) {
  const r = await api(`/units?q=${encodeURIComponent(code)}&page_size=100`, { token });
  const u = r.body.items.find((x) => x.code === code);
  if (!u) throw new Error(`no unit ${code}`);
  return u.id;
}

function ok(r, what) {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/**
 * A special-topic meeting made through the API and brought to `status` (draft, scheduled,
 * in_progress, concluded, reported or cancelled): agenda items (`other`, plus `poor_disposal`
 * when `poor`), main reporter and preliminary analysis; concluding writes minutes, adopts a
 * conclusion and decides the poor-disposal item. `tokens`: { analyst, convener }. Answers the id.
 */
export async function meetingIn(tokens, { title, status = "draft", invited = [], poor = false, daysAhead = 7 }) {
  const { analyst: at, convener: ct } = tokens;
  const starts = new Date(Date.now() + daysAhead * 86400e3);
  const created = ok(
    await api("/meetings", {
      method: "POST",
      token: at,
      body: {
        kind: "special_topic",
        title,
        trigger: "hot_issue",
        trigger_reason: "近期群众反映集中的热点问题",
        starts_at: starts.toISOString(),
        ends_at: new Date(starts.getTime() + 7200e3).toISOString(),
        place: "区联动指挥中心三楼会议室",
        chair: "区委副书记",
        invited_unit_ids: invited,
      },
    }),
    "create meeting",
  );
  const id = created.body.meeting.id;
  if (status === "draft") return id;
  if (status === "cancelled") {
    ok(await api(`/meetings/${id}/transitions`, { method: "POST", token: ct, body: { to: "cancelled", reason: "会期调整，另行安排" } }), "cancel");
    return id;
  }
  const item = async (category, itemTitle) =>
    ok(await api(`/meetings/${id}/agenda-items`, { method: "POST", token: at, body: { category, title: itemTitle, summary: `${itemTitle}：情况概述。` } }), "item").body;
  await item("other", `${title}·其他事项`);
  const poorItem = poor ? await item("poor_disposal", `${title}·处置不力事件`) : null;
  const etag = async () => (await api(`/meetings/${id}`, { token: at })).headers.get("etag");
  ok(
    await api(`/meetings/${id}`, {
      method: "PATCH",
      token: at,
      headers: { "if-match": await etag() },
      body: { main_reporter: "联动指挥中心 周主任", preliminary_analysis: "初步分析：问题集中，建议专题研究。" },
    }),
    "prepare",
  );
  ok(await api(`/meetings/${id}/transitions`, { method: "POST", token: at, body: { to: "scheduled" } }), "schedule");
  if (status === "scheduled") return id;
  ok(await api(`/meetings/${id}/transitions`, { method: "POST", token: ct, body: { to: "in_progress", reason: "测试：提前召开" } }), "start");
  if (status === "in_progress") return id;
  ok(await api(`/meetings/${id}`, { method: "PATCH", token: at, headers: { "if-match": await etag() }, body: { minutes: "会议记录：各单位作了发言。" } }), "minutes");
  if (poorItem) {
    ok(await api(`/agenda-items/${poorItem.id}/decision`, { method: "POST", token: ct, body: { escalate: false, reason: "已整改到位，不再提请。" } }), "decide");
  }
  const c = ok(await api(`/meetings/${id}/conclusions`, { method: "POST", token: at, body: { text: "形成统一结论：加强联动处置。" } }), "conclusion");
  ok(await api(`/conclusions/${c.body.id}/adopt`, { method: "POST", token: ct }), "adopt");
  ok(await api(`/meetings/${id}/transitions`, { method: "POST", token: ct, body: { to: "concluded" } }), "conclude");
  if (status === "concluded") return id;
  // Art. 7: reported once its briefing is issued.
  const b = ok(await api(`/briefings`, { method: "POST", token: at, body: { kind: "briefing", meeting_id: id } }), "briefing");
  ok(await api(`/briefings/${b.body.id}/transitions`, { method: "POST", token: at, body: { to: "in_review" } }), "review");
  ok(await api(`/briefings/${b.body.id}/transitions`, { method: "POST", token: ct, body: { to: "issued" } }), "issue");
  ok(await api(`/meetings/${id}/transitions`, { method: "POST", token: at, body: { to: "reported" } }), "report");
  return id;
}
