import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { problemOf } from "../api/client";

type Kind = "success" | "error" | "info";
interface Toast {
  id: number;
  kind: Kind;
  title: string;
  detail?: string;
}
interface ToastApi {
  success: (title: string, detail?: string) => void;
  info: (title: string, detail?: string) => void;
  /** Shows the server's problem detail (REQ-USE-003); it stays until dismissed. */
  failure: (title: string, error: unknown) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
let next = 1;
/** How long a success or info toast stays; an error stays until the user dismisses it. */
const PASSING_MS = 5000;
const MAX_SHOWN = 5;

/** At most MAX_SHOWN toasts: when one more comes, the oldest passing one goes first, an error only if all are. */
function withRoom(all: Toast[]): Toast[] {
  if (all.length < MAX_SHOWN) return all;
  const oldestPassing = all.findIndex((t) => t.kind !== "error");
  const drop = oldestPassing >= 0 ? oldestPassing : 0;
  return all.filter((_, i) => i !== drop);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (kind: Kind, title: string, detail?: string) => {
      const id = next++;
      setToasts((all) => [...withRoom(all), { id, kind, title, detail }]);
      if (kind !== "error") window.setTimeout(() => dismiss(id), PASSING_MS);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({
      success: (title, detail) => push("success", title, detail),
      info: (title, detail) => push("info", title, detail),
      failure: (title, error) => {
        const p = problemOf(error);
        push("error", `${title}${p.status ? ` (${p.status})` : ""}`, p.detail || p.title);
      },
    }),
    [push],
  );
  // Two live regions side by side, never one inside the other: errors are announced at once (assertive),
  // the rest when the reader is idle (polite). Both exist before any toast, so a new toast is an addition to read.
  const shown = (errors: boolean) =>
    toasts
      .filter((t) => (t.kind === "error") === errors)
      .map((t) => <ToastItem key={t.id} toast={t} onDismiss={dismiss} />);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <section className="toasts" aria-label="Notifications">
        <div className="toast-stack" aria-live="assertive" data-testid="toasts-assertive">
          {shown(true)}
        </div>
        <div className="toast-stack" aria-live="polite" data-testid="toasts-polite">
          {shown(false)}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  // When the toast going away holds the focus, the focus goes to the next toast's button, else to the page
  const dismiss = (own: HTMLElement) => {
    if (own.contains(document.activeElement)) {
      const buttons = Array.from(document.querySelectorAll<HTMLElement>(".toasts .toast-dismiss"));
      const at = buttons.findIndex((b) => own.contains(b));
      (buttons[at + 1] ?? buttons[at - 1] ?? document.getElementById("main"))?.focus();
    }
    onDismiss(toast.id);
  };
  return (
    <div
      className={`toast toast-${toast.kind}`}
      data-toast-id={toast.id}
      onKeyDown={(e) => {
        if (e.key !== "Escape") return; // Escape dismisses the toast holding the focus
        e.preventDefault();
        e.stopPropagation();
        dismiss(e.currentTarget);
      }}
    >
      <div className="toast-body">
        <strong className="toast-title">{toast.title}</strong>
        {toast.detail && <div className="toast-detail">{toast.detail}</div>}
      </div>
      <button
        type="button"
        className="icon-button toast-dismiss"
        aria-label={`Dismiss: ${toast.title}`}
        title="Dismiss (Esc)"
        onClick={(e) => dismiss(e.currentTarget.parentElement!)}
      >
        ×
      </button>
    </div>
  );
}

export function useToasts(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error("useToasts outside ToastProvider");
  return ctx;
}
