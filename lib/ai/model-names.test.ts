import { describe, expect, it } from "vitest";
import { chainWithFirst, sameModelName } from "./model-names";

const link = (model: string, endpointId = "local") => ({ endpointId, model });

describe("chainWithFirst", () => {
  it("puts the model first and keeps the role's others behind it, once each", () => {
    const chain = [link("llama3.2"), link("qwen3:8b"), link("qwen3:8b", "closet")];
    expect(chainWithFirst(chain, "main", link("qwen3:8b"))).toEqual([link("qwen3:8b"), link("llama3.2"), link("qwen3:8b", "closet")]);
  });

  it("treats Ollama's spellings of one model as one when asked to", () => {
    const chain = [link("llama3.2:latest"), link("phi3")];
    const same = (a: string, b: string) => sameModelName("ollama", a, b);
    expect(chainWithFirst(chain, "main", link("Llama3.2"), same)).toEqual([link("Llama3.2"), link("phi3")]);
    expect(chainWithFirst(chain, "main", link("Llama3.2"))).toHaveLength(3);
  });

  it("never holds more than the role's chain may", () => {
    const full = Array.from({ length: 10 }, (_, i) => link(`m${i}`));
    expect(chainWithFirst(full.slice(0, 5), "fast", link("new"))).toHaveLength(5);
    expect(chainWithFirst(full, "fallback", link("new"))).toEqual([link("new"), ...full.slice(0, 9)]);
  });
});
