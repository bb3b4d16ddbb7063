import { useState, type FormEvent } from "react";
import { api, must, type Image, type ImportImage } from "../api/client";
import { useConfirm } from "../components/Confirm";
import { Bar, Empty, StatusBadge } from "../components/Status";
import { useToasts } from "../components/Toasts";
import { bytes, percent } from "../lib/format";
import { useLive, type FeedMessage } from "../lib/events";

const EMPTY: ImportImage = { id: "", name: "", os: "linux", arch: "", default_user: "ubuntu", path: "" };

/** An image changed (state, pull progress, added, deleted) or the tags of one did. */
function aboutImages(m: FeedMessage): boolean {
  return (
    m.type === "image" ||
    (m.type === "tags" && (m.data as { resource_type?: string })?.resource_type === "image")
  );
}

export function ImagesPage() {
  const toasts = useToasts();
  const confirm = useConfirm();
  const { data, loading, reload } = useLive(() => must(api.GET("/api/images")), aboutImages);
  const [form, setForm] = useState<ImportImage>(EMPTY);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof ImportImage) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  async function pull(i: Image) {
    try {
      const r = await must(api.POST("/api/images/{id}/pull", { params: { path: { id: i.id! } } }));
      toasts.success(
        r.status === "available" ? `${i.id} is already on disk` : `Pulling ${i.id}`,
        r.status_detail ?? undefined,
      );
      void reload();
    } catch (e) {
      toasts.failure(`Could not pull ${i.id}`, e);
    }
  }

  async function remove(i: Image) {
    const catalog = i.source === "catalog";
    const ok = await confirm({
      title: catalog ? `Delete the file of ${i.id}?` : `Delete image ${i.id}?`,
      body: catalog ? (
        <p>The downloaded file is removed; the catalogue entry stays and can be pulled again.</p>
      ) : (
        <p>The imported image and its file are removed.</p>
      ),
      confirmLabel: "Delete",
      danger: true,
    });
    if (!ok) return;
    try {
      if (catalog) await must(api.DELETE("/api/images/{id}/file", { params: { path: { id: i.id! } } }));
      else await must(api.DELETE("/api/images/{id}", { params: { path: { id: i.id! } } }));
      toasts.success(`Deleted ${i.id}`);
      void reload();
    } catch (e) {
      toasts.failure(`Could not delete ${i.id}`, e);
    }
  }

  async function importImage(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const body: ImportImage = {
        ...form,
        id: form.id?.trim() || undefined,
        arch: form.arch?.trim() || undefined,
        description: form.description?.trim() || undefined,
      };
      const img = await must(api.POST("/api/images", { body }));
      toasts.success(`Imported ${img.id}`, `${bytes(img.file_size)} copied into the data home`);
      setForm(EMPTY);
      void reload();
    } catch (err) {
      toasts.failure("Import refused", err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Images</h1>
          <p className="muted">
            Base images instances boot from: the Ubuntu catalogue and qcow2 files you import.
          </p>
        </div>
      </div>
      <div className="card table-wrap">
        <table className="table" aria-label="Images">
          <thead>
            <tr>
              <th>Image</th>
              <th>OS / arch</th>
              <th>Source</th>
              <th>Status</th>
              <th>Size</th>
              <th className="right">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((i) => (
              <tr key={i.id} data-image-id={i.id}>
                <td>
                  <span className="mono strong">{i.id}</span>
                  <div className="muted small">{i.name}</div>
                </td>
                <td>
                  {i.os} / {i.arch}
                  <div className="muted small">user {i.default_user}</div>
                </td>
                <td>{i.source}</td>
                <td className="status-cell">
                  <StatusBadge status={i.status} />
                  {i.status === "downloading" && (
                    <div className="progress">
                      <Bar
                        value={percent(i.bytes_done, i.bytes_total)}
                        label={`Download of ${i.id}`}
                        warnAt={101}
                      />
                      <span className="muted small">
                        {bytes(i.bytes_done)}
                        {i.bytes_total
                          ? ` of ${bytes(i.bytes_total)} (${percent(i.bytes_done, i.bytes_total).toFixed(0)}%)`
                          : ""}
                      </span>
                    </div>
                  )}
                  {i.status_detail && (
                    <div className="muted small reason" title={i.status_detail}>
                      {i.status_detail}
                    </div>
                  )}
                </td>
                <td className="small">
                  {i.file_size ? bytes(i.file_size) : "–"}
                  {i.virtual_size ? <div className="muted">disk {bytes(i.virtual_size)}</div> : null}
                </td>
                <td className="right">
                  <div className="actions compact">
                    {i.source === "catalog" && i.status !== "available" && (
                      <button
                        type="button"
                        className="button small primary"
                        disabled={i.status === "downloading"}
                        onClick={() => void pull(i)}
                      >
                        {i.status === "downloading" ? "Pulling…" : "Pull"}
                      </button>
                    )}
                    {(i.source !== "catalog" || i.status === "available") && (
                      <button
                        type="button"
                        className="button small danger-outline"
                        onClick={() => void remove(i)}
                        aria-label={`Delete ${i.id}`}
                      >
                        {i.source === "catalog" ? "Delete file" : "Delete"}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && !data?.length && <Empty>No images.</Empty>}
      </div>

      <form className="card form" onSubmit={importImage} aria-label="Import an image">
        <h2>Import a qcow2 file from this host</h2>
        <p className="muted small">
          The file must be a standalone qcow2 (no backing file) for this host's architecture; it is copied
          into the data home.
        </p>
        <div className="field-row">
          <label className="field grow">
            <span>Path on the host</span>
            <input
              name="path"
              className="mono"
              required
              value={form.path}
              placeholder="/var/lib/images/debian-12.qcow2"
              onChange={set("path")}
            />
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span>Id</span>
            <input name="id" value={form.id ?? ""} placeholder="generated when empty" onChange={set("id")} />
          </label>
          <label className="field">
            <span>Name</span>
            <input name="name" required value={form.name} placeholder="Debian 12" onChange={set("name")} />
          </label>
          <label className="field">
            <span>OS</span>
            <input name="os" required value={form.os} onChange={set("os")} />
          </label>
          <label className="field">
            <span>Arch</span>
            <select name="arch" value={form.arch ?? ""} onChange={set("arch")}>
              <option value="">host's</option>
              <option value="amd64">amd64</option>
              <option value="arm64">arm64</option>
            </select>
          </label>
          <label className="field">
            <span>Default user</span>
            <input name="default_user" required value={form.default_user} onChange={set("default_user")} />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? "Importing…" : "Import image"}
          </button>
        </div>
      </form>
    </section>
  );
}
