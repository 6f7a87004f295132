"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAiStatus } from "@/lib/hooks/use-ai";
import { useChatThread, useChatThreads, useThreadMutations } from "@/lib/hooks/use-chat";
import { useProject } from "@/lib/hooks/use-projects";
import { useUrlParams } from "@/lib/hooks/use-url-params";
import { THREAD_TITLE_MAX } from "@/lib/validation/chat";
import { Conversation } from "./conversation";

export function ChatPage({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  const threads = useChatThreads(projectId);
  const { create, rename, remove } = useThreadMutations(projectId);
  const { params, setParam } = useUrlParams();
  const toast = useToast();
  const threadId = params.get("thread") ?? threads.data?.[0]?.id ?? null;
  const thread = useChatThread(projectId, threadId);
  const status = useAiStatus();
  const [renaming, setRenaming] = useState<string | null>(null);

  if (project.data?.role === "viewer")
    return <ErrorBox>Viewers can read the plan but not plan with the assistant. Ask an owner for editor access.</ErrorBox>;

  async function newThread() {
    try {
      const t = await create.mutateAsync();
      setParam("thread", t.id);
    } catch (e) {
      toast({ message: errorMessage(e), tone: "error" });
    }
  }

  return (
    <div className="grid gap-4 md:grid-cols-[15rem_minmax(0,1fr)]">
      <aside className="space-y-2" aria-label="Conversations">
        <Button className="w-full" onClick={newThread} busy={create.isPending} data-testid="new-thread">
          New conversation
        </Button>
        {threads.isPending && <div className="h-16 animate-pulse rounded-md bg-zinc-200 dark:bg-zinc-800" />}
        {threads.isError && <ErrorBox>Could not load conversations: {errorMessage(threads.error)}</ErrorBox>}
        <ul className="flex gap-1 overflow-x-auto md:block md:max-h-[70vh] md:space-y-0.5 md:overflow-y-auto" data-testid="thread-list">
          {threads.data?.map((t) => (
            <li key={t.id} className="shrink-0 md:shrink">
              {renaming === t.id ? (
                <RenameField
                  initial={t.title}
                  onDone={(title) => {
                    setRenaming(null);
                    if (title && title !== t.title)
                      rename.mutate({ id: t.id, title }, { onError: (e) => toast({ message: errorMessage(e), tone: "error" }) });
                  }}
                />
              ) : (
                <div
                  className={`group flex items-center gap-1 rounded-md text-sm ${
                    t.id === threadId ? "bg-zinc-200/80 font-medium dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"
                  }`}
                >
                  <button
                    className="min-w-0 flex-1 truncate px-2.5 py-1.5 text-left"
                    onClick={() => setParam("thread", t.id)}
                    aria-current={t.id === threadId || undefined}
                  >
                    {t.title}
                  </button>
                  <button
                    className="hidden px-1 text-xs text-muted group-hover:block focus:block"
                    onClick={() => setRenaming(t.id)}
                    aria-label={`Rename ${t.title}`}
                  >
                    Rename
                  </button>
                  <button
                    className="hidden px-1.5 text-xs text-red-600 group-hover:block focus:block"
                    aria-label={`Delete ${t.title}`}
                    onClick={() => {
                      if (!window.confirm(`Delete the conversation “${t.title}”? Tasks you accepted from it stay.`)) return;
                      remove.mutate(t.id, {
                        onSuccess: () => t.id === threadId && setParam("thread", null),
                        onError: (e) => toast({ message: errorMessage(e), tone: "error" }),
                      });
                    }}
                  >
                    Delete
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      </aside>

      <section className="min-w-0">
        {status.data && !status.data.ready && (
          <ErrorBox>
            {status.data.problem} {status.data.fix}{" "}
            <Link href="/settings/ai" className="underline">
              Open the AI settings
            </Link>
          </ErrorBox>
        )}
        {threads.data && threads.data.length === 0 && !threadId && (
          <div className="rounded-lg border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
            <p className="font-medium">Plan with the assistant</p>
            <p className="mt-1 text-sm text-muted">
              It knows this project&apos;s tasks and dependencies, and proposes changes as cards you accept or decline. Nothing changes
              until you accept.
            </p>
            <Button className="mt-4" onClick={newThread} busy={create.isPending}>
              Start a conversation
            </Button>
          </div>
        )}
        {threadId && thread.isPending && (
          <div className="flex items-center gap-2 p-6 text-sm text-muted">
            <Spinner /> Loading the conversation…
          </div>
        )}
        {thread.isError && <ErrorBox>Could not open this conversation: {errorMessage(thread.error)}</ErrorBox>}
        {thread.data && (
          <Conversation
            key={thread.data.id}
            projectId={projectId}
            thread={thread.data}
            defaultModel={status.data?.roles.main.firstUsable?.model ?? null}
          />
        )}
      </section>
    </div>
  );
}

function RenameField({ initial, onDone }: { initial: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.select(), []);
  return (
    <input
      ref={ref}
      aria-label="Conversation title"
      className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      value={value}
      maxLength={THREAD_TITLE_MAX}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => onDone(value.trim() || null)}
      onKeyDown={(e) => {
        if (e.key === "Enter") onDone(value.trim() || null);
        if (e.key === "Escape") onDone(null);
      }}
    />
  );
}
