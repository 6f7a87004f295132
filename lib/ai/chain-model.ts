// A language model that is really the user's model chain for one role. Each call tries the
// chain's links in order until one starts answering: a failure before the first token (refused,
// 404, 5xx, first-token time-out) moves to the next link and cools the endpoint down; after the
// first token the stream is this link's, watched by the idle time-out, and a broken or cut-off
// stream is reported, never retried silently. Every attempt is logged as an AiRun.
// The AI SDK's streamText drives it (tool loops, UI message streams) like any other model.
import "server-only";
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { aborted, AppError } from "@/lib/errors";
import {
  AttemptError,
  classify,
  errorText,
  failureOutcome,
  isContentPart,
  logRun,
  watchedStream,
  type Failure,
  type StreamWatch,
} from "./attempts";
import { chainFailed, endpointAnswered, linkFailed, linksToTry, type ChainLink } from "./fallback-policy";
import { canDo, contextFor, modelFacts } from "./model-facts";
import { generationOptions } from "./providers";
import { thinkFilter } from "./think-filter";
import type { AiSettingsDto } from "./types";

export interface ChainModelOptions {
  job: string;
  chain: ChainLink[];
  settings: Pick<AiSettingsDto, "numCtx" | "temperature" | "firstTokenTimeoutMs" | "idleTimeoutMs">;
  /** Ollama keep_alive per link (lib/ai/keep-alive.ts keepAliveFor); absent: Ollama's default. */
  keepAlive?: (link: ChainLink) => string | undefined;
  projectId?: string;
  userId?: string;
  /** Called when a link starts answering (before its first token is passed on). */
  onModel?: (link: ChainLink) => void;
  /** Called when a link refused the tools and answered without them. */
  onToolsUnsupported?: (link: ChainLink) => void;
}

// Models that answered "does not support tools" are asked without tools from then on.
const globalTools = globalThis as unknown as { cairnNoTools?: Set<string> };
const noTools = (globalTools.cairnNoTools ??= new Set<string>());
const toolsKey = (l: ChainLink) => `${l.endpoint.url} ${l.model}`;

const refusesTools = (e: unknown) => /does not support tools/i.test(errorText(e));

export function chainModel(opts: ChainModelOptions): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: "cairn",
    modelId: opts.chain.map((l) => l.model).join(" → "),
    supportedUrls: {},
    async doGenerate() {
      throw new Error("The model chain only streams.");
    },
    async doStream(call: LanguageModelV3CallOptions) {
      const links = linksToTry(opts.chain);
      const failures: Failure[] = [];
      for (const link of links) {
        const facts = await modelFacts(link.endpoint, link.model);
        // A model Ollama lists without the tools capability is never offered tools: some ignore
        // them silently and answer with raw JSON, so proposals come through the structured call.
        let withTools = !!call.tools?.length && !noTools.has(toolsKey(link)) && canDo(facts, "tools");
        for (;;) {
          try {
            const answer = await attempt(opts, link, contextFor(opts.settings.numCtx, facts), {
              ...call,
              tools: withTools ? call.tools : undefined,
              toolChoice: withTools ? call.toolChoice : undefined,
            });
            if (!withTools && call.tools?.length) opts.onToolsUnsupported?.(link);
            return answer;
          } catch (e) {
            const f = e instanceof AttemptError ? e.failure : classify(e, link.endpoint, null, !!call.abortSignal?.aborted, false);
            if (f.kind === "aborted") throw aborted("Stopped.");
            if (withTools && refusesTools(e)) {
              // The model has no tool support: ask again without tools; proposals then come
              // through structured output (see lib/ai/chat).
              noTools.add(toolsKey(link));
              withTools = false;
              continue;
            }
            linkFailed(link, f);
            failures.push(f);
            break;
          }
        }
      }
      throw chainFailed(failures);
    },
  };
}

async function attempt(opts: ChainModelOptions, link: ChainLink, numCtx: number, call: LanguageModelV3CallOptions) {
  const { settings } = opts;
  const started = performance.now();
  const base = {
    job: opts.job,
    endpoint: link.endpoint.url,
    model: link.model,
    attempt: 1,
    projectId: opts.projectId,
    userId: opts.userId,
  };
  const { abortSignal, ...rest } = call;
  const watch: StreamWatch = { ttftMs: null };
  const parts = watchedStream(
    link.endpoint,
    link.model,
    { ...rest, ...generationOptions(link.endpoint, { ...settings, numCtx }, call.providerOptions) },
    { firstTokenTimeoutMs: settings.firstTokenTimeoutMs, idleTimeoutMs: settings.idleTimeoutMs, keepAlive: opts.keepAlive?.(link) },
    abortSignal,
    watch,
  );
  // Hold everything back until the first token: until then, another link can still answer.
  const buffered: LanguageModelV3StreamPart[] = [];
  try {
    for (;;) {
      const { done, value } = await parts.next();
      if (done) break;
      buffered.push(value);
      if (isContentPart(value) || value.type === "finish") break;
    }
  } catch (e) {
    const f = (e as AttemptError).failure;
    await logRun({ ...base, ttftMs: null, durationMs: performance.now() - started, outcome: failureOutcome(f, "error"), error: f.message });
    throw e;
  }
  endpointAnswered(link.endpoint);
  opts.onModel?.(link);

  let finish = "none";
  let usage: { inputTokens?: { total?: number }; outputTokens?: { total?: number } } | undefined;
  const log = (outcome: string, error?: string) =>
    logRun({
      ...base,
      ttftMs: watch.ttftMs,
      durationMs: performance.now() - started,
      promptTokens: usage?.inputTokens?.total,
      outputTokens: usage?.outputTokens?.total,
      outcome,
      error,
    });

  const answerText = thinkFilter();
  const stream = new ReadableStream<LanguageModelV3StreamPart>({
    async pull(ctl) {
      try {
        let next = buffered.shift() ?? (await parts.next()).value;
        // A reasoning block at the start of the text is not part of the answer.
        while (next?.type === "text-delta") {
          const delta = answerText.push(next.delta);
          if (delta) {
            next = { ...next, delta };
            break;
          }
          next = buffered.shift() ?? (await parts.next()).value;
        }
        if (next?.type === "text-end") {
          const rest = answerText.flush();
          if (rest) ctl.enqueue({ type: "text-delta", id: next.id, delta: rest });
        }
        if (!next) {
          // Anything but a clean stop (or a tool call) is an incomplete answer.
          const clean = finish === "stop" || finish === "tool-calls";
          await log(clean ? "ok" : "incomplete", clean ? undefined : `finish: ${finish}`);
          if (clean) ctl.close();
          else {
            const why = finish === "length" ? "it ran out of room (raise the context size)" : "the stream did not end cleanly";
            ctl.error(new AppError("bad_gateway", `The answer from ${link.model} is incomplete: ${why}.`));
          }
          return;
        }
        if (next.type === "finish") {
          finish = next.finishReason.unified;
          usage = next.usage as typeof usage;
        }
        ctl.enqueue(next);
      } catch (e) {
        const f = (e as AttemptError).failure;
        await log(failureOutcome(f, "incomplete"), f.message);
        ctl.error(f.kind === "aborted" ? aborted("Stopped.") : new AppError(f.kind === "timeout" ? "timeout" : "bad_gateway", f.message));
      }
    },
    async cancel() {
      await parts.return();
      await log("aborted", "Stopped.");
    },
  });
  return { stream };
}
