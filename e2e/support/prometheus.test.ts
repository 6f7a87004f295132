// The metrics spec's parser must itself refuse what Prometheus would refuse.
import { describe, expect, it } from "vitest";
import { parsePrometheus, valueOf } from "./prometheus";

const GOOD = `# HELP http_total Requests
# TYPE http_total counter
http_total{route="GET /x",status="200"} 3
http_total{route="a \\"quoted\\" \\\\ path",status="500"} 1
# HELP lat Latency
# TYPE lat histogram
lat_bucket{le="0.1"} 1
lat_bucket{le="1"} 2
lat_bucket{le="+Inf"} 2
lat_sum 0.6
lat_count 2
`;

describe("parsePrometheus", () => {
  it("reads families, labels with escapes and histograms", () => {
    const f = parsePrometheus(GOOD);
    expect(valueOf(f, "http_total", { status: "200" })).toBe(3);
    expect(f.get("http_total")!.samples[1]!.labels.route).toBe('a "quoted" \\ path');
    expect(valueOf(f, "lat_count")).toBe(2);
  });

  it.each([
    ["a sample of no declared family", "# TYPE a counter\na 1\nb 2\n"],
    ["a bad value", "# TYPE a counter\na one\n"],
    ["an unterminated label", '# TYPE a counter\na{x="1} 1\n'],
    ["no final newline", "# TYPE a counter\na 1"],
    ["a histogram without +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ["buckets that are not cumulative", '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'],
    ["an unknown type", "# TYPE a countr\n"],
  ])("refuses %s", (_what, text) => {
    expect(() => parsePrometheus(text)).toThrow();
  });
});
