import { useCallback, useEffect, useRef, useState } from "react";
import { Terminal as XTerm } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import "@xterm/xterm/css/xterm.css";
import { api, must, problemOf, type Problem } from "../api/client";

type State =
  | { kind: "checking" }
  | { kind: "connecting" }
  | { kind: "open" }
  | { kind: "refused"; problem: Problem }
  | { kind: "closed"; detail: string };

/**
 * Asks GET /api/instances/{id}/terminal (checkTerminal) whether a session can be opened: null when it can, else the
 * problem the WebSocket upgrade would be refused with (404 no such instance; 409 not running, no address or no key;
 * 429 too many terminals; 503 libvirt unreachable), or that the service could not be reached.
 */
async function precheck(id: string): Promise<Problem | null> {
  try {
    await must(api.GET("/api/instances/{id}/terminal", { params: { path: { id } } }));
    return null;
  } catch (e) {
    return problemOf(e);
  }
}

const refusal = (p: Problem) => p.detail || p.title || `HTTP ${p.status}`;

const theme = () => {
  const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
  return dark
    ? { background: "#0d1117", foreground: "#e6edf3", cursor: "#ff9900", selectionBackground: "#264f78" }
    : { background: "#101418", foreground: "#e6edf3", cursor: "#ff9900", selectionBackground: "#264f78" };
};

export function Terminal({ instanceId }: { instanceId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<XTerm | null>(null);
  const fit = useRef<FitAddon | null>(null);
  const socket = useRef<WebSocket | null>(null);
  const [state, setState] = useState<State>({ kind: "checking" });
  const [attempt, setAttempt] = useState(0);

  // One xterm for the component's life
  useEffect(() => {
    const t = new XTerm({
      cursorBlink: true,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      fontSize: 13,
      scrollback: 5000,
      theme: theme(),
    });
    const f = new FitAddon();
    t.loadAddon(f);
    t.open(host.current!);
    f.fit();
    term.current = t;
    fit.current = f;
    const encoder = new TextEncoder();
    const input = t.onData((d) => {
      const ws = socket.current;
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(d)); // keystrokes: binary frames
    });
    const resize = t.onResize(({ cols, rows }) => {
      const ws = socket.current;
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "resize", cols, rows }));
    });
    const refit = () => {
      try {
        f.fit();
      } catch {
        /* hidden */
      }
    };
    const observer = new ResizeObserver(refit);
    observer.observe(host.current!);
    window.addEventListener("resize", refit);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", refit);
      input.dispose();
      resize.dispose();
      t.dispose();
      term.current = null;
    };
  }, []);

  // A session per attempt (Reconnect bumps it)
  useEffect(() => {
    let cancelled = false;
    let ws: WebSocket | null = null;
    (async () => {
      setState({ kind: "checking" });
      const refused = await precheck(instanceId);
      if (cancelled) return;
      if (refused) {
        setState({ kind: "refused", problem: refused });
        term.current?.writeln(`\r\n\x1b[31mTerminal refused: ${refusal(refused)}\x1b[0m`);
        return;
      }
      const t = term.current!;
      fit.current?.fit();
      const proto = location.protocol === "https:" ? "wss:" : "ws:";
      const url = `${proto}//${location.host}/api/ws/terminal/${encodeURIComponent(instanceId)}?cols=${t.cols}&rows=${t.rows}`;
      setState({ kind: "connecting" });
      ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      let opened = false;
      socket.current = ws;
      ws.onopen = () => {
        if (cancelled) return;
        opened = true;
        setState({ kind: "open" });
        t.focus();
      };
      ws.onmessage = (ev) => {
        if (ev.data instanceof ArrayBuffer) t.write(new Uint8Array(ev.data));
        else if (typeof ev.data === "string") t.write(ev.data);
      };
      ws.onclose = (ev) => {
        if (cancelled) return;
        const detail =
          ev.reason ||
          (!opened
            ? "the terminal session could not be opened (the service refused the WebSocket)"
            : ev.code === 1000
              ? "session ended"
              : `connection lost (code ${ev.code})`);
        setState({ kind: "closed", detail });
        t.writeln(`\r\n\x1b[33m[${detail}]\x1b[0m`);
      };
    })();
    return () => {
      cancelled = true;
      ws?.close(1000, "left the terminal");
      socket.current = null;
    };
  }, [instanceId, attempt]);

  const reconnect = useCallback(() => {
    term.current?.reset();
    setAttempt((a) => a + 1);
  }, []);

  const label =
    state.kind === "checking"
      ? "Checking…"
      : state.kind === "connecting"
        ? "Connecting…"
        : state.kind === "open"
          ? "Connected"
          : state.kind === "refused"
            ? `Refused: ${refusal(state.problem)}`
            : `Closed: ${state.detail}`;

  return (
    <div className="terminal">
      <div className="terminal-bar">
        <span className={`terminal-state terminal-${state.kind}`} role="status" data-testid="terminal-state">
          <span className="dot" aria-hidden="true" /> {label}
        </span>
        <button
          type="button"
          className="button small"
          onClick={reconnect}
          disabled={state.kind === "checking" || state.kind === "connecting"}
        >
          Reconnect
        </button>
      </div>
      <div className="terminal-host" ref={host} data-testid="terminal" aria-label="Terminal" />
    </div>
  );
}
