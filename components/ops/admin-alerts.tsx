"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { AlertDto } from "@/lib/ops/types";
import { useAdminAlerts } from "@/lib/hooks/use-ops";
import { formatAge } from "./format";

const STORAGE_KEY = "cairn.dismissedAlerts";
/** A dismissal holds until the subject's state changes again (a new `since`). */
const alertKey = (a: AlertDto) => `${a.subject}@${a.since}`;

function readDismissed(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]") as string[]);
  } catch {
    return new Set();
  }
}

export function AdminAlerts() {
  const alerts = useAdminAlerts(true);
  const [dismissed, setDismissed] = useState<Set<string> | null>(null);
  useEffect(() => setDismissed(readDismissed()), []);
  if (!alerts.data || !dismissed) return null;
  const shown = alerts.data.filter((a) => !dismissed.has(alertKey(a)));
  if (shown.length === 0) return null;
  const dismiss = (a: AlertDto) => {
    // Only keys of alerts that still exist are kept, so the list never grows.
    const next = new Set([...dismissed].filter((k) => alerts.data.some((x) => alertKey(x) === k)));
    next.add(alertKey(a));
    localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
    setDismissed(next);
  };
  return (
    <div className="mx-auto grid w-full max-w-7xl gap-2 px-4 pt-3" data-testid="admin-alerts">
      {shown.map((a) => (
        <div
          key={alertKey(a)}
          role={a.problem ? "alert" : "status"}
          data-testid="admin-alert"
          className={`flex items-start gap-3 rounded-md border px-3 py-2 text-sm ${
            a.problem
              ? "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
              : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200"
          }`}
        >
          <div className="min-w-0 flex-1">
            <p className="font-semibold">
              {a.title} <span className="font-normal opacity-75">· {formatAge(a.since)}</span>
            </p>
            <p className="break-words">
              {a.message}{" "}
              <Link href={a.subject === "backup" ? "/settings/backups" : "/settings/ai"} className="font-medium underline">
                {a.subject === "backup" ? "Backups" : "AI settings"}
              </Link>
            </p>
          </div>
          <button
            type="button"
            className="-m-1 shrink-0 rounded p-1 opacity-70 hover:opacity-100"
            aria-label={`Dismiss: ${a.title}`}
            onClick={() => dismiss(a)}
          >
            <span aria-hidden>✕</span>
          </button>
        </div>
      ))}
    </div>
  );
}
