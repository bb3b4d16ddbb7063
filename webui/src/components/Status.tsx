export function StatusBadge({ status }: { status: string | undefined }) {
  const s = status ?? "unknown";
  return (
    <span className={`badge status-${s}`} data-status={s}>
      <span className="dot" aria-hidden="true" />
      {s}
    </span>
  );
}

export function Bar({ value, label, warnAt = 80 }: { value: number; label: string; warnAt?: number }) {
  const level = value >= 90 ? "crit" : value >= warnAt ? "warn" : "ok";
  return (
    <div
      className={`bar bar-${level}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(value)}
    >
      <div className="bar-fill" style={{ width: `${value}%` }} />
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="empty">{children}</div>;
}
