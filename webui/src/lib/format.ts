const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

export function bytes(n: number | undefined | null): string {
  if (n == null || !Number.isFinite(n)) return "–";
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 || v >= 100 ? 0 : 1)} ${UNITS[u]}`;
}

export function dateTime(iso: string | undefined | null): string {
  if (!iso) return "–";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function ago(iso: string | undefined | null, now = Date.now()): string {
  if (!iso) return "–";
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function percent(part: number | undefined, whole: number | undefined): number {
  if (!part || !whole) return 0;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}

export const utf8Length = (text: string): number => new TextEncoder().encode(text).length;
