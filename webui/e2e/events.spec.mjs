// Pushed state in a real browser (issue 15): the console hears an instance's changes over WS /api/ws/events and
// shows them without asking the API. The test changes the instance through the API from outside the page, and
// records every request the page makes meanwhile: the new status must appear while the page made no /api/
// request at all. Started by scripts/e2e.sh inside the test namespace.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASE, IMAGE, RUN, api, openBrowser, screenshot } from "./support.mjs";

let page;
let closeBrowser;
let instanceId;
const keyDir = mkdtempSync(join(tmpdir(), "ec2-e2e-events-key-"));
/** Every request the page made, by URL, and every events message it received, in order. */
let requests = [];
let received = [];

async function awaitApiStatus(id, status, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const r = await api(`/api/instances/${id}`);
        if (r.body?.status === status) return r.body;
        assert.notEqual(r.body?.status, "error", `${id} went to error: ${r.body?.state_reason}`);
        assert.ok(Date.now() < deadline, `${id} not ${status} after ${timeoutMs} ms: ${r.body?.status}`);
        await new Promise((done) => setTimeout(done, 500));
    }
}

/** Opens a page of the console and waits until its events socket said hello, so nothing pushed is missed. */
async function openLive(path, ready) {
    let hello;
    const helloSeen = new Promise((done) => (hello = done));
    page.removeAllListeners("websocket");
    page.on("websocket", (ws) => {
        if (!ws.url().includes("/api/ws/events")) return;
        ws.on("framereceived", (frame) => {
            const message = JSON.parse(frame.payload.toString());
            received.push(message);
            if (message.type === "hello") hello();
        });
    });
    await page.goto(BASE + path);
    await ready();
    await helloSeen;
}

function apiRequests() {
    return requests.filter((r) => new URL(r.url).pathname.startsWith("/api/") && !r.url.includes("/api/ws/"));
}

before(async () => {
    ({ page, close: closeBrowser } = await openBrowser("ec2-e2e-events-", {
        viewport: { width: 1280, height: 800 },
    }));
    page.on("request", (r) => requests.push({ method: r.method(), url: r.url() }));

    const file = join(keyDir, "id_ed25519");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "e2e@events", "-f", file]);
    const key = await api("/api/ssh-key", {
        method: "POST",
        body: JSON.stringify({
            name: `events-${RUN}`,
            public_key: readFileSync(`${file}.pub`, "utf8").trim(),
        }),
    });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const made = await api("/api/instances", {
        method: "POST",
        body: JSON.stringify({
            name: `events-${RUN}`,
            instance_type: "t2.nano",
            image_id: IMAGE,
            ssh_key_name: `events-${RUN}`,
        }),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    instanceId = made.body.id;
    await awaitApiStatus(instanceId, "running", 180000);
    // the guest's init has started acpid once sshd listens: the stop below then is a real ACPI shutdown, not the
    // forced one after ec2.instances.stop-timeout that a guest still booting gets
    const deadline = Date.now() + 180000;
    for (;;) {
        const log = await fetch(`${BASE}/api/instances/${instanceId}/console`).then((r) => r.text());
        if (log.includes("sshd (dropbear) listening")) break;
        assert.ok(
            Date.now() < deadline,
            `${instanceId}: the guest's sshd did not start:\n${log.slice(-2000)}`,
        );
        await new Promise((done) => setTimeout(done, 500));
    }
});

after(async () => {
    if (instanceId) await api(`/api/instances/${instanceId}`, { method: "DELETE" });
    await closeBrowser?.();
    rmSync(keyDir, { recursive: true, force: true });
});

describe("pushed state", () => {
    test("a stop made elsewhere reaches the instance page over the events socket, with no request in between", async () => {
        const badge = page.locator(`h1 .badge`);
        await openLive(`/instances/${instanceId}`, async () => {
            await page.locator(`h1 .badge[data-status="running"]`).waitFor();
            // the charts are a lazily loaded part of the page that makes its own first read: wait for it too
            await page.getByRole("heading", { name: "Monitoring" }).waitFor();
            await page.getByText(/Loading (the charts|samples)/).waitFor({ state: "detached" });
        });
        requests = [];
        received = [];

        const stop = await api(`/api/instances/${instanceId}/stop`, { method: "POST" });
        assert.equal(stop.status, 200, JSON.stringify(stop.body));
        await page.locator(`h1 .badge[data-status="stopped"]`).waitFor({ timeout: 120000 });

        assert.deepEqual(apiRequests(), [], "the page asked the API nothing");
        const statuses = received
            .filter((m) => m.type === "instance" && m.id === instanceId)
            .map((m) => m.data.status);
        assert.ok(statuses.includes("stopping") && statuses.includes("stopped"), statuses.join(","));
        assert.equal(await badge.getAttribute("data-status"), "stopped");
        await screenshot(page, "events-detail-stopped");
    });

    test("a start made elsewhere reaches the instances list, with no request in between", async () => {
        const row = page.locator(`tr[data-instance-id="${instanceId}"]`);
        await openLive("/instances", () => row.locator(`.badge[data-status="stopped"]`).waitFor());
        requests = [];
        received = [];

        const start = await api(`/api/instances/${instanceId}/start`, { method: "POST" });
        assert.equal(start.status, 200, JSON.stringify(start.body));
        await row.locator(`.badge[data-status="running"]`).waitFor({ timeout: 120000 });

        assert.deepEqual(apiRequests(), [], "the page asked the API nothing");
        assert.ok(
            received.some((m) => m.type === "instance" && m.id === instanceId && m.data.status === "running"),
        );
        await screenshot(page, "events-list-running");
    });
});
