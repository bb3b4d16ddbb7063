import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, must, type Instance, type PortForward } from "../api/client";
import { useToasts } from "./Toasts";

/**
 * The instance's port forwards (127.0.0.1:host on this machine → the guest's port): each with a link for HTTP,
 * whether it listens now and a remove button; a form adds one. The list comes with the instance (pushed by the
 * events socket with each change, forwards open and close with its status), and is read again after each change
 * here, which also calls onChanged.
 */
export function PortForwards({ instance, onChanged }: { instance: Instance; onChanged: () => void }) {
  const toasts = useToasts();
  const [host, setHost] = useState("");
  const [guest, setGuest] = useState("");
  const [busy, setBusy] = useState(false);
  const id = instance.id!;
  const [ports, setPorts] = useState<PortForward[]>(instance.ports ?? []);
  // the instance as pushed carries its forwards, listening or not with its status: no request for them
  useEffect(() => {
    setPorts(instance.ports ?? []);
  }, [instance.ports]);
  const refresh = useCallback(async () => {
    try {
      setPorts(await must(api.GET("/api/instances/{id}/ports", { params: { path: { id } } })));
    } catch {
      // the instance page shows why the service does not answer
    }
  }, [id]);
  const terminated = instance.status === "terminated" || instance.status === "shutting-down";

  async function add(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const added = await must(
        api.POST("/api/instances/{id}/ports", {
          params: { path: { id } },
          body: { host: Number(host), guest: Number(guest), protocol: "tcp" },
        }),
      );
      toasts.success(
        `Forwarding 127.0.0.1:${added.host}`,
        added.listening ? `to port ${added.guest} of ${id}` : `to port ${added.guest} from the next start`,
      );
      setHost("");
      setGuest("");
    } catch (err) {
      toasts.failure(`Could not forward port ${host}`, err);
    } finally {
      setBusy(false);
      await refresh();
      onChanged();
    }
  }

  async function remove(port: number) {
    try {
      await must(api.DELETE("/api/instances/{id}/ports/{host}", { params: { path: { id, host: port } } }));
      toasts.success(`Stopped forwarding 127.0.0.1:${port}`);
    } catch (err) {
      toasts.failure(`Could not remove the forward of port ${port}`, err);
    } finally {
      await refresh();
      onChanged();
    }
  }

  return (
    <section className="card port-forwards" aria-labelledby="ports-title">
      <h2 id="ports-title">Port forwarding</h2>
      <p className="hint">
        Connections to <code>127.0.0.1:HOST</code> on this machine reach the guest's port while the instance
        is running.
      </p>
      {ports.length > 0 ? (
        <table className="table" aria-label="Port forwards">
          <thead>
            <tr>
              <th>Host</th>
              <th>Guest port</th>
              <th>Protocol</th>
              <th>State</th>
              <th className="right" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {ports.map((p) => (
              <tr key={`${p.protocol}-${p.host}`} data-testid={`port-${p.host}`}>
                <td className="mono">
                  <a href={`http://127.0.0.1:${p.host}/`} target="_blank" rel="noreferrer">
                    127.0.0.1:{p.host}
                  </a>
                </td>
                <td className="mono">{p.guest}</td>
                <td>{p.protocol}</td>
                <td>{p.listening ? "listening" : (p.problem ?? "closed (instance not running)")}</td>
                <td className="right">
                  <button
                    type="button"
                    className="button small danger-outline"
                    onClick={() => void remove(p.host!)}
                    aria-label={`Remove the forward of port ${p.host}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No ports forwarded.</p>
      )}
      {!terminated && (
        <form className="field-row port-form" onSubmit={(e) => void add(e)} aria-label="Add a port forward">
          <label className="field">
            <span>Host port</span>
            <input
              name="host_port"
              type="number"
              min={1}
              max={65535}
              required
              placeholder="8080"
              value={host}
              onChange={(e) => setHost(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Guest port</span>
            <input
              name="guest_port"
              type="number"
              min={1}
              max={65535}
              required
              placeholder="80"
              value={guest}
              onChange={(e) => setGuest(e.target.value)}
            />
          </label>
          <div className="form-actions left port-add">
            <button type="submit" className="button primary" disabled={busy}>
              Add forward
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
