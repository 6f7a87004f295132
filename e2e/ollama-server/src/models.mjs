// @ts-check
// Models: catalogue entries as /api/tags, /api/show and /api/ps describe them.
import { DEFAULT_MODELS, REGISTRY_MODELS } from "./defaults.mjs";
import { normalizeModelName, nowRfc3339, sha256 } from "./helpers.mjs";
/** @import { Model, ModelSpec } from "./defaults.mjs" */

/**
 * @param {string | ModelSpec} spec
 * @returns {Model}
 */
export function toModel(spec) {
  const given = typeof spec === "string" ? { name: spec } : spec;
  const name = normalizeModelName(given.name);
  const known = [...DEFAULT_MODELS, ...REGISTRY_MODELS].find((m) => normalizeModelName(m.name) === name);
  const merged = { ...(known ?? {}), ...given };
  const looksLikeEmbedder = /embed|minilm|bge|e5-/.test(name);
  return {
    name,
    capabilities: merged.capabilities ?? (looksLikeEmbedder ? ["embedding"] : ["completion", "tools"]),
    size: merged.size ?? 1_000_000_000 + (parseInt(sha256(name).slice(0, 6), 16) % 1_000_000_000),
    digest: merged.digest ?? sha256(`cairn-ollama-test:${name}`),
    modifiedAt: merged.modifiedAt ?? nowRfc3339(),
    family: merged.family ?? (looksLikeEmbedder ? "bert" : "llama"),
    parameterSize: merged.parameterSize ?? "1.2B",
    quantizationLevel: merged.quantizationLevel ?? "Q4_K_M",
    format: merged.format ?? "gguf",
    contextLength: merged.contextLength ?? 8192,
    embeddingLength: merged.embeddingLength ?? (looksLikeEmbedder ? 384 : 2048),
  };
}

/** @param {Model} model */
export function detailsOf(model) {
  return {
    parent_model: "",
    format: model.format,
    family: model.family,
    families: [model.family],
    parameter_size: model.parameterSize,
    quantization_level: model.quantizationLevel,
  };
}

/** @param {Model} model */
export function tagEntry(model) {
  return {
    name: model.name,
    model: model.name,
    modified_at: model.modifiedAt,
    size: model.size,
    digest: model.digest,
    details: detailsOf(model),
  };
}

/** @param {Model} model */
export function parameterCount(model) {
  const match = /^([\d.]+)([MBK])$/i.exec(model.parameterSize);
  if (!match) return 1_000_000_000;
  const scale = { K: 1e3, M: 1e6, B: 1e9 }[/** @type {"K"|"M"|"B"} */ ((match[2] ?? "B").toUpperCase())];
  return Math.round(Number(match[1]) * scale);
}
