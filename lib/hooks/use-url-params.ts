"use client";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Search params as page state (filters, the open task). Controls read a local copy that changes
 * at once — Next passes history.replaceState on to useSearchParams a moment later, and a
 * controlled checkbox would flick back meanwhile. Updates build on the live URL, so quick
 * successive changes never drop one another; back/forward navigation flows back in.
 */
export function useUrlParams() {
  const external = useSearchParams();
  const [params, setLocal] = useState(() => new URLSearchParams(external.toString()));
  const written = useRef<string>(external.toString());
  useEffect(() => {
    const query = external.toString();
    if (query !== written.current) setLocal(new URLSearchParams(query));
  }, [external]);
  const setParams = useCallback((updates: Record<string, string | null>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(updates)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    written.current = query;
    setLocal(new URLSearchParams(query));
    // null state: Next syncs only calls it did not make itself (its own carry internal markers).
    window.history.replaceState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}`);
  }, []);
  const setParam = useCallback((key: string, value: string | null) => setParams({ [key]: value }), [setParams]);
  return { params, setParams, setParam };
}
