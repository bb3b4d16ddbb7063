// Cross-site attacks on the service in a real browser (issue 10, item 1). Pages served by another local HTTP
// server try to launch, stop, reboot, start, terminate, pull, import, generate a key and open a terminal by fetch
// (cors and no-cors, JSON and text/plain bodies), by HTML form POST (urlencoded and text/plain) and by new
// WebSocket, and call the EC2 Query API by form POST, image, no-cors fetch and link (GET /?Action=...): from
// another port on 127.0.0.1 (same-site), from localhost (cross-site), and from 127.evil.test on the
// service's own port (a DNS name that merely starts with 127., pointing at another program on 127.0.0.2). A name
// that resolves to 127.0.0.1 (DNS rebinding, simulated with Chromium's host resolver rules) tries the same from
// "its own" origin. Every state change must answer 403, and the service's own API must show afterwards that nothing
// changed. The same requests from the console's own origin are the control: they pass the guard. The last two tests
// failed with the guard that took any name starting with 127. for loopback. Started by scripts/e2e.sh inside the
// test namespace.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { BASE, CHROMIUM, IMAGE, QUIET_ARGS, RUN, SHOTS, api, chromiumArgs, until } from "./support.mjs";

const IMAGE_FILE = process.env.E2E_IMAGE_FILE;
const PORT = new URL(BASE).port;
const REBOUND = "127.0.0.1.attacker.test";
// a DNS name that merely starts with 127., pointing at another program on 127.0.0.2 with the service's port
const LOOKALIKE = "127.evil.test";
const CATALOGUE_IMAGE = "ubuntu-22.04";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

let browser;
let context;
let page;
let attacker;
let attackerPort;
let lookalike;
let victim;
const profile = mkdtempSync(join(tmpdir(), "ec2-e2e-crosssite-"));
/** Every answer the browser got from the service: method, path, status, and the page's origin then. */
const answers = [];

/** What a cross-site request must not change, read through the service's own API. */
async function snapshot() {
    const instances = (await api("/api/instances")).body;
    const images = (await api("/api/images")).body;
    const keys = (await api("/api/ssh-key")).body;
    return {
        instances: instances.map((i) => `${i.id} ${i.status}`).sort(),
        images: images.map((i) => `${i.id} ${i.status === "downloading" ? "downloading" : "idle"}`).sort(),
        keys: keys.map((k) => k.name).sort(),
    };
}

/** An EC2 Query request (POST / or GET /?Action=...): every one may change state, whatever its method. */
function isEc2(url, method) {
    return url.pathname === "/" && (method === "POST" || url.searchParams.has("Action"));
}

/** EC2 Query calls an attacker would make by GET: no body, no preflight, no Origin from an img or a link. */
function ec2Gets() {
    const q = (params) => `${BASE}/?${new URLSearchParams({ ...params, Version: "2016-11-15" })}`;
    return [
        ["create a key", q({ Action: "CreateKeyPair", KeyName: `csrf-ec2-${RUN}` })],
        ["terminate", q({ Action: "TerminateInstances", "InstanceId.1": victim })],
        ["stop", q({ Action: "StopInstances", "InstanceId.1": victim })],
        [
            "launch",
            q({
                Action: "RunInstances",
                ImageId: "ami-0",
                InstanceType: "t2.nano",
                MinCount: 1,
                MaxCount: 1,
            }),
        ],
    ];
}

/** Sends each EC2 GET as an image, a no-cors fetch and a navigation of the page itself (a link the user follows). */
async function ec2GetAttacks(origin) {
    for (const [, url] of ec2Gets()) {
        await page.evaluate(
            (url) =>
                new Promise((resolve) => {
                    const img = new Image();
                    img.onload = img.onerror = resolve;
                    img.src = url;
                }),
            url,
        );
        await page.evaluate((url) => fetch(url, { mode: "no-cors" }).catch(() => {}), url);
        await Promise.all([page.waitForURL(url), page.evaluate((url) => (location.href = url), url)]);
        await page.goto(origin + "/");
    }
}

/** The state-changing requests an attacker page would send, each with the body it would carry. */
function attacks() {
    const json = (o) => JSON.stringify(o);
    return [
        [
            "launch",
            "POST",
            "/api/instances",
            json({ instance_type: "t2.nano", image_id: IMAGE, name: "csrf" }),
        ],
        ["stop", "POST", `/api/instances/${victim}/stop`, ""],
        ["reboot", "POST", `/api/instances/${victim}/reboot`, ""],
        ["start", "POST", `/api/instances/${victim}/start`, ""],
        ["terminate", "DELETE", `/api/instances/${victim}`, ""],
        ["pull", "POST", `/api/images/${CATALOGUE_IMAGE}/pull`, ""],
        [
            "import",
            "POST",
            "/api/images",
            json({
                id: `csrf-${RUN}`,
                name: "x",
                os: "linux",
                arch: "amd64",
                default_user: "ubuntu",
                path: IMAGE_FILE,
            }),
        ],
        ["generate a key", "POST", "/api/ssh-key", json({ name: `csrf-${RUN}`, generate: true })],
    ];
}

/** Runs every attack by fetch in the page's own origin; returns what the page could see. */
function fetchAttacks(target) {
    return page.evaluate(
        async ({ target, list }) => {
            const seen = [];
            for (const [what, method, path, body] of list) {
                for (const variant of [
                    "cors json",
                    "cors text/plain",
                    "no-cors text/plain",
                    "no-cors no body",
                ]) {
                    const init = { method, credentials: "include" };
                    if (variant.startsWith("no-cors")) {
                        // no-cors allows only GET, HEAD and POST
                        if (method !== "POST") continue;
                        init.mode = "no-cors";
                    }
                    if (variant.includes("json")) init.headers = { "content-type": "application/json" };
                    if (variant.includes("text/plain")) init.headers = { "content-type": "text/plain" };
                    if (body && !variant.endsWith("no body")) init.body = body;
                    let outcome;
                    try {
                        const r = await fetch(target + path, init);
                        outcome = r.type === "opaque" ? "opaque" : `status ${r.status}`;
                    } catch (e) {
                        outcome = `blocked (${e.message})`;
                    }
                    seen.push(`${what} by fetch ${variant}: ${outcome}`);
                }
            }
            return seen;
        },
        { target, list: attacks() },
    );
}

/** Submits an HTML form, the way any page can without script permissions, into a frame; returns the status. */
async function formAttack(target, path, enctype, fields) {
    const answered = page.waitForResponse(
        (r) => r.url() === target + path && r.request().method() === "POST",
        { timeout: 15000 },
    );
    answered.catch(() => {});
    await page.evaluate(
        ({ action, enctype, fields }) => {
            // a frame of its own for each form: a second submission into the frame of the first could cancel
            // the first's navigation while it commits
            const sink = document.createElement("iframe");
            sink.name = `sink-${document.querySelectorAll("iframe").length}`;
            document.body.append(sink);
            const form = document.createElement("form");
            form.method = "POST";
            form.action = action;
            form.enctype = enctype;
            form.target = sink.name;
            for (const [name, value] of fields) {
                const input = document.createElement("input");
                input.type = "hidden";
                input.name = name;
                input.value = value;
                form.append(input);
            }
            document.body.append(form);
            form.submit();
            form.remove();
        },
        { action: target + path, enctype, fields },
    );
    try {
        return (await answered).status();
    } catch (e) {
        throw new Error(
            `no answer to the form POST ${target + path} (${enctype}) from ${page.url()}: ${e.message}`,
        );
    }
}

function formAttacks(target) {
    // text/plain forms can carry JSON: name '{"a":"b","pad":"' and value '"}' give {"a":"b","pad":"="}
    const asJson = (o) => [[JSON.stringify({ ...o, pad: "" }).slice(0, -2), '"}']];
    return [
        ["launch", "/api/instances", "text/plain", asJson({ instance_type: "t2.nano", image_id: IMAGE })],
        ["launch", "/api/instances", "application/x-www-form-urlencoded", [["instance_type", "t2.nano"]]],
        ["stop", `/api/instances/${victim}/stop`, "application/x-www-form-urlencoded", []],
        ["reboot", `/api/instances/${victim}/reboot`, "text/plain", []],
        ["pull", `/api/images/${CATALOGUE_IMAGE}/pull`, "application/x-www-form-urlencoded", []],
        [
            "import",
            "/api/images",
            "text/plain",
            asJson({ name: "x", os: "linux", arch: "amd64", default_user: "ubuntu", path: IMAGE_FILE }),
        ],
        [
            "generate a key",
            "/api/ssh-key",
            "text/plain",
            asJson({ name: `csrf-form-${RUN}`, generate: true }),
        ],
    ].map(([what, path, enctype, fields]) => ({ what, path, enctype, fields, target }));
}

/** Opens a WebSocket from the page: "open" if the handshake was accepted. */
function openSocket(url) {
    return page.evaluate(
        (url) =>
            new Promise((resolve) => {
                const ws = new WebSocket(url);
                ws.onopen = () => {
                    ws.close();
                    resolve("open");
                };
                ws.onerror = () => resolve("refused");
                setTimeout(() => resolve("no answer"), 20000);
            }),
        url,
    );
}

before(async () => {
    assert.ok(IMAGE_FILE, "E2E_IMAGE_FILE names the test guest's qcow2 (scripts/e2e.sh sets it)");
    attacker = createServer((req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end("<!doctype html><title>attacker</title><h1>a page of another program</h1>");
    });
    await new Promise((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerPort = attacker.address().port;
    lookalike = createServer(attacker.listeners("request")[0]);
    await new Promise((resolve) => lookalike.listen(Number(PORT), "127.0.0.2", resolve));

    browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: chromiumArgs([
            ...QUIET_ARGS,
            // DNS names an attacker controls: one rebound to the service, one to the attacker's own server
            `--host-resolver-rules=MAP ${REBOUND} 127.0.0.1, MAP ${LOOKALIKE} 127.0.0.2`,
        ]),
    });
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(20000);
    page.on("response", (r) => {
        const url = new URL(r.url());
        if (url.port === PORT && (url.pathname.startsWith("/api/") || isEc2(url, r.request().method()))) {
            answers.push({
                method: r.request().method(),
                url: r.url(),
                status: r.status(),
                from: page.url(),
            });
        }
    });

    // the victim: a running instance with a terminal, launched by the user (no Origin: like curl)
    const launched = await api("/api/instances", {
        method: "POST",
        body: JSON.stringify({ instance_type: "t2.nano", image_id: IMAGE, name: `victim-${RUN}` }),
    });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    victim = launched.body.id;
    await until(
        async () => (await api(`/api/instances/${victim}`)).body.status === "running",
        "the victim to run",
        240000,
        2000,
    );
    await until(
        async () => (await api(`/api/instances/${victim}/terminal`)).status === 200,
        "the victim's terminal to be ready",
        120000,
        2000,
    );
});

after(async () => {
    if (victim) await api(`/api/instances/${victim}`, { method: "DELETE" });
    await browser?.close();
    await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve()));
    await new Promise((resolve) => (lookalike ? lookalike.close(resolve) : resolve()));
    rmSync(profile, { recursive: true, force: true });
});

describe("cross-site requests cannot drive the service", () => {
    test("control: from the console's own origin the same fetch, form and WebSocket pass the guard", async () => {
        await page.goto(BASE + "/");
        const key = `own-${RUN}`;
        const created = await page.evaluate(
            async ({ key }) =>
                (
                    await fetch("/api/ssh-key", {
                        method: "POST",
                        headers: { "content-type": "application/json" },
                        body: JSON.stringify({ name: key, generate: true }),
                    })
                ).status,
            { key },
        );
        assert.equal(created, 201);
        assert.equal((await api(`/api/ssh-key/${key}`, { method: "DELETE" })).status, 204);
        // a text/plain form reaches the resource, which takes only JSON
        assert.equal(await formAttack(BASE, "/api/ssh-key", "text/plain", [["x", "y"]]), 415);
        assert.equal(await openSocket(`ws://127.0.0.1:${PORT}/api/ws/terminal/${victim}`), "open");
        assert.equal(await openSocket(`ws://127.0.0.1:${PORT}/api/ws/events`), "open");
    });

    for (const [where, origin] of [
        ["127.0.0.1:<another port>", () => `http://127.0.0.1:${attackerPort}`],
        ["localhost:<another port>", () => `http://localhost:${attackerPort}`],
        [`${LOOKALIKE}:<the service's port> (another program)`, () => `http://${LOOKALIKE}:${PORT}`],
    ]) {
        test(`a page on ${where} can neither launch, stop, reboot, start, terminate, pull, import, generate nor open a terminal`, async () => {
            await page.goto(origin() + "/");
            assert.match(await page.title(), /attacker/);
            const before = await snapshot();
            const from = answers.length;

            const seen = await fetchAttacks(BASE);
            for (const line of seen) assert.doesNotMatch(line, /status 2\d\d/, line);
            for (const form of formAttacks(BASE)) {
                const status = await formAttack(form.target, form.path, form.enctype, form.fields);
                assert.equal(status, 403, `${form.what} by form ${form.enctype}`);
            }
            // the EC2 Query API: a form POST, and GETs that act
            const ec2Form = await formAttack(BASE, "/", "application/x-www-form-urlencoded", [
                ["Action", "CreateKeyPair"],
                ["KeyName", `csrf-ec2-form-${RUN}`],
                ["Version", "2016-11-15"],
            ]);
            assert.equal(ec2Form, 403, "CreateKeyPair by form");
            await ec2GetAttacks(origin());
            await page.goto(origin() + "/");
            for (const url of [
                `ws://127.0.0.1:${PORT}/api/ws/terminal/${victim}`,
                `ws://localhost:${PORT}/api/ws/terminal/${victim}`,
                // listening to the events would tell another site what runs here
                `ws://127.0.0.1:${PORT}/api/ws/events`,
                `ws://localhost:${PORT}/api/ws/events`,
            ]) {
                assert.equal(await openSocket(url), "refused", url);
            }
            await page.screenshot({ path: join(SHOTS, `crosssite-${new URL(origin()).hostname}.png`) });

            // every state change that reached the service was refused by the guard
            const changes = answers
                .slice(from)
                .filter((a) => !SAFE.has(a.method) || isEc2(new URL(a.url), a.method));
            assert.ok(changes.length >= 15, `the attacks reached the service: ${JSON.stringify(changes)}`);
            for (const a of changes) assert.equal(a.status, 403, `${a.method} ${a.url} from ${a.from}`);

            assert.deepEqual(await snapshot(), before);
            const v = await api(`/api/instances/${victim}`);
            assert.equal(v.body.status, "running");
            assert.equal((await api(`/api/instances/${victim}/terminal`)).status, 200);
            assert.equal((await api(`/api/images/${CATALOGUE_IMAGE}`)).body.status !== "downloading", true);
        });
    }

    test("a rebound DNS name (DNS rebinding) gets 403 for everything, even from its own origin", async () => {
        const before = await snapshot();
        const origin = `http://${REBOUND}:${PORT}`;
        const landing = await page.goto(origin + "/api/ssh-key");
        assert.equal(landing.status(), 403);
        assert.match(await landing.text(), /host-not-allowed/);
        const seen = await page.evaluate(
            async ({ key, victim }) => {
                const out = [];
                for (const [method, path, body] of [
                    ["GET", "/api/instances", undefined],
                    ["POST", "/api/ssh-key", JSON.stringify({ name: key, generate: true })],
                    ["POST", `/api/instances/${victim}/stop`, undefined],
                    ["DELETE", `/api/instances/${victim}`, undefined],
                ]) {
                    const r = await fetch(path, {
                        method,
                        body,
                        headers: body ? { "content-type": "application/json" } : {},
                    });
                    out.push(`${method} ${path} ${r.status}`);
                }
                return out;
            },
            { key: `rebound-${RUN}`, victim },
        );
        for (const line of seen) assert.match(line, / 403$/, line);
        assert.equal(await openSocket(`ws://${REBOUND}:${PORT}/api/ws/terminal/${victim}`), "refused");
        assert.equal(await openSocket(`ws://${REBOUND}:${PORT}/api/ws/events`), "refused");
        assert.deepEqual(await snapshot(), before);
        assert.equal((await api(`/api/instances/${victim}`)).body.status, "running");
    });
});
