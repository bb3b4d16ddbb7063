// Browser tests of the console's keyboard use and announcements (tabs and filter chips with arrow keys, toasts,
// live regions) and of the terminal's preflight, against the real service; started by scripts/e2e.sh inside the test
// namespace. Debian's Chromium driven by playwright-core.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASE, RUN, api, QUIET_ARGS, openBrowser, screenshot } from "./support.mjs";

let page;
let closeBrowser;
const keyDir = mkdtempSync(join(tmpdir(), "ec2-e2e-key-"));
const keys = [];

const shot = (name) => screenshot(page, name);

/** The focused element: its role, text, and whether it is the selected one of its group. */
const focused = () =>
    page.evaluate(() => {
        const el = document.activeElement;
        return {
            id: el?.id ?? "",
            role: el?.getAttribute("role") ?? "",
            text: el?.textContent?.trim() ?? "",
            selected: el?.getAttribute("aria-selected") ?? el?.getAttribute("aria-checked") ?? "",
            label: el?.getAttribute("aria-label") ?? "",
        };
    });

/** How many items of the group are in the Tab order: a roving tabindex leaves exactly one. */
const tabStops = (group) =>
    group.evaluate(
        (g) =>
            Array.from(g.querySelectorAll('[role="tab"], [role="radio"]')).filter((e) => e.tabIndex >= 0)
                .length,
    );

// Every element that is a live region, by attribute or by role (alert, status, log, marquee and timer are live)
const LIVE = '[aria-live], [role="alert"], [role="status"], [role="log"], [role="marquee"], [role="timer"]';
/** The live regions inside another one (a screen reader announces such content twice, or not at all). */
const nestedLiveRegions = () =>
    page.evaluate(
        (sel) =>
            Array.from(document.querySelectorAll(sel))
                .filter((el) => el.parentElement?.closest(sel))
                .map((el) => el.outerHTML.slice(0, 160)),
        LIVE,
    );

// An instance only the browser sees (its GET is answered here); the service itself does not know it
const MOCK_ID = "i-0000beef";
const mockInstance = (status) =>
    page.route(`**/api/instances/${MOCK_ID}`, (r) =>
        r.fulfill({
            status: 200,
            contentType: "application/json",
            body: JSON.stringify({
                id: MOCK_ID,
                name: "keyboard",
                instance_type: "t2.nano",
                status,
                vcpus: 1,
                memory_mb: 512,
                disk_gb: 8,
                image_id: "test-guest",
                ip_address: "192.168.150.98",
            }),
        }),
    );

before(async () => {
    ({ page, close: closeBrowser } = await openBrowser("ec2-e2e-chromium-", {
        args: QUIET_ARGS,
        viewport: { width: 1280, height: 800 },
    }));
});

after(async () => {
    for (const name of keys) await api(`/api/ssh-key/${name}`, { method: "DELETE" });
    await closeBrowser?.();
    rmSync(keyDir, { recursive: true, force: true });
});

describe("console keyboard and announcements", () => {
    test("the status filter chips are one tab stop; arrow keys, Home and End move the focus and the filter", async () => {
        await page.goto(BASE + "/instances");
        const group = page.getByRole("radiogroup", { name: "Filter by status" });
        await group.waitFor();
        assert.equal(await tabStops(group), 1);
        await group.getByRole("radio", { checked: true }).focus();
        assert.deepEqual(
            { role: (await focused()).role, selected: (await focused()).selected },
            { role: "radio", selected: "true" },
        );
        const first = (await focused()).text;

        await page.keyboard.press("ArrowRight");
        let now = await focused();
        assert.match(now.text, /^all\b/);
        assert.equal(now.selected, "true", "selection follows the focus");
        assert.equal(await group.getByRole("radio", { name: first }).getAttribute("aria-checked"), "false");
        assert.equal(await tabStops(group), 1);

        await page.keyboard.press("End");
        now = await focused();
        assert.match(now.text, /^terminated\b/);
        assert.equal(now.selected, "true");
        await page.keyboard.press("ArrowRight"); // wraps to the first
        assert.equal((await focused()).text, first);
        await page.keyboard.press("ArrowLeft"); // and back to the last
        assert.match((await focused()).text, /^terminated\b/);
        await page.keyboard.press("ArrowDown"); // a radio group moves with Up/Down too
        assert.equal((await focused()).text, first);
        await page.keyboard.press("End");
        await page.keyboard.press("Home");
        now = await focused();
        assert.equal(now.text, first);
        assert.equal(now.selected, "true");
        assert.equal(await tabStops(group), 1);
    });

    test("the instance page's tabs: arrow keys switch the view, Tab goes on into the panel", async () => {
        await mockInstance("stopped");
        try {
            await page.goto(`${BASE}/instances/${MOCK_ID}`);
            const tabs = page.getByRole("tablist", { name: "Instance views" });
            await tabs.waitFor();
            assert.equal(await tabStops(tabs), 1);
            await page.getByRole("tab", { name: "Overview" }).focus();

            await page.keyboard.press("ArrowRight");
            assert.deepEqual(await focused(), {
                id: "tab-terminal",
                role: "tab",
                text: "Terminal",
                selected: "true",
                label: "",
            });
            await page.getByRole("tabpanel", { name: "Terminal" }).waitFor();
            assert.equal(await page.locator("#panel-overview").count(), 0);

            await page.keyboard.press("ArrowRight"); // wraps
            assert.equal((await focused()).id, "tab-overview");
            await page.getByRole("tabpanel", { name: "Overview" }).waitFor();
            await page.keyboard.press("End");
            assert.equal((await focused()).id, "tab-terminal");
            await page.keyboard.press("Home");
            assert.equal((await focused()).id, "tab-overview");
            await page.keyboard.press("ArrowLeft");
            assert.equal((await focused()).id, "tab-terminal");
            assert.equal(
                await page.getByRole("tab", { name: "Terminal" }).getAttribute("aria-selected"),
                "true",
            );
            assert.equal(await tabStops(tabs), 1);

            // The other tab is not a Tab stop: Tab leaves the list for the panel
            await page.keyboard.press("Home");
            await page.keyboard.press("Tab");
            assert.equal((await focused()).id, "panel-overview");
            await shot("keyboard-tabs");
        } finally {
            await page.unroute(`**/api/instances/${MOCK_ID}`);
        }
    });

    test("the key pair form's tabs switch between import and generate with the arrow keys", async () => {
        await page.goto(BASE + "/keys");
        const tabs = page.getByRole("tablist", { name: "Add a key pair" });
        await tabs.waitFor();
        await page.getByRole("tab", { name: "Import public key" }).focus();
        await page.keyboard.press("ArrowRight");
        const now = await focused();
        assert.equal(now.text, "Generate new pair");
        assert.equal(now.selected, "true");
        await page.getByRole("tabpanel", { name: "Generate new pair" }).getByLabel("Key type").waitFor();
        await page.keyboard.press("ArrowLeft");
        assert.equal((await focused()).text, "Import public key");
        await page
            .getByRole("tabpanel", { name: "Import public key" })
            .getByLabel("Public key", { exact: true })
            .waitFor();
        assert.equal(await tabStops(tabs), 1);
    });

    test("no live region is inside another, on any page", async () => {
        const pages = ["/instances", "/launch", "/keys", "/images", "/host"];
        for (const path of pages) {
            await page.goto(BASE + path);
            await page.locator("main h1").first().waitFor();
            assert.deepEqual(await nestedLiveRegions(), [], path);
        }
        // with the terminal's status shown (refused, see below) and the toasts' regions present
        await mockInstance("running");
        try {
            await page.goto(`${BASE}/instances/${MOCK_ID}`);
            await page.getByRole("tab", { name: "Terminal" }).click();
            await page.getByTestId("terminal-state").filter({ hasText: "Refused" }).waitFor();
            assert.equal(await page.locator(".toasts [aria-live]").count(), 2);
            assert.deepEqual(await nestedLiveRegions(), [], "instance page");
        } finally {
            await page.unroute(`**/api/instances/${MOCK_ID}`);
        }
    });

    test("the terminal's preflight shows the service's problem when it refuses", async () => {
        // the service does not know the instance the page is shown: its preflight answers the not-found problem
        const expected = await api(`/api/instances/${MOCK_ID}/terminal`);
        assert.equal(expected.status, 404);
        await mockInstance("running");
        try {
            await page.goto(`${BASE}/instances/${MOCK_ID}`);
            await page.getByRole("tab", { name: "Terminal" }).click();
            const state = page.getByTestId("terminal-state").filter({ hasText: "Refused" });
            await state.waitFor();
            assert.equal((await state.textContent()).trim(), `Refused: ${expected.body.detail}`);

            // a refusal the UI cannot provoke for real here (too many terminals) is shown the same way
            const limit = {
                type: "urn:ec2-as-service:problem:terminal-limit",
                title: "Too many terminals",
                status: 429,
                detail: `${MOCK_ID} has 4 terminals open, the most allowed`,
            };
            await page.route(`**/api/instances/${MOCK_ID}/terminal`, (r) =>
                r.fulfill({
                    status: 429,
                    contentType: "application/problem+json",
                    body: JSON.stringify(limit),
                }),
            );
            await page.getByRole("button", { name: "Reconnect" }).click();
            await page
                .getByTestId("terminal-state")
                .filter({ hasText: `Refused: ${limit.detail}` })
                .waitFor();
            await shot("terminal-refused");
        } finally {
            await page.unroute(`**/api/instances/${MOCK_ID}`);
            await page.unroute(`**/api/instances/${MOCK_ID}/terminal`);
        }
    });

    test("REQ-USE-003 an error toast stays until dismissed (Escape or its button) while a later success toast passes", async () => {
        const bad = { name: `bad-${RUN}`, public_key: "ssh-ed25519 this-is-not-a-key" };
        const refused = await api("/api/ssh-key", { method: "POST", body: JSON.stringify(bad) });
        assert.equal(refused.status, 422);
        // The page's timers run on a clock the test can move: ten minutes pass at once, with no waiting.
        // It stays installed for the context, hence this test comes last.
        await page.clock.install();
        await page.goto(BASE + "/keys");
        const errors = page.locator(".toast-error");
        const successes = page.locator(".toast-success");
        const importKey = async (name, publicKey) => {
            await page.getByLabel("Name", { exact: true }).fill(name);
            // by name: once it holds text, the textarea's label-computed name includes that text
            await page.locator('textarea[name="public_key"]').fill(publicKey);
            await page.getByRole("button", { name: "Import key" }).click();
        };

        await importKey(bad.name, bad.public_key);
        await errors.first().waitFor();
        assert.equal(
            (await errors.first().locator(".toast-detail").textContent()).trim(),
            refused.body.detail,
        );

        // then a success, shown later than the error
        const good = `kbd-${RUN}`;
        const file = join(keyDir, "id_ed25519");
        execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "kbd@console", "-f", file]);
        keys.push(good);
        await importKey(good, execFileSync("ssh-keygen", ["-y", "-f", file]).toString().trim());
        const success = successes.filter({ hasText: `Imported ${good}` });
        await success.waitFor();

        // each in its own live region, neither inside another
        assert.equal(
            await errors
                .first()
                .evaluate((t) => t.parentElement.closest("[aria-live]")?.getAttribute("aria-live")),
            "assertive",
        );
        assert.equal(
            await success.evaluate((t) => t.parentElement.closest("[aria-live]")?.getAttribute("aria-live")),
            "polite",
        );
        assert.deepEqual(await nestedLiveRegions(), []);
        await shot("toasts-error-and-success");

        // ten minutes later the success has passed on its own; the error, shown before it, is still there
        await page.clock.fastForward("10:00");
        await success.waitFor({ state: "detached" });
        assert.equal(await errors.count(), 1);
        assert.equal(await errors.first().isVisible(), true);

        // a second refusal; Escape on the first one's dismiss button removes that one only, the focus moves on
        await importKey(bad.name, bad.public_key);
        await errors.nth(1).waitFor();
        const dismiss = page.getByRole("button", { name: "Dismiss: Import refused (422)" });
        assert.equal(await dismiss.count(), 2, "the dismiss buttons are named after their toast");
        await dismiss.first().focus();
        await page.keyboard.press("Escape");
        await errors.nth(1).waitFor({ state: "detached" });
        assert.equal(await errors.count(), 1);
        assert.equal((await focused()).label, "Dismiss: Import refused (422)");
        // and the last one goes with its visible button
        await dismiss.first().click();
        await errors.first().waitFor({ state: "detached" });
    });
});
