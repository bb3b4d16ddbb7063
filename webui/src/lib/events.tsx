import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

/**
 * One message of WS /api/ws/events (see the README's "Events" section). "hello" and "resync" are control
 * messages; the others say what changed: `id` names the resource, `data` is its state after the change, or
 * `deleted` is true.
 */
export type FeedMessage = {
  seq: number;
  type: "hello" | "resync" | "instance" | "image" | "key_pair" | "tags" | "host" | "health" | "metrics";
  id?: string;
  deleted?: boolean;
  data?: unknown;
  at?: string;
};

/** What a page hears: a change, or "everything may have changed" after a reconnect or a resync. */
export type FeedSignal = { kind: "event"; message: FeedMessage } | { kind: "refetch" };

type Listener = (signal: FeedSignal) => void;

/**
 * `lost`: the socket was open and dropped, and is not back yet (the service stopped or the network failed).
 * `ready`: the socket said hello (or could not be opened at all): pages load from then on, so no change can fall
 * between a page's first read and the start of the stream.
 */
type Feed = { subscribe: (listener: Listener) => () => void; lost: boolean; ready: boolean };

const EventsContext = createContext<Feed | null>(null);

const BACKOFF_MS = [500, 1000, 2000, 5000, 10000];

/**
 * Opens the one events socket of the console and keeps it open: on a drop it reconnects with backoff and
 * `?after=` the last number seen, so missed events are replayed; every reconnect (and a resync) tells the
 * pages to fetch again, since a page may have been opened or changed while the socket was down.
 */
export function EventsProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [lost, setLost] = useState(false);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let socket: WebSocket | undefined;
    let timer: number | undefined;
    let attempt = 0;
    let last: number | undefined;
    let everConnected = false;
    let stopped = false;
    const emit = (signal: FeedSignal) => listeners.current.forEach((l) => l(signal));

    const open = () => {
      const proto = location.protocol === "https:" ? "wss:" : "ws:";
      const after = last === undefined ? "" : `?after=${last}`;
      const ws = new WebSocket(`${proto}//${location.host}/api/ws/events${after}`);
      socket = ws;
      ws.onmessage = (e) => {
        let message: FeedMessage;
        try {
          message = JSON.parse(String(e.data)) as FeedMessage;
        } catch {
          return;
        }
        if (typeof message.seq === "number") last = message.seq;
        if (message.type === "hello" || message.type === "resync") {
          attempt = 0;
          setLost(false);
          // pages make their first read after the first hello (ready); later ones mean we were away
          if (everConnected || message.type === "resync") emit({ kind: "refetch" });
          everConnected = true;
          setReady(true);
          return;
        }
        emit({ kind: "event", message });
      };
      ws.onclose = () => {
        if (everConnected) setLost(true);
        // no socket at all (refused, or the service is down): pages still load, and poll nothing
        setReady(true);
        if (stopped) return;
        const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
        attempt++;
        timer = window.setTimeout(open, delay);
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      socket?.close();
    };
  }, []);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  return <EventsContext.Provider value={{ subscribe, lost, ready }}>{children}</EventsContext.Provider>;
}

/** Calls listener for every signal of the feed while the component is mounted; answers whether the feed is lost. */
export function useFeed(listener: Listener) {
  const feed = useContext(EventsContext);
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => feed?.subscribe((s) => ref.current(s)), [feed]);
  return feed?.lost ?? false;
}

/** Whether pages may make their first read (see Feed.ready); without a provider, at once. */
function useFeedReady() {
  return useContext(EventsContext)?.ready ?? true;
}

/**
 * Loads once (REST, on mount and when deps change), then keeps up with the feed: no polling. A message `relevant`
 * accepts is given to `apply`, which answers the data updated from the message itself (no request), or
 * undefined to fetch again. A reconnect or resync fetches again. reload() refreshes at once, e.g. after an action.
 */
export function useLive<T>(
  load: () => Promise<T>,
  relevant: (message: FeedMessage) => boolean,
  deps: readonly unknown[] = [],
  apply?: (message: FeedMessage, current: T) => T | undefined,
) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const relevantRef = useRef(relevant);
  relevantRef.current = relevant;
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const dataRef = useRef<T | undefined>(undefined);
  dataRef.current = data;
  const seq = useRef(0);
  const inFlight = useRef(false);
  const again = useRef(false);
  const ready = useFeedReady();

  // one fetch at a time: asks that come while one is under way make one more after it, whose answer is the one
  // kept (a burst of events, e.g. pull progress or a batch launch, costs two fetches, not one each)
  const reload = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        const mine = ++seq.current;
        try {
          const value = await loadRef.current();
          if (mine === seq.current && !again.current) {
            setData(value);
            setError(undefined);
          }
        } catch (e) {
          if (mine === seq.current && !again.current) setError(e);
        }
      } while (again.current);
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!ready) return;
    setLoading(true);
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload, ready, ...deps]);

  useFeed((signal) => {
    if (signal.kind === "refetch") {
      void reload();
      return;
    }
    if (!relevantRef.current(signal.message)) return;
    // nothing loaded yet: a fetch is under way or failed, and only a fetch can fill the page
    const updated =
      dataRef.current === undefined ? undefined : applyRef.current?.(signal.message, dataRef.current);
    if (updated === undefined) {
      void reload();
      return;
    }
    seq.current++; // a fetch still in flight is older than this message
    dataRef.current = updated;
    setData(updated);
    setError(undefined);
    setLoading(false);
  });

  return { data, error, loading, reload, setData };
}

/** A message about one instance: its own changes or its tags. */
export function aboutInstance(m: FeedMessage, id?: string): boolean {
  const instanceTags =
    m.type === "tags" && (m.data as { resource_type?: string } | undefined)?.resource_type === "instance";
  return (m.type === "instance" || instanceTags) && (id === undefined || m.id === id);
}

/** An instance as the feed describes it: the fields of GET /api/instances/{id} that change. */
type InstanceData = Record<string, unknown> & { tags?: Record<string, string> };

/**
 * The instance updated from a message about it (its changes, or its tags), without a request; undefined when
 * the message is about another instance.
 */
export function applyToInstance<I extends { id?: string }>(m: FeedMessage, instance: I): I | undefined {
  if (m.id !== instance.id) return undefined;
  if (m.type === "tags") return { ...instance, tags: (m.data as InstanceData | undefined)?.tags ?? {} };
  return { ...instance, ...(m.data as InstanceData) };
}
