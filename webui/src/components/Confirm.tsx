import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

interface Request {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}
type ConfirmFn = (r: Omit<Request, "resolve">) => Promise<boolean>;
const ConfirmContext = createContext<ConfirmFn | null>(null);

/** A modal confirmation on the native <dialog>: focus is trapped, Escape cancels. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<Request | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const confirm = useCallback<ConfirmFn>(
    (r) => new Promise<boolean>((resolve) => setRequest({ ...r, resolve })),
    [],
  );
  useEffect(() => {
    if (request && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [request]);
  const close = (ok: boolean) => {
    request?.resolve(ok);
    dialog.current?.close();
    setRequest(null);
  };
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby="confirm-title"
        onCancel={(e) => {
          e.preventDefault();
          close(false);
        }}
      >
        {request && (
          <form
            method="dialog"
            onSubmit={(e) => {
              e.preventDefault();
              close(true);
            }}
          >
            <h2 id="confirm-title">{request.title}</h2>
            <div className="dialog-body">{request.body}</div>
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => close(false)} autoFocus>
                Cancel
              </button>
              <button type="submit" className={`button ${request.danger ? "danger" : "primary"}`}>
                {request.confirmLabel}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </ConfirmContext.Provider>
  );
}

export function useConfirm(): ConfirmFn {
  const ctx = useContext(ConfirmContext);
  if (!ctx) throw new Error("useConfirm outside ConfirmProvider");
  return ctx;
}
