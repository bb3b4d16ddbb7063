import { NavLink, Navigate, Route, Routes } from "react-router";
import { api, type Health } from "./api/client";
import { useFeed, useLive } from "./lib/events";
import { HostPage } from "./pages/Host";
import { ImagesPage } from "./pages/Images";
import { InstanceDetailPage } from "./pages/InstanceDetail";
import { InstancesPage } from "./pages/Instances";
import { KeyPairsPage } from "./pages/KeyPairs";
import { LaunchPage } from "./pages/Launch";

/** Health answers 503 with the same body while libvirt is unreachable; both are a report, not an error. */
type HealthReport = { health?: Health; unreachable?: string };

async function loadHealth(): Promise<HealthReport> {
  try {
    const { data, error, response } = await api.GET("/api/monitor/health");
    return {
      health: (data ?? (error as Health | undefined)) || undefined,
      unreachable: response.ok ? undefined : "",
    };
  } catch (e) {
    return { unreachable: e instanceof Error ? e.message : String(e) };
  }
}

const NAV = [
  { to: "/instances", label: "Instances" },
  { to: "/launch", label: "Launch" },
  { to: "/keys", label: "Key pairs" },
  { to: "/images", label: "Images" },
  { to: "/host", label: "Host" },
];

export function App() {
  // health is fetched on load and on reconnect, then pushed with every host sample
  const { data } = useLive<HealthReport>(
    loadHealth,
    (m) => m.type === "health",
    [],
    (m) => ({ health: m.data as Health }),
  );
  // while the service is starting, "not connected yet" is no outage (health says which steps still run)
  const libvirtDown = data?.health
    ? data.health.status !== "starting" && data.health.libvirt?.connected === false
    : false;
  const lost = useFeed(() => {});
  const serviceDown = lost || (data?.unreachable !== undefined && !data.health);
  // health is "degraded" with one warning per cause (network, pool, QEMU's access, no image), each with its fix
  const warnings = !libvirtDown && data?.health?.status === "degraded" ? (data.health.warnings ?? []) : [];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/instances" className="brand" aria-label="ec2-as-service home">
          <img src="/favicon.svg" alt="" width={26} height={26} />
          <span>
            ec2<span className="brand-dim">-as-service</span>
          </span>
        </NavLink>
        <nav className="nav" aria-label="Main">
          {NAV.map((n) => (
            <NavLink
              key={n.to}
              to={n.to}
              className={({ isActive }) => `nav-link${isActive ? " active" : ""}`}
            >
              {n.label}
            </NavLink>
          ))}
        </nav>
        <div className="topbar-right">
          <HealthPill health={data?.health} down={serviceDown} />
          <a className="nav-link" href="/docs" target="_blank" rel="noreferrer">
            API docs ↗
          </a>
        </div>
      </header>
      {libvirtDown && (
        <div className="banner banner-error" role="alert" data-testid="libvirt-banner">
          <strong>libvirt is unavailable.</strong> Instances cannot be launched or changed until the service
          reconnects (it retries on its own). {data?.health?.libvirt?.error}
        </div>
      )}
      {warnings.length > 0 && (
        <div className="banner banner-warn" role="status" data-testid="health-banner">
          <strong>The service needs attention; launches may be refused.</strong> It retries what it owns on
          its own; see <NavLink to="/host">Host</NavLink>.
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {serviceDown && (
        <div className="banner banner-error" role="alert">
          <strong>The service does not answer.</strong> {data?.unreachable}
        </div>
      )}
      <main id="main" className="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<Navigate to="/instances" replace />} />
          <Route path="/instances" element={<InstancesPage />} />
          <Route path="/instances/:id" element={<InstanceDetailPage />} />
          <Route path="/launch" element={<LaunchPage />} />
          <Route path="/keys" element={<KeyPairsPage />} />
          <Route path="/images" element={<ImagesPage />} />
          <Route path="/host" element={<HostPage health={data?.health} />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
    </div>
  );
}

function HealthPill({ health, down }: { health?: Health; down: boolean }) {
  const status = down
    ? "unreachable"
    : health?.status !== "starting" && health?.libvirt?.connected === false
      ? "libvirt down"
      : health?.status;
  const cls =
    status === "ok"
      ? "ok"
      : status === "degraded" || status === "starting"
        ? "warn"
        : status
          ? "crit"
          : "unknown";
  return (
    <NavLink to="/host" className={`health-pill health-${cls}`} title="Service health">
      <span className="dot" aria-hidden="true" />
      {status ?? "…"}
    </NavLink>
  );
}

function NotFound() {
  return (
    <section className="page">
      <h1>Not found</h1>
      <p>
        This page does not exist. Go to <NavLink to="/instances">Instances</NavLink>.
      </p>
    </section>
  );
}
