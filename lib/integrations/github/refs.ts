// Which tasks a pull request or commit names. Plain text rules (see README, "GitHub"):
// - `cairn#12`, `cairn#12.3`, `T-12`, `T-12.3`: a Cairn task by its ref;
// - `#12`, `owner/repo#12`: the task made from that GitHub issue;
// - in front of either, a closing word (`close[sd]`, `fix(e[sd])`, `resolve[sd]`, as on GitHub)
//   means the pull request finishes the task: merged, the task is done;
// - a branch named `cairn-12-…`, `t-12-…` (anywhere after a `/`) names task 12; `12-…` (GitHub's
//   "create a branch" from issue 12) names the task made from issue 12.

export interface NamedCairnTask {
  kind: "cairn";
  ref: string;
  closes: boolean;
}

export interface NamedIssue {
  kind: "issue";
  /** owner/repo, lower-cased */
  repository: string;
  number: number;
  closes: boolean;
}

export type NamedTask = NamedCairnTask | NamedIssue;

const CLOSING = String.raw`(?:(close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+)?`;
const REF = String.raw`(\d{1,9}(?:\.\d{1,9})?)`;
const CAIRN = new RegExp(String.raw`(?<![\w/#-])${CLOSING}(?:cairn#|T-)${REF}(?![\w.]*\w)`, "gi");
const ISSUE = new RegExp(String.raw`(?<![\w/#-])${CLOSING}((?:[A-Za-z0-9][\w.-]*\/[\w.-]+)?)#(\d{1,9})\b`, "gi");

function merge(found: NamedTask[], t: NamedTask): void {
  const same = found.find((f) =>
    f.kind === "cairn" && t.kind === "cairn"
      ? f.ref === t.ref
      : f.kind === "issue" && t.kind === "issue" && f.repository === t.repository && f.number === t.number,
  );
  if (same) same.closes ||= t.closes;
  else found.push(t);
}

/** Tasks named in free text (a title, a body, a commit message), for a delivery from `repository`. */
export function namedInText(text: string, repository: string): NamedTask[] {
  const found: NamedTask[] = [];
  for (const m of text.matchAll(CAIRN)) merge(found, { kind: "cairn", ref: m[2]!, closes: !!m[1] });
  for (const m of text.matchAll(ISSUE)) {
    // "cairn#12" is a Cairn ref, already taken above.
    if (/cairn$/i.test(text.slice(0, m.index + m[0].length - m[3]!.length - 1))) continue;
    merge(found, { kind: "issue", repository: (m[2] || repository).toLowerCase(), number: Number(m[3]), closes: !!m[1] });
  }
  return found;
}

/** Tasks named by a branch: `cairn-12-login`, `feature/T-12`, or `12-login` for issue 12. */
export function namedInBranch(branch: string, repository: string): NamedTask[] {
  const last = branch.split("/").pop() ?? "";
  const cairn = /^(?:cairn|t)-(\d{1,9})(?:\.(\d{1,9}))?(?:[-_.]|$)/i.exec(last);
  if (cairn) return [{ kind: "cairn", ref: cairn[2] ? `${cairn[1]}.${cairn[2]}` : cairn[1]!, closes: false }];
  const issue = /^(\d{1,9})(?:[-_]|$)/.exec(last);
  if (issue) return [{ kind: "issue", repository: repository.toLowerCase(), number: Number(issue[1]), closes: false }];
  return [];
}

/** Everything a pull request names, from its title, body and head branch. */
export function namedByPullRequest(pr: { title: string; body: string | null; branch: string }, repository: string): NamedTask[] {
  const found: NamedTask[] = [];
  for (const t of [...namedInText(`${pr.title}\n${pr.body ?? ""}`, repository), ...namedInBranch(pr.branch, repository)]) merge(found, t);
  return found;
}
