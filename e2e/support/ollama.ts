import { expect } from "@playwright/test";

// The app under test talks to the Ollama-protocol test server (OLLAMA_BASE_URL, set by `npm test`).
export const ollama = `http://127.0.0.1:${process.env.CAIRN_TEST_OLLAMA_PORT ?? "11555"}`;

/**
 * Scripts the model's next answers for requests carrying a fresh token (put it in the prompt);
 * several replies are taken in order. Returns the token.
 */
export async function script(reply: Record<string, unknown> | Record<string, unknown>[], model = "llama3.2"): Promise<string> {
  const match = `tok-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const replies = (Array.isArray(reply) ? reply : [reply]).map((r) => ({ ...r, match }));
  const res = await fetch(`${ollama}/__control/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, replies }),
  });
  expect(res.status).toBe(200);
  return match;
}

/** Chat requests the test server received whose body contains `text`. */
export async function chatRequestsWith(text: string): Promise<{ body: unknown; clientClosed: boolean; completed: boolean }[]> {
  const { requests } = await (await fetch(`${ollama}/__control/requests?path=/api/chat`)).json();
  return requests.filter((r: { body?: unknown }) => JSON.stringify(r.body ?? "").includes(text));
}

/** A two-task plan (the second depends on the first) that scripted models answer with. */
export const TWO_TASK_PLAN = {
  tasks: [
    {
      id: 1,
      title: "Provision the VM",
      description: "Debian 12",
      details: "",
      testStrategy: "ssh works",
      priority: "high",
      dependencies: [],
    },
    {
      id: 2,
      title: "Install Ollama",
      description: "Service + model",
      details: "",
      testStrategy: "curl /api/version",
      priority: "medium",
      dependencies: [1],
    },
  ],
};
