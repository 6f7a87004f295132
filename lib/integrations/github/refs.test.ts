import { describe, expect, it } from "vitest";
import { namedByPullRequest, namedInBranch, namedInText } from "./refs";

const repo = "octo/app";

describe("task refs in pull requests and commits", () => {
  it.each([
    ["Closes #12", [{ kind: "issue", repository: repo, number: 12, closes: true }]],
    [
      "fixes: #3 and resolves other/lib#9",
      [
        { kind: "issue", repository: repo, number: 3, closes: true },
        { kind: "issue", repository: "other/lib", number: 9, closes: true },
      ],
    ],
    ["see #4", [{ kind: "issue", repository: repo, number: 4, closes: false }]],
    ["Work on cairn#12", [{ kind: "cairn", ref: "12", closes: false }]],
    [
      "Fixed T-7.2, touches CAIRN#8",
      [
        { kind: "cairn", ref: "7.2", closes: true },
        { kind: "cairn", ref: "8", closes: false },
      ],
    ],
    ["closes cairn#5 and cairn#5", [{ kind: "cairn", ref: "5", closes: true }]],
    ["no refs here: issue 12, ABT-12, v1.2#x, a#b", []],
  ])("%s", (text, want) => {
    expect(namedInText(text, repo)).toEqual(want);
  });

  it("reads branches", () => {
    expect(namedInBranch("cairn-12-login", repo)).toEqual([{ kind: "cairn", ref: "12", closes: false }]);
    expect(namedInBranch("feature/T-3.1", repo)).toEqual([{ kind: "cairn", ref: "3.1", closes: false }]);
    expect(namedInBranch("12-spelling-error", repo)).toEqual([{ kind: "issue", repository: repo, number: 12, closes: false }]);
    expect(namedInBranch("changes", repo)).toEqual([]);
    expect(namedInBranch("release-2", repo)).toEqual([]);
  });

  it("merges what a pull request names, keeping the closing word", () => {
    expect(namedByPullRequest({ title: "cairn#2 login", body: "Closes cairn#2\n\nRefs #9", branch: "cairn-2-login" }, repo)).toEqual([
      { kind: "cairn", ref: "2", closes: true },
      { kind: "issue", repository: repo, number: 9, closes: false },
    ]);
  });
});
