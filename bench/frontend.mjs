// Time until the home page is usable, against a running server, in Debian's Chromium:
//   sign-in page interactive (wasm loaded, form rendered) → signed in → home rendered.
// Each run uses a fresh browser context (empty cache), so the bundle is downloaded every time.
//
//   YANPAN_URL=http://127.0.0.1:8080 YANPAN_BENCH_USER=admin YANPAN_BENCH_PASSWORD=... \
//     node bench/frontend.mjs            # optional: YANPAN_BENCH_RUNS=5, CHROMIUM=/usr/bin/chromium
//
// Prints one JSON object; exits 1 when the median total is 1500 ms or more, 2 on failure.
// playwright-core comes from tests/browser/node_modules (`npm ci` there; tests/browser/run.sh does it).

const base = (process.env.YANPAN_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
const username = process.env.YANPAN_BENCH_USER ?? process.env.E2E_ADMIN_USER;
const password = process.env.YANPAN_BENCH_PASSWORD ?? process.env.E2E_ADMIN_PASSWORD;
const runs = Number(process.env.YANPAN_BENCH_RUNS ?? 5);
const TARGET_MS = 1500;

async function loadPlaywright() {
  try {
    return await import("playwright-core");
  } catch {
    return await import(new URL("../tests/browser/node_modules/playwright-core/index.mjs", import.meta.url).href);
  }
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const r = (x) => Math.round(x);
  return { median: r(median), min: r(s[0]), max: r(s[s.length - 1]) };
}

async function main() {
  if (!username || !password) {
    throw new Error("set YANPAN_BENCH_USER and YANPAN_BENCH_PASSWORD");
  }
  const { chromium } = await loadPlaywright();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const interactive = [];
  const signIn = [];
  const total = [];
  try {
    // One warm-up run (browser process start-up, server caches), not counted.
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${base}/login`);
      const user = page.locator("#username");
      await user.waitFor({ state: "visible" });
      const t1 = performance.now();
      await user.fill(username);
      await page.locator("#password").fill(password);
      const tClick = performance.now();
      await page.locator("form[data-testid=signin-form] button[type=submit]").click();
      await page.locator("[data-testid=greeting]").filter({ hasText: /\S/ }).waitFor();
      await page.locator("#annual-rhythm").waitFor();
      const t2 = performance.now();
      if (i > 0) {
        interactive.push(t1 - t0);
        signIn.push(t2 - tClick);
        total.push(t2 - t0);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const result = {
    url: base,
    runs,
    signin_interactive_ms: stats(interactive),
    signin_to_home_ms: stats(signIn),
    total_ms: stats(total),
    target_ms: TARGET_MS,
    within_target: stats(total).median < TARGET_MS,
  };
  console.log(JSON.stringify(result));
  return result.within_target ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log(JSON.stringify({ error: String(err?.message ?? err) }));
    process.exit(2);
  },
);
