"use client";
import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * Search params as page state (filters, the open task). Updates build on the live URL, not a
 * render-time snapshot, so quick successive changes never drop one another, and apply at once
 * through history.replaceState, which Next keeps in step with useSearchParams.
 */
export function useUrlParams() {
  const params = useSearchParams();
  const setParams = useCallback((updates: Record<string, string | null>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(updates)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    // null state: Next syncs only calls it did not make itself (its own carry internal markers).
    window.history.replaceState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}`);
  }, []);
  const setParam = useCallback((key: string, value: string | null) => setParams({ [key]: value }), [setParams]);
  return { params, setParams, setParam };
}
