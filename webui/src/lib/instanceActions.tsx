import { api, must, type Instance } from "../api/client";
import { useConfirm } from "../components/Confirm";
import { useToasts } from "../components/Toasts";

export type Action = "start" | "stop" | "reboot" | "terminate";

/** Which actions the instance's status allows (the API answers 409 to the others). */
export function allowed(i: Instance, a: Action): boolean {
  switch (a) {
    case "start":
      return i.status === "stopped";
    case "stop":
    case "reboot":
      return i.status === "running";
    case "terminate":
      return i.status !== "terminated";
  }
}

/** Runs an action with confirmation for terminate and a toast with the outcome or the server's detail. */
export function useInstanceActions(onChanged: (i?: Instance) => void) {
  const toasts = useToasts();
  const confirm = useConfirm();
  return async (i: Instance, a: Action) => {
    const id = i.id!;
    const label = i.name ? `${i.name} (${id})` : id;
    if (a === "terminate") {
      const ok = await confirm({
        title: `Terminate ${id}?`,
        body: (
          <p>
            <strong>{label}</strong> will be powered off and its disk deleted. This cannot be undone; the
            record stays as <em>terminated</em>.
          </p>
        ),
        confirmLabel: "Terminate",
        danger: true,
      });
      if (!ok) return;
    }
    const params = { params: { path: { id } } };
    try {
      let updated: Instance;
      switch (a) {
        case "start":
          updated = await must(api.POST("/api/instances/{id}/start", params));
          break;
        case "stop":
          updated = await must(api.POST("/api/instances/{id}/stop", params));
          break;
        case "reboot":
          updated = await must(api.POST("/api/instances/{id}/reboot", params));
          break;
        case "terminate":
          updated = await must(api.DELETE("/api/instances/{id}", params));
          break;
      }
      const verb = { start: "Started", stop: "Stopping", reboot: "Rebooting", terminate: "Terminated" }[a];
      toasts.success(`${verb} ${id}`, `status: ${updated.status}`);
      onChanged(updated);
    } catch (e) {
      toasts.failure(`Could not ${a} ${id}`, e);
      onChanged();
    }
  };
}

export function ActionButtons({
  instance,
  run,
  compact,
}: {
  instance: Instance;
  run: (i: Instance, a: Action) => void;
  compact?: boolean;
}) {
  const actions: { a: Action; label: string; cls: string }[] = [
    { a: "start", label: "Start", cls: "" },
    { a: "stop", label: "Stop", cls: "" },
    { a: "reboot", label: "Reboot", cls: "" },
    { a: "terminate", label: "Terminate", cls: "danger-outline" },
  ];
  return (
    <div
      className={`actions${compact ? " compact" : ""}`}
      role="group"
      aria-label={`Actions for ${instance.id}`}
    >
      {actions.map(({ a, label, cls }) => (
        <button
          key={a}
          type="button"
          className={`button small ${cls}`}
          disabled={!allowed(instance, a)}
          onClick={() => run(instance, a)}
          aria-label={`${label} ${instance.id}`}
          data-action={a}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
