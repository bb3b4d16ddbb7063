import { lazy, Suspense, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { api, ApiError, must, type Instance } from "../api/client";
import { PortForwards } from "../components/PortForwards";
import { StatusBadge } from "../components/Status";
import { dateTime } from "../lib/format";
import { ActionButtons, useInstanceActions } from "../lib/instanceActions";
import { memoryLabel } from "../lib/instanceTypes";
import { aboutInstance, applyToInstance, useLive } from "../lib/events";
import { onRovingKeyDown } from "../lib/roving";

type Tab = "overview" | "terminal";
const TABS: Tab[] = ["overview", "terminal"];

// xterm.js is most of the bundle: loaded when the Terminal tab opens
const Terminal = lazy(() => import("../components/Terminal").then((m) => ({ default: m.Terminal })));
// chart.js too: loaded with the overview's charts
const MetricsCharts = lazy(() =>
  import("../components/MetricsCharts").then((m) => ({ default: m.MetricsCharts })),
);

export function InstanceDetailPage() {
  const { id = "" } = useParams();
  const location = useLocation();
  const initial = (location.state as { instance?: Instance } | null)?.instance;
  const poll = useLive(
    () => must(api.GET("/api/instances/{id}", { params: { path: { id } } })),
    (m) => aboutInstance(m, id),
    [id],
    applyToInstance,
  );
  const instance = poll.data ?? (initial?.id === id ? initial : undefined);
  const run = useInstanceActions((updated) => (updated ? poll.setData(updated) : void poll.reload()));
  const [tab, setTab] = useState<Tab>("overview");

  if (!instance) {
    const notFound = poll.error instanceof ApiError && poll.error.problem.status === 404;
    return (
      <section className="page">
        <p>
          <Link to="/instances">← Instances</Link>
        </p>
        {poll.error ? (
          <div className="inline-error">
            {notFound ? `Instance ${id} does not exist.` : (poll.error as Error).message}
          </div>
        ) : (
          <p className="muted">Loading {id}…</p>
        )}
      </section>
    );
  }

  return (
    <section className="page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/instances">Instances</Link> <span aria-hidden="true">/</span>{" "}
        <span className="mono">{id}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1 className="title-with-badge">
            <span>{instance.name || id}</span> <StatusBadge status={instance.status} />
          </h1>
          <p className="muted mono">
            {id} · {instance.instance_type} · {instance.ip_address ?? "no address yet"}
          </p>
        </div>
        <ActionButtons instance={instance} run={run} />
      </div>

      <div
        className="tabs"
        role="tablist"
        aria-label="Instance views"
        onKeyDown={(e) => onRovingKeyDown(e, '[role="tab"]', (i) => setTab(TABS[i]))}
      >
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className={`tab${tab === t ? " active" : ""}`}
            onClick={() => setTab(t)}
          >
            {t === "overview" ? "Overview" : "Terminal"}
          </button>
        ))}
      </div>

      {tab === "overview" && (
        <div id="panel-overview" role="tabpanel" aria-labelledby="tab-overview" className="card" tabIndex={0}>
          <dl className="fields">
            <Field label="Instance id" value={instance.id} mono />
            <Field label="Name" value={instance.name} />
            <Field label="Status" value={<StatusBadge status={instance.status} />} />
            <Field label="State reason" value={instance.state_reason} />
            <Field label="Instance type" value={instance.instance_type} mono />
            <Field
              label="Resources"
              value={`${instance.vcpus} vCPU · ${memoryLabel(instance.memory_mb)} memory · ${instance.disk_gb} GB disk`}
            />
            <Field label="Private IPv4 address" value={instance.ip_address} mono testId="ip-address" />
            <Field label="SSH endpoint" value={instance.ssh_endpoint} mono testId="ssh-endpoint" />
            <Field label="MAC address" value={instance.mac_address} mono />
            <Field label="Key pair" value={instance.ssh_key_name} />
            <Field label="Image" value={instance.image_id} mono />
            <Field label="libvirt UUID" value={instance.libvirt_uuid} mono />
            <Field label="Created" value={dateTime(instance.created_at)} />
            <Field label="Launched" value={dateTime(instance.launched_at)} />
            <Field
              label="Terminated"
              value={instance.terminated_at ? dateTime(instance.terminated_at) : undefined}
            />
          </dl>
          {instance.ssh_endpoint && instance.status === "running" && (
            <p className="hint" data-testid="ssh-hint">
              From this host: <code>{sshCommand(instance.ssh_key_name, instance.ssh_endpoint)}</code> (the
              image's default user), or use the Terminal tab.
            </p>
          )}
        </div>
      )}
      {tab === "overview" && <PortForwards instance={instance} onChanged={() => void poll.reload()} />}
      {tab === "overview" && (
        <Suspense fallback={<p className="muted">Loading the charts…</p>}>
          <MetricsCharts instanceId={id} />
        </Suspense>
      )}
      {tab === "terminal" && (
        <div
          id="panel-terminal"
          role="tabpanel"
          aria-labelledby="tab-terminal"
          className="card terminal-card"
        >
          {instance.status === "running" ? (
            <Suspense fallback={<p className="muted terminal-loading">Loading the terminal…</p>}>
              <Terminal instanceId={id} />
            </Suspense>
          ) : (
            <p className="muted">
              The terminal is available while the instance is running (now {instance.status}).
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function Field({
  label,
  value,
  mono,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  mono?: boolean;
  testId?: string;
}) {
  return (
    <div className="field-item">
      <dt>{label}</dt>
      <dd className={mono ? "mono" : undefined} data-testid={testId}>
        {value ?? <span className="muted">–</span>}
      </dd>
    </div>
  );
}

/**
 * The ssh command for an endpoint host:port: port 22 (the NAT network) needs no -p; user-mode networking forwards
 * another port on 127.0.0.1.
 */
export function sshCommand(keyName: string | undefined | null, endpoint: string): string {
  const colon = endpoint.lastIndexOf(":");
  const host = endpoint.slice(0, colon);
  const port = endpoint.slice(colon + 1);
  return `ssh -i ~/.ssh/${keyName ?? "KEY"}${port === "22" ? "" : ` -p ${port}`} USER@${host}`;
}
