// Browser test of the instance page's metrics charts against the real service and a real VM; started by
// scripts/e2e.sh inside the test namespace. Debian's Chromium driven by playwright-core.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, IMAGE, api, openBrowser, screenshot } from "./support.mjs";

const CHARTS = ["cpu", "memory", "disk", "network"];

let page;
let closeBrowser;
const launched = [];

/**
 * The data points each chart draws, as the chart's figure states them; read in one go, so a sample pushed meanwhile
 * cannot be counted in some charts and not in others.
 */
async function points() {
    return page.evaluate(
        (charts) =>
            Object.fromEntries(
                charts.map((name) => [
                    name,
                    Number(document.querySelector(`[data-testid="chart-${name}"]`)?.dataset.points),
                ]),
            ),
        CHARTS,
    );
}

/** Pixels of a chart's canvas that are drawn at all: a chart with its axes and line is far from blank. */
async function drawnPixels(name) {
    return page
        .getByTestId(`chart-${name}`)
        .locator("canvas")
        .evaluate((canvas) => {
            const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
            let drawn = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn++;
            return drawn;
        });
}

before(async () => {
    ({ page, close: closeBrowser } = await openBrowser("ec2-e2e-chromium-", {
        viewport: { width: 1280, height: 1000 },
    }));
});

after(async () => {
    for (const id of launched) await api(`/api/instances/${id}`, { method: "DELETE" });
    await closeBrowser?.();
});

describe("instance metrics", () => {
    test("the instance page charts CPU, memory, disk and network of a running instance, filling as samples come", async () => {
        const created = await api("/api/instances", {
            method: "POST",
            body: JSON.stringify({ name: "metrics-e2e", instance_type: "t2.nano", image_id: IMAGE }),
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const id = created.body.id;
        launched.push(id);

        await page.goto(`${BASE}/instances/${id}`);
        await page.locator('h1 .badge[data-status="running"]').waitFor({ timeout: 150000 });
        await page.getByRole("heading", { name: "Monitoring" }).waitFor();
        // two samples make a CPU and memory line and the first disk and network rates
        await page.waitForFunction(
            (charts) =>
                charts.every(
                    (name) =>
                        Number(document.querySelector(`[data-testid="chart-${name}"]`)?.dataset.points) >= 1,
                ),
            CHARTS,
            { timeout: 60000, polling: 500 },
        );
        const first = await points();
        for (const name of CHARTS) {
            const canvas = page.getByTestId(`chart-${name}`).locator("canvas");
            assert.equal(await canvas.count(), 1, `${name} has its canvas`);
            assert.equal(await canvas.getAttribute("role"), "img");
            assert.ok((await drawnPixels(name)) > 0, `${name} is drawn`);
        }
        assert.ok(first.cpu >= 2 && first.memory >= 2, JSON.stringify(first));

        // the lines grow from pushed samples (the events socket's `metrics` messages): no request for them
        const asked = [];
        const record = (request) => {
            if (new URL(request.url()).pathname.startsWith("/api/")) asked.push(request.url());
        };
        page.on("request", record);
        await page.waitForFunction(
            (before) =>
                Object.entries(before).every(
                    ([name, n]) =>
                        Number(document.querySelector(`[data-testid="chart-${name}"]`)?.dataset.points) > n,
                ),
            first,
            { timeout: 60000, polling: 500 },
        );
        const later = await points();
        page.off("request", record);
        assert.deepEqual(asked, [], "samples arrive without a request");
        for (const name of CHARTS)
            assert.ok(later[name] > first[name], `${name} fills: ${first[name]} → ${later[name]}`);
        await page.getByTestId("chart-network").scrollIntoViewIfNeeded();
        await screenshot(page, "metrics-charts");
    });
});
