// What every browser spec shares: the service's address and image from scripts/e2e.sh, the JSON API helper, how
// Chromium is started and the screenshots. Each spec passes its own specifics (viewport, extra flags) as parameters.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

/** The service under test (scripts/e2e.sh sets E2E_BASE_URL). */
export const BASE = process.env.E2E_BASE_URL ?? "http://127.0.0.1:18080";
/** Where screenshots go (scripts/e2e.sh sets E2E_SCREENSHOTS). */
export const SHOTS = process.env.E2E_SCREENSHOTS ?? "target/e2e-screenshots";
/** The id of the image scripts/e2e.sh imported before the specs run. */
export const IMAGE = process.env.E2E_IMAGE_ID ?? "test-guest";
/** A short suffix unique to this run, so names made by one run never clash with another's. */
export const RUN = Date.now().toString(36).slice(-5);

/** Chromium's flags for a headless run inside the test namespace, followed by a spec's extra ones. */
export const chromiumArgs = (extra = []) => [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    ...extra,
];

/** Debian's Chromium (scripts/e2e.sh sets CHROMIUM); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Flags the console specs add: no QUIC, no component updates, no sync. */
export const QUIET_ARGS = ["--disable-quic", "--disable-component-update", "--disable-sync"];

/**
 * Starts Chromium with a fresh profile in a temporary directory named by prefix; options go to
 * launchPersistentContext (viewport, acceptDownloads, args: extra flags). Returns the context, its page (with a
 * default timeout of 15 s) and close(), which closes the browser and removes the profile.
 */
export async function openBrowser(prefix, { args = [], ...options } = {}) {
    const profile = mkdtempSync(join(tmpdir(), prefix));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: chromiumArgs(args),
        ...options,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15000);
    const close = async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
    };
    return { context, page, close };
}

/** A JSON request to the service, from outside the browser: its status and parsed body (undefined when empty). */
export async function api(path, init = {}) {
    const r = await fetch(BASE + path, {
        ...init,
        headers: { "content-type": "application/json", ...init.headers },
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Waits until check() (which may be async) answers true, asking every `every` ms; fails after timeout ms saying what
 * was waited for: `describe`, or what describe() answers then. For what the page's own waits cannot look at: the
 * messages a mocked socket received, the service's state through its API.
 */
export async function until(check, describe, timeout = 15000, every = 50) {
    const deadline = Date.now() + timeout;
    while (!(await check())) {
        if (Date.now() > deadline) {
            throw new Error(
                `not within ${timeout} ms: ${typeof describe === "function" ? describe() : describe}`,
            );
        }
        await new Promise((resolve) => setTimeout(resolve, every));
    }
}

/** Saves a full-page screenshot of page as SHOTS/name.png. */
export const screenshot = (page, name) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Per page: the health it is shown instead of the service's, while a test pretends (see pretendHealth). */
const pretending = new WeakMap();

/**
 * Makes page see `health` as the service's health until restore() is awaited: GET /api/monitor/health answers it
 * with `status`, and every `health` message the events socket pushes (one per host sample while the console
 * listens) carries it instead of the real one, which would otherwise replace it on the page within seconds. Call
 * before the page loads. show(other) pretends another health from then on (the next push brings it).
 */
export async function pretendHealth(page, health, status = 200) {
    if (!pretending.has(page)) {
        // installed once per page: a second WebSocket route for the same URL would shadow the first
        await page.routeWebSocket(/\/api\/ws\/events/, (ws) => {
            const server = ws.connectToServer();
            server.onMessage((message) => {
                const shown = pretending.get(page).health;
                const parsed = JSON.parse(String(message));
                ws.send(
                    shown !== undefined && parsed.type === "health"
                        ? JSON.stringify({ ...parsed, data: shown })
                        : message,
                );
            });
        });
    }
    const pretended = { health };
    pretending.set(page, pretended);
    await page.route("**/api/monitor/health", (route) =>
        route.fulfill({ status, contentType: "application/json", body: JSON.stringify(pretended.health) }),
    );
    return {
        show: (other) => {
            pretended.health = other;
        },
        restore: async () => {
            pretended.health = undefined;
            await page.unroute("**/api/monitor/health");
        },
    };
}
