import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api, must, problemOf, type CreateInstance, type InstanceTypeName } from "../api/client";
import { useToasts } from "../components/Toasts";
import { bytes, utf8Length } from "../lib/format";
import { memoryLabel, useLaunchOptions } from "../lib/instanceTypes";
import { useLive } from "../lib/events";

export function LaunchPage() {
  const toasts = useToasts();
  const navigate = useNavigate();
  const images = useLive(
    () => must(api.GET("/api/images")),
    (m) => m.type === "image",
  );
  const keys = useLive(
    () => must(api.GET("/api/ssh-key")),
    (m) => m.type === "key_pair",
  );
  const options = useLaunchOptions();
  const maxUserData = options.limits?.max_user_data_bytes;
  const maxName = options.limits?.max_instance_name_length;
  const [type, setType] = useState<InstanceTypeName>("t2.micro");
  const [imageId, setImageId] = useState("");
  const [keyName, setKeyName] = useState("");
  const [name, setName] = useState("");
  const [userData, setUserData] = useState("");
  const [busy, setBusy] = useState(false);

  const available = (images.data ?? []).filter((i) => i.status === "available");
  const unavailable = (images.data ?? []).filter((i) => i.status !== "available");
  const chosenImage = imageId || available[0]?.id || "";
  const userDataBytes = utf8Length(userData);
  const tooBig = maxUserData != null && userDataBytes > maxUserData;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosenImage || tooBig) return;
    const body: CreateInstance = {
      instance_type: type,
      image_id: chosenImage,
      name: name.trim() || undefined,
      ssh_key_name: keyName || undefined,
      user_data: userData || undefined,
    };
    setBusy(true);
    try {
      const created = await must(api.POST("/api/instances", { body }));
      toasts.success(
        `Launching ${created.id}`,
        `${created.instance_type} from ${created.image_id}: ${created.status}`,
      );
      navigate(`/instances/${created.id}`, { state: { instance: created } });
    } catch (err) {
      toasts.failure("Launch refused", err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page narrow-page">
      <div className="page-head">
        <div>
          <h1>Launch an instance</h1>
          <p className="muted">
            A copy-on-write disk on a base image, cloud-init with your key and user data, booted at once.
          </p>
        </div>
      </div>
      <form className="form" onSubmit={submit} aria-label="Launch an instance">
        <fieldset className="card fieldset">
          <legend>Instance type</legend>
          {options.types ? (
            <div className="type-grid" role="radiogroup" aria-label="Instance type">
              {options.types.map((t) => (
                <label key={t.name} className={`type-card${type === t.name ? " selected" : ""}`}>
                  <input
                    type="radio"
                    name="instance_type"
                    value={t.name}
                    checked={type === t.name}
                    onChange={() => t.name && setType(t.name)}
                  />
                  <span className="type-name mono">{t.name}</span>
                  <span className="type-spec">
                    {t.vcpus} vCPU · {memoryLabel(t.memory_mb)} · {t.disk_gb} GB disk
                  </span>
                </label>
              ))}
            </div>
          ) : (
            <p className="inline-error">
              {options.error
                ? `Could not load the instance types: ${problemOf(options.error).detail}`
                : "Loading instance types…"}
            </p>
          )}
        </fieldset>

        <fieldset className="card fieldset">
          <legend>Image</legend>
          {available.length > 0 ? (
            <label className="field">
              <span>Base image</span>
              <select name="image_id" value={chosenImage} onChange={(e) => setImageId(e.target.value)}>
                {available.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.id} — {i.name} ({i.arch}, user {i.default_user})
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <p className="inline-error">
              {images.loading ? "Loading images…" : "No image is available on disk yet."}
            </p>
          )}
          {unavailable.length > 0 && (
            <div className="hint">
              <strong>Not on disk:</strong>
              <ul>
                {unavailable.map((i) => (
                  <li key={i.id}>
                    <span className="mono">{i.id}</span> ({i.status}
                    {i.status === "downloading" && i.bytes_total
                      ? ` ${bytes(i.bytes_done)} of ${bytes(i.bytes_total)}`
                      : ""}
                    ) — pull it on the <Link to="/images">Images</Link> page, with{" "}
                    <code>POST /api/images/{i.id}/pull</code> or <code>make image IMAGE={i.id}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </fieldset>

        <fieldset className="card fieldset">
          <legend>Access and details</legend>
          <div className="field-row">
            <label className="field">
              <span>Key pair</span>
              <select name="ssh_key_name" value={keyName} onChange={(e) => setKeyName(e.target.value)}>
                <option value="">No key pair (console only)</option>
                {(keys.data ?? []).map((k) => (
                  <option key={k.name} value={k.name}>
                    {k.name} ({k.key_type})
                  </option>
                ))}
              </select>
              <small className="muted">
                Installed for the image's default user. <Link to="/keys">Manage key pairs</Link>
              </small>
            </label>
            <label className="field">
              <span>Name</span>
              <input
                name="name"
                value={name}
                maxLength={maxName}
                placeholder="web-1"
                onChange={(e) => setName(e.target.value)}
              />
              <small className="muted">
                Optional; {maxName != null ? `at most ${maxName} ` : ""}printable characters.
              </small>
            </label>
          </div>
          <label className="field">
            <span>User data</span>
            <textarea
              name="user_data"
              className="mono"
              rows={7}
              value={userData}
              placeholder={
                "#cloud-config\npackages: [nginx]\n\n# or a script:\n#!/bin/sh\necho hello > /tmp/hello"
              }
              onChange={(e) => setUserData(e.target.value)}
              aria-describedby="user-data-count"
            />
            <small id="user-data-count" className={tooBig ? "error-text" : "muted"} aria-live="polite">
              {userDataBytes.toLocaleString()}
              {maxUserData != null ? ` / ${maxUserData.toLocaleString()}` : ""} bytes
              {tooBig ? ` — too large, the limit is ${bytes(maxUserData)}` : ""}
            </small>
          </label>
        </fieldset>

        <div className="form-actions">
          <Link to="/instances" className="button">
            Cancel
          </Link>
          <button type="submit" className="button primary" disabled={busy || !chosenImage || tooBig}>
            {busy ? "Launching…" : "Launch instance"}
          </button>
        </div>
      </form>
    </section>
  );
}
