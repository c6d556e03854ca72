// A read of the API for a page: loading, the data, the error, and `reload` (which keeps the data shown meanwhile).
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * `load` may show what it has so far with `partial` (a long read shown as it arrives); its result replaces it.
 */
export function useResource<T>(
  load: (signal: AbortSignal, partial: (value: T) => void) => Promise<T>,
  deps: readonly unknown[],
): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef
      .current(controller.signal, (value) => {
        if (!controller.signal.aborted) setData(value);
      })
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted || (e as Error).name === 'AbortError') return;
        setError(
          e instanceof ApiError
            ? e
            : new ApiError({ type: '/problems/internal-error', title: 'Error', status: 0, detail: String(e) }),
        );
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}

/** The current time, ticking every `intervalMs` (for "time left" that stays true without reloading). */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
