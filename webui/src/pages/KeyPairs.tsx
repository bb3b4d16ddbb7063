import { useState, type FormEvent } from "react";
import { api, must, type KeyPair } from "../api/client";
import { useConfirm } from "../components/Confirm";
import { Empty } from "../components/Status";
import { useToasts } from "../components/Toasts";
import { dateTime } from "../lib/format";
import { useLive } from "../lib/events";
import { onRovingKeyDown } from "../lib/roving";

type Mode = "import" | "generate";
const MODES: Mode[] = ["import", "generate"];

export function KeyPairsPage() {
  const toasts = useToasts();
  const confirm = useConfirm();
  const { data, loading, reload } = useLive(
    () => must(api.GET("/api/ssh-key")),
    (m) => m.type === "key_pair",
  );
  const [mode, setMode] = useState<Mode>("import");
  const [name, setName] = useState("");
  const [publicKey, setPublicKey] = useState("");
  const [keyType, setKeyType] = useState<"ed25519" | "rsa">("ed25519");
  const [busy, setBusy] = useState(false);
  const [generated, setGenerated] = useState<KeyPair | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      if (mode === "import") {
        const k = await must(
          api.POST("/api/ssh-key", { body: { name: name.trim(), public_key: publicKey.trim() } }),
        );
        toasts.success(`Imported ${k.name}`, k.fingerprint_sha256);
        setPublicKey("");
      } else {
        const k = await must(
          api.POST("/api/ssh-key", { body: { name: name.trim(), generate: true, key_type: keyType } }),
        );
        toasts.success(`Generated ${k.name}`, "Download the private key now: it is shown only once.");
        setGenerated(k);
      }
      setName("");
      void reload();
    } catch (err) {
      toasts.failure(mode === "import" ? "Import refused" : "Generation failed", err);
    } finally {
      setBusy(false);
    }
  }

  async function readFile(file: File | undefined) {
    if (!file) return;
    const text = await file.text();
    setPublicKey(text.trim());
    if (!name) setName(file.name.replace(/\.pub$/, "").replace(/[^A-Za-z0-9._-]/g, "-"));
  }

  async function remove(k: KeyPair) {
    const ok = await confirm({
      title: `Delete key pair ${k.name}?`,
      body: (
        <p>
          Instances launched with it keep working (they received a copy of the public key).
          {k.has_private_key ? " The private key the service kept is deleted too." : ""}
        </p>
      ),
      confirmLabel: "Delete",
      danger: true,
    });
    if (!ok) return;
    try {
      await must(api.DELETE("/api/ssh-key/{name}", { params: { path: { name: k.name! } } }));
      toasts.success(`Deleted ${k.name}`);
      void reload();
    } catch (err) {
      toasts.failure(`Could not delete ${k.name}`, err);
    }
  }

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Key pairs</h1>
          <p className="muted">
            SSH public keys installed for an image's default user when an instance launches.
          </p>
        </div>
      </div>

      {generated?.private_key && <PrivateKeyOnce k={generated} onDone={() => setGenerated(null)} />}

      <div className="split">
        <form className="card form" onSubmit={submit} aria-label="Add a key pair">
          <div
            className="tabs small-tabs"
            role="tablist"
            aria-label="Add a key pair"
            onKeyDown={(e) => onRovingKeyDown(e, '[role="tab"]', (i) => setMode(MODES[i]))}
          >
            {MODES.map((m) => (
              <button
                key={m}
                type="button"
                role="tab"
                id={`key-tab-${m}`}
                aria-selected={mode === m}
                aria-controls="key-panel"
                tabIndex={mode === m ? 0 : -1}
                className={`tab${mode === m ? " active" : ""}`}
                onClick={() => setMode(m)}
              >
                {m === "import" ? "Import public key" : "Generate new pair"}
              </button>
            ))}
          </div>
          <div id="key-panel" role="tabpanel" aria-labelledby={`key-tab-${mode}`} className="form-panel">
            <label className="field">
              <span>Name</span>
              <input
                name="key_name"
                required
                value={name}
                maxLength={255}
                placeholder="laptop"
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            {mode === "import" ? (
              <>
                <label className="field">
                  <span>Public key</span>
                  <textarea
                    name="public_key"
                    className="mono"
                    rows={4}
                    required
                    value={publicKey}
                    placeholder="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… me@laptop"
                    onChange={(e) => setPublicKey(e.target.value)}
                  />
                </label>
                <label className="field">
                  <span>…or read it from a file</span>
                  <input
                    type="file"
                    accept=".pub,text/plain"
                    onChange={(e) => void readFile(e.target.files?.[0])}
                  />
                  <small className="muted">
                    The file is read in the browser; only the public key is sent.
                  </small>
                </label>
              </>
            ) : (
              <label className="field">
                <span>Key type</span>
                <select value={keyType} onChange={(e) => setKeyType(e.target.value as "ed25519" | "rsa")}>
                  <option value="ed25519">ed25519 (recommended)</option>
                  <option value="rsa">RSA 3072 bits</option>
                </select>
                <small className="muted">
                  The private key is offered for download once and never shown again.
                </small>
              </label>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? "Working…" : mode === "import" ? "Import key" : "Generate key pair"}
            </button>
          </div>
        </form>

        <div className="card table-wrap">
          <table className="table" aria-label="Key pairs">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Fingerprints</th>
                <th>Created</th>
                <th className="right">Actions</th>
              </tr>
            </thead>
            <tbody>
              {(data ?? []).map((k) => (
                <tr key={k.name} data-key-name={k.name}>
                  <td className="strong nowrap">
                    {k.name}
                    {k.has_private_key && <div className="muted small">generated here</div>}
                  </td>
                  <td className="mono small nowrap">{k.key_type}</td>
                  <td className="mono small fingerprints">
                    <div title="MD5, as EC2 shows it">
                      <span className="muted">MD5</span> {k.fingerprint}
                    </div>
                    <div className="fingerprint-sha">{k.fingerprint_sha256}</div>
                  </td>
                  <td className="small">{dateTime(k.created_at)}</td>
                  <td className="right">
                    <button
                      type="button"
                      className="button small danger-outline"
                      onClick={() => void remove(k)}
                      aria-label={`Delete ${k.name}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!loading && !data?.length && (
            <Empty>No key pairs yet. Import your public key or generate a pair.</Empty>
          )}
        </div>
      </div>
    </section>
  );
}

function PrivateKeyOnce({ k, onDone }: { k: KeyPair; onDone: () => void }) {
  const download = () => {
    const blob = new Blob([k.private_key!], { type: "application/x-pem-file" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${k.name}.pem`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="card callout callout-warn" role="alert">
      <h2>Save the private key of {k.name} now</h2>
      <p>
        This is the only time it is shown. Download it, then <code>chmod 600 {k.name}.pem</code> and use{" "}
        <code>ssh -i {k.name}.pem user@address</code>.
      </p>
      <div className="form-actions left">
        <button type="button" className="button primary" onClick={download}>
          Download {k.name}.pem
        </button>
        <button type="button" className="button" onClick={onDone}>
          I saved it — hide
        </button>
      </div>
      <details>
        <summary>Show the key</summary>
        <pre className="mono private-key">{k.private_key}</pre>
      </details>
    </div>
  );
}
