// Shared helpers of the browser tests: Debian's Chromium through playwright-core, the server's
// address and test users from the environment (set by run.sh), a small API client, screenshots.
import { mkdirSync } from "node:fs";
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
