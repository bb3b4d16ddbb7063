import { useEffect, useState } from "react";
import { api, must, type InstanceType, type Limits } from "../api/client";

export const memoryLabel = (mb: number | undefined) =>
  mb == null ? "–" : mb >= 1024 ? `${mb / 1024} GiB` : `${mb} MiB`;

/**
 * What a launch may ask for, from the service: the instance types (GET /api/instance-types) and the limits of a
 * launch request (GET /api/limits). Both are fixed while the service runs, so they are read once per page.
 */
export function useLaunchOptions() {
  const [types, setTypes] = useState<InstanceType[] | undefined>(undefined);
  const [limits, setLimits] = useState<Limits | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    let live = true;
    Promise.all([must(api.GET("/api/instance-types")), must(api.GET("/api/limits"))]).then(
      ([t, l]) => {
        if (!live) return;
        setTypes(t);
        setLimits(l);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  return { types, limits, error };
}
