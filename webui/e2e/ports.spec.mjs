// Browser test of the instance page's port forwards against the real service and a real VM; started by
// scripts/e2e.sh inside the test namespace. Debian's Chromium driven by playwright-core.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, connect } from "node:net";
import { BASE, IMAGE, api, openBrowser, screenshot } from "./support.mjs";

let page;
let closeBrowser;
const launched = [];

/** A port of the loopback the kernel says is free now. */
function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
function accepts(port) {
    return new Promise((resolve) => {
        const socket = connect({ host: "127.0.0.1", port });
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
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

describe("port forwards", () => {
    test("the instance page lists a launch's forward with its link, adds one by the form, removes one, and shows them closed after a stop", async () => {
        const first = await freePort();
        let second = await freePort();
        while (second === first) second = await freePort();
        const created = await api("/api/instances", {
            method: "POST",
            body: JSON.stringify({
                name: "ports-e2e",
                instance_type: "t2.nano",
                image_id: IMAGE,
                ports: [{ host: first, guest: 22, protocol: "tcp" }],
            }),
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const id = created.body.id;
        launched.push(id);

        await page.goto(`${BASE}/instances/${id}`);
        await page.locator('h1 .badge[data-status="running"]').waitFor({ timeout: 150000 });
        const ports = page.getByRole("table", { name: "Port forwards" });
        const row = ports.getByTestId(`port-${first}`);
        await row.getByText("listening").waitFor();
        assert.equal(
            await row.getByRole("link", { name: `127.0.0.1:${first}` }).getAttribute("href"),
            `http://127.0.0.1:${first}/`,
        );
        assert.ok(await accepts(first), "the launch's forward listens");

        // added through the form: listens at once, as the row says
        await page.getByLabel("Host port").fill(String(second));
        await page.getByLabel("Guest port").fill("22");
        await page.getByRole("button", { name: "Add forward" }).click();
        await ports.getByTestId(`port-${second}`).getByText("listening").waitFor();
        assert.ok(await accepts(second), "the added forward listens");
        const listed = await api(`/api/instances/${id}/ports`);
        assert.deepEqual(
            listed.body.map((p) => p.host),
            [first, second].sort((a, b) => a - b),
        );
        await page.getByRole("heading", { name: "Port forwarding" }).scrollIntoViewIfNeeded();
        await screenshot(page, "port-forwards");

        // the same host port again is refused with the server's reason, which stays until dismissed
        await page.getByLabel("Host port").fill(String(second));
        await page.getByLabel("Guest port").fill("80");
        await page.getByRole("button", { name: "Add forward" }).click();
        await page.getByText(`host port ${second} is already forwarded by this instance`).waitFor();

        // removed by its button: the row goes and nothing listens on the port any more
        await row.getByRole("button", { name: `Remove the forward of port ${first}` }).click();
        await row.waitFor({ state: "detached" });
        assert.equal(await accepts(first), false, "the removed forward's port is closed");

        // a stop closes the rest, and the page says so as the status changes
        await page.getByRole("button", { name: `Stop ${id}` }).click();
        await ports.getByTestId(`port-${second}`).getByText("closed (instance not running)").waitFor();
        assert.equal(await accepts(second), false, "a stopped instance's forward does not listen");
    });
});
