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
  /** Shows the server's problem detail (REQ-USE-003). */
  failure: (title: string, error: unknown) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
let next = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (kind: Kind, title: string, detail?: string) => {
      const id = next++;
      setToasts((all) => [...all.slice(-4), { id, kind, title, detail }]);
      window.setTimeout(() => dismiss(id), kind === "error" ? 12000 : 5000);
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
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="region" aria-label="Notifications" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : "status"}>
            <div className="toast-body">
              <strong className="toast-title">{t.title}</strong>
              {t.detail && <div className="toast-detail">{t.detail}</div>}
            </div>
            <button className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error("useToasts outside ToastProvider");
  return ctx;
}
