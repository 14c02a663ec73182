// Accessibility: axe-core finds no violation of impact serious or critical on any page any role
// can reach — sign-in, home, meetings (list, new, a meeting in each status, with its forms open),
// 本单位 and a submission, escalations, search, my account, the analysis room (with a chart's data
// table and the case drawer open), the special-topic proposals (with a decision form open), the
// agenda drafted from data, the case list, and the administration pages.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import {
  ADMIN,
  ANALYST,
  BASE,
  CONVENER,
  INSPECTOR,
  REP,
  api,
  axeViolations,
  launch,
  meetingIn,
  newPage,
  settle,
  signIn,
  tokenOf,
  unitId,
} from "./lib.mjs";

let browser;
const suffix = Date.now().toString(36);
const WORD = `无障碍${suffix}`;
/** status → meeting id */
const meetings = {};
let submissionId;
let repUserId;
let unitIdQingbo;

before(async () => {
  browser = await launch();
  const tokens = { analyst: await tokenOf(ANALYST), convener: await tokenOf(CONVENER) };
  unitIdQingbo = await unitId(tokens.analyst, "street-qingbo");
  for (const status of ["draft", "scheduled", "in_progress", "concluded", "reported", "cancelled"]) {
    meetings[status] = await meetingIn(tokens, {
      title: `${WORD}-${status}`,
      status,
      invited: [unitIdQingbo],
      poor: status !== "draft",
    });
  }
  // A unit's submission, and an escalation waiting for the convener.
  const rep = await tokenOf(REP);
  const sub = await api(`/meetings/${meetings.scheduled}/submissions`, {
    method: "POST",
    token: rep,
    body: { opinion: "清波街道研判意见：问题集中在老旧小区。" },
  });
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  submissionId = sub.body.id;
  const items = await api(`/meetings/${meetings.in_progress}/agenda-items`, { token: tokens.convener });
  const poor = items.body.items.find((i) => i.category === "poor_disposal");
  const decided = await api(`/agenda-items/${poor.id}/decision`, {
    method: "POST",
    token: tokens.convener,
    body: { escalate: true, reason: "多次交办未整改，提请一级督办。" },
  });
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  const admin = await tokenOf(ADMIN);
  const users = await api(`/users?q=${encodeURIComponent(REP.username)}`, { token: admin });
  repUserId = users.body.items[0].id;
});

after(async () => {
  await browser?.close();
});

/**
 * Visits each page (a path, or [path, label, action] with an action run before checking) and
 * answers the serious and critical violations found, page by page.
 */
async function audit(page, visits) {
  const found = [];
  for (const visit of visits) {
    const [path, label, action] = Array.isArray(visit) ? visit : [visit, visit, null];
    if (path) await page.goto(BASE + path);
    await settle(page);
    if (action) {
      await action(page);
      await settle(page);
    }
    const v = await axeViolations(page);
    if (v.length) found.push(`${label}\n    ${v.join("\n    ")}`);
  }
  return found;
}

function assertClean(role, found) {
  if (found.length) assert.fail(`axe, ${role}:\n  ${found.join("\n  ")}`);
}

const meetingPages = () =>
  Object.entries(meetings).map(([status, id]) => [`/meetings/${id}`, `meeting (${status})`, null]);

const common = () => [
  "/",
  "/meetings",
  ["/meetings", "meetings calendar", (p) => p.getByRole("button", { name: "日历" }).click()],
  `/search?q=${encodeURIComponent(WORD)}`,
  "/me",
];

describe("axe: no serious or critical violations", () => {
  test("signed out: sign-in, with an error shown", async () => {
    const page = await newPage(browser);
    const found = await audit(page, [
      "/login",
      [
        null,
        "sign-in with an error",
        async (p) => {
          await p.locator("#username").fill("nobody");
          await p.locator("#password").fill("wrong-password");
          await p.getByRole("button", { name: "登录", exact: true }).click();
          await p.getByTestId("form-error").waitFor();
        },
      ],
    ]);
    assertClean("signed out", found);
    await page.context().close();
  });

  test("administrator", async () => {
    const page = await newPage(browser);
    await signIn(page, ADMIN);
    const found = await audit(page, [
      ...common(),
      ...meetingPages(),
      "/escalations",
      `/submissions/${submissionId}`,
      "/admin/units",
      "/admin/units/new",
      ["/admin/units/new", "unit form with errors", (p) => p.getByRole("button", { name: "新建", exact: true }).click()],
      "/admin/users",
      "/admin/users/new",
      `/admin/users/${repUserId}`,
      "/admin/service-accounts",
      ["/admin/audit", "audit log with details open", (p) => p.getByTestId("audit-toggle").first().click()],
      "/admin/calendar",
      "/no-such-page",
    ]);
    assertClean("administrator", found);
    await page.context().close();
  });

  test("convener", async () => {
    const page = await newPage(browser);
    await signIn(page, CONVENER);
    const found = await audit(page, [
      ...common(),
      "/meetings/new",
      ...meetingPages(),
      [
        `/meetings/${meetings.in_progress}`,
        "meeting (in_progress) with a conclusion form of two recommendations and the cancel form",
        async (p) => {
          await p.getByRole("button", { name: "＋ 起草结论" }).click();
          const form = p.getByTestId("conclusion-form");
          await form.getByRole("button", { name: "＋ 添加对策建议" }).click();
          await form.getByRole("button", { name: "＋ 添加对策建议" }).click();
          await p.getByTestId("transitions").getByRole("button", { name: "取消会议" }).click();
          await p.getByTestId("transitions").getByRole("button", { name: "结束会议" }).click();
          await p.getByTestId("form-error").first().waitFor();
        },
      ],
      "/analysis",
      "/topic-proposals",
      [
        "/topic-proposals",
        "topic proposals with the accept form open",
        async (p) => {
          await p.getByTestId("proposal").first().waitFor();
          await p.getByTestId("proposal-accept").first().click();
          await p.getByTestId("accept-form").waitFor();
        },
      ],
      [
        "/topic-proposals",
        "topic proposals with the dismiss form open, with an error",
        async (p) => {
          await p.getByTestId("proposal").first().waitFor();
          await p.getByTestId("proposal-dismiss").first().click();
          await p.getByTestId("dismiss-form").getByRole("button", { name: "确认不采纳" }).click();
          await p.getByTestId("dismiss-form").locator(".field-error").waitFor();
        },
      ],
      "/cases",
      "/escalations",
      `/submissions/${submissionId}`,
      ["/admin/audit", "audit log with details open", (p) => p.getByTestId("audit-toggle").first().click()],
      "/admin/users",
    ]);
    assertClean("convener", found);
    await page.context().close();
  });

  test("analyst", async () => {
    const page = await newPage(browser);
    await signIn(page, ANALYST);
    const found = await audit(page, [
      ...common(),
      "/meetings/new",
      [
        "/meetings/new",
        "new special-topic meeting with errors",
        async (p) => {
          await p.locator("#kind").selectOption("special_topic");
          await p.getByTestId("meeting-form").getByRole("button", { name: "新建" }).click();
          await p.locator(".field-error").first().waitFor();
        },
      ],
      ...meetingPages(),
      [
        `/meetings/${meetings.draft}`,
        "meeting (draft) with the agenda form open",
        (p) => p.getByTestId("add-repeated_demands").click(),
      ],
      [
        `/meetings/${meetings.draft}`,
        "meeting (draft) with the agenda draft and a proposal's form open",
        async (p) => {
          await p.getByTestId("draft-generate").click();
          await p.getByTestId("draft-proposal").first().waitFor();
          await p.getByTestId("draft-adopt").first().click();
          await p.getByTestId("draft-proposal").first().getByTestId("agenda-form").waitFor();
        },
      ],
      "/topic-proposals",
      "/analysis",
      [
        "/analysis",
        "analysis with a chart's data table and the case drawer open",
        async (p) => {
          await p.getByTestId("chart-by-category").getByRole("button", { name: "数据表" }).click();
          await p.locator("button.case-link").first().click();
          await p.getByTestId("case-facts").waitFor();
        },
      ],
      "/cases",
      "/escalations",
    ]);
    assertClean("analyst", found);
    await page.context().close();
  });

  test("unit representative", async () => {
    const page = await newPage(browser);
    await signIn(page, REP);
    const found = await audit(page, [
      ...common(),
      "/my-unit",
      [
        "/my-unit",
        "my unit with the submission panel open",
        (p) =>
          p.getByTestId("unit-meetings").locator("tr", { hasText: `${WORD}-scheduled` }).getByRole("button").click(),
      ],
      ...meetingPages(),
      `/submissions/${submissionId}`,
      "/admin/users",
      [
        "/cases",
        "cases with the case drawer open",
        async (p) => {
          await p.locator("button.case-link").first().click();
          await p.getByTestId("case-facts").waitFor();
        },
      ],
      "/escalations",
    ]);
    assertClean("unit representative", found);
    const phone = await newPage(browser, { width: 390, height: 844 });
    await signIn(phone, REP);
    assertClean("unit representative at 390 px", await audit(phone, ["/", "/my-unit", `/meetings/${meetings.scheduled}`]));
    await phone.context().close();
    await page.context().close();
  });

  test("inspector", async () => {
    const page = await newPage(browser);
    await signIn(page, INSPECTOR);
    const found = await audit(page, [
      ...common(),
      ...meetingPages(),
      "/analysis",
      "/cases",
      "/escalations",
      `/submissions/${submissionId}`,
      ["/admin/audit", "audit log with details open", (p) => p.getByTestId("audit-toggle").first().click()],
      "/admin/calendar",
    ]);
    assertClean("inspector", found);
    await page.context().close();
  });
});
