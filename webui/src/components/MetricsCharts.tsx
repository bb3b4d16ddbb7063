import {
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from "chart.js";
import { Line } from "react-chartjs-2";
import { api, must, type MetricSample } from "../api/client";
import { bytes } from "../lib/format";
import { useLive } from "../lib/events";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

/** How far back the charts reach. */
const WINDOW_MS = 30 * 60 * 1000;

type Series = { label: string; color: string; values: (number | null)[] };

/**
 * Bytes per second between consecutive samples of a cumulative counter; null where the counter went back (the
 * instance was started again) or for the first sample, so the line breaks there instead of dipping.
 */
export function rates(samples: MetricSample[], counter: (s: MetricSample) => number): (number | null)[] {
  return samples.map((s, i) => {
    if (i === 0) return null;
    const prev = samples[i - 1];
    const seconds = (new Date(s.at).getTime() - new Date(prev.at).getTime()) / 1000;
    const delta = counter(s) - counter(prev);
    return seconds > 0 && delta >= 0 ? delta / seconds : null;
  });
}

/** CPU, memory, disk and network charts of one instance, from GET /api/instances/{id}/metrics. */
export function MetricsCharts({ instanceId }: { instanceId: string }) {
  // loaded once; then each sample the events socket pushes is added, and the window's oldest ones drop off
  const poll = useLive(
    () =>
      must(
        api.GET("/api/instances/{id}/metrics", {
          params: {
            path: { id: instanceId },
            query: { since: new Date(Date.now() - WINDOW_MS).toISOString() },
          },
        }),
      ),
    (m) => m.type === "metrics" && m.id === instanceId,
    [instanceId],
    (m, current) => {
      // still the previous instance's samples (the page moved on): fetch this one's
      if (current.instance_id !== m.id) return undefined;
      const sample = m.data as MetricSample;
      const last = current.samples[current.samples.length - 1];
      if (last && new Date(sample.at) <= new Date(last.at)) return current;
      // the window ends at the newest sample, on the service's clock, not the browser's
      const from = new Date(sample.at).getTime() - WINDOW_MS;
      return {
        ...current,
        samples: [...current.samples.filter((s) => new Date(s.at).getTime() >= from), sample],
      };
    },
  );
  const samples = poll.data?.samples ?? [];
  const labels = samples.map((s) =>
    new Date(s.at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" }),
  );
  const last = samples[samples.length - 1];
  const vcpus = last?.vcpus ?? 1;

  return (
    <section className="card metrics" aria-labelledby="metrics-title">
      <h2 id="metrics-title" className="metrics-title">
        Monitoring
      </h2>
      {poll.error ? (
        <div className="inline-error">{(poll.error as Error).message}</div>
      ) : samples.length === 0 ? (
        <p className="muted">
          {poll.loading
            ? "Loading samples…"
            : "No samples yet: they are taken every 5 s while the instance runs."}
        </p>
      ) : (
        <div className="metrics-grid">
          <MetricChart
            name="cpu"
            title="CPU"
            summary={`${last.cpu_percent.toFixed(1)} % of ${vcpus * 100} % (${vcpus} vCPU)`}
            labels={labels}
            series={[{ label: "CPU %", color: "#ec7211", values: samples.map((s) => s.cpu_percent) }]}
            format={(v) => `${v.toFixed(0)} %`}
            max={vcpus * 100}
          />
          <MetricChart
            name="memory"
            title="Memory in use"
            summary={bytes(last.memory_bytes)}
            labels={labels}
            series={[{ label: "Memory", color: "#0972d3", values: samples.map((s) => s.memory_bytes) }]}
            format={bytes}
          />
          <MetricChart
            name="disk"
            title="Disk"
            summary={`${bytes(last.disk_read_bytes)} read · ${bytes(last.disk_write_bytes)} written`}
            labels={labels}
            series={[
              { label: "Read/s", color: "#1d8102", values: rates(samples, (s) => s.disk_read_bytes) },
              { label: "Write/s", color: "#d13212", values: rates(samples, (s) => s.disk_write_bytes) },
            ]}
            format={(v) => `${bytes(v)}/s`}
          />
          <MetricChart
            name="network"
            title="Network"
            summary={`${bytes(last.net_rx_bytes)} in · ${bytes(last.net_tx_bytes)} out`}
            labels={labels}
            series={[
              { label: "In/s", color: "#0972d3", values: rates(samples, (s) => s.net_rx_bytes) },
              { label: "Out/s", color: "#8d6605", values: rates(samples, (s) => s.net_tx_bytes) },
            ]}
            format={(v) => `${bytes(v)}/s`}
          />
        </div>
      )}
    </section>
  );
}

function MetricChart({
  name,
  title,
  summary,
  labels,
  series,
  format,
  max,
}: {
  name: string;
  title: string;
  summary: string;
  labels: string[];
  series: Series[];
  format: (v: number) => string;
  max?: number;
}) {
  const options: ChartOptions<"line"> = {
    animation: false,
    maintainAspectRatio: false,
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: { display: series.length > 1, position: "bottom" },
      tooltip: {
        callbacks: { label: (c) => `${c.dataset.label}: ${format(Number(c.parsed.y))}` },
      },
    },
    scales: {
      x: { ticks: { maxTicksLimit: 6, maxRotation: 0 } },
      y: { beginAtZero: true, max, ticks: { callback: (v) => format(Number(v)) } },
    },
  };
  const points = series.reduce((n, s) => n + s.values.filter((v) => v != null).length, 0);
  return (
    <figure className="metric-chart" data-testid={`chart-${name}`} data-points={points}>
      <figcaption>
        <strong>{title}</strong> <span className="muted">{summary}</span>
      </figcaption>
      <div className="metric-canvas">
        <Line
          aria-label={`${title} over the last 30 minutes`}
          role="img"
          options={options}
          data={{
            labels,
            datasets: series.map((s) => ({
              label: s.label,
              data: s.values,
              borderColor: s.color,
              backgroundColor: s.color,
              borderWidth: 2,
              pointRadius: 0,
              spanGaps: false,
            })),
          }}
        />
      </div>
    </figure>
  );
}
