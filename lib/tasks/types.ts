// What the task services return, as plain types: the browser imports these, never the services.
import type { Role, TaskPriority, TaskStatus } from "@/lib/validation/common";

export interface TaskLink {
  ref: string;
  title: string;
  status: TaskStatus;
}

/** An item outside Cairn linked to a task: the GitHub issue it came from, pull requests that name it. */
export interface ExternalLinkDto {
  kind: "issue" | "pull_request";
  /** owner/repo */
  repository: string;
  number: number;
  title: string;
  url: string;
  state: "open" | "draft" | "closed" | "merged";
}

export interface TaskDto {
  id: string;
  projectId: string;
  ref: string;
  parent: string | null;
  title: string;
  description: string;
  details: string;
  testStrategy: string;
  /** What must hold for the task to count as done (Task Master's acceptanceCriteria). */
  acceptanceCriteria: string;
  status: TaskStatus;
  priority: TaskPriority;
  rank: string;
  complexity: number | null;
  recommendedSubtasks: number | null;
  expansionPrompt: string | null;
  complexityReasoning: string | null;
  assignee: string | null;
  dueDate: string | null;
  labels: string[];
  source: string;
  externalRef: string | null;
  /** The GitHub issue and pull requests linked to the task. */
  links: ExternalLinkDto[];
  /** Refs of the tasks this one depends on. */
  dependencies: string[];
  prerequisites: TaskLink[];
  blocked: boolean;
  /** Unresolved prerequisites (including the parent's) that keep this task blocked. */
  blockedBy: TaskLink[];
  subtasks: TaskLink[];
  /** Refs of tasks that depend on this one. */
  dependents: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

/** What a board card shows: just enough for the card, the blocked hover and filters. */
export interface BoardCard {
  ref: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  rank: string;
  version: number;
  blockedBy: TaskLink[];
  subtasks: { done: number; total: number };
  complexity: number | null;
  labels: string[];
  assignee: string | null;
  dueDate: string | null;
}

export interface BoardDto {
  revision: number;
  role: Role;
  /** Top-level tasks by column, each column in rank order. */
  cards: BoardCard[];
}

export interface GraphNodeDto {
  ref: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  complexity: number | null;
  /** The parent's ref for a subtask. */
  parent: string | null;
  /** Open for work with every prerequisite resolved. */
  ready: boolean;
  /** Open for work but waiting on an unresolved prerequisite (its own or its parent's). */
  blocked: boolean;
}

/** An edge runs from the prerequisite (source) to the task that depends on it (target). */
export interface GraphEdgeDto {
  source: string;
  target: string;
}

export interface DependencyGraphDto {
  revision: number;
  /** The caller's role on the project: viewers get a read-only graph. */
  role: Role;
  /** Every task and subtask, in plan order. */
  nodes: GraphNodeDto[];
  /** Sorted by prerequisite, then dependent, in plan order. */
  edges: GraphEdgeDto[];
  /** Refs of the ready tasks, in plan order. */
  ready: string[];
  /** Refs from the first prerequisite to the last dependent (see rules/critical-path.ts). */
  criticalPath: string[];
  /** The path's total weight: complexity scores, 1 for an unscored task. */
  criticalWeight: number;
}

export interface Completion {
  done: number;
  /** Cancelled work is excluded: it will never be done and should not hold the bar back. */
  total: number;
  percent: number;
}

export interface OverviewListItem {
  ref: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
}

export interface ProjectOverviewDto {
  completion: { tasks: Completion; subtasks: Completion };
  /** Top-level tasks per status. */
  counts: Record<TaskStatus, number>;
  next: { task: { ref: string; title: string; status: TaskStatus; priority: TaskPriority; version: number } | null; reason: string };
  /** Open, unblocked tasks and subtasks in plan order (the first LIST_LIMIT). */
  ready: OverviewListItem[];
  readyTotal: number;
  /** Open tasks and subtasks waiting on unresolved prerequisites, in plan order (the first LIST_LIMIT). */
  blocked: (TaskLink & { blockedBy: TaskLink[] })[];
  blockedTotal: number;
  /** Open tasks with the most unresolved work transitively waiting on them. */
  mostDependedOn: (TaskLink & { dependents: number })[];
  /** Cancelled tasks that open work still lists as a prerequisite: resolved, but worth a look. */
  cancelledPrerequisites: { ref: string; title: string; dependents: string[] }[];
}

export interface TaskPage {
  tasks: TaskDto[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  total: number;
}

export interface NextTaskDto {
  task: TaskDto | null;
  reason: string;
}

export interface NoteDto {
  id: string;
  body: string;
  author: { id: string; name: string } | null;
  createdAt: string;
}

export interface EventDto {
  id: string;
  kind: string;
  taskRef: string | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  actor: { id: string; name: string } | null;
  createdAt: string;
}

export interface ProjectDto {
  id: string;
  name: string;
  slug: string;
  description: string;
  role: Role;
  taskCount: number;
  doneCount: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface MemberDto {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export interface DeleteTaskResult {
  /** The task and its subtasks, by ref. */
  deleted: string[];
  /** Tasks that depended on a deleted task and lost that prerequisite. */
  lostPrerequisite: TaskLink[];
}

/** A pending invitation to a project, as its owners see it. */
export interface InvitationDto {
  id: string;
  projectId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
}

/** What the invitee sees: which project, which role, from whom. */
export interface MyInvitationDto {
  id: string;
  project: { id: string; name: string };
  role: Role;
  invitedBy: string | null;
  createdAt: string;
}

/** A task's stored complexity score (Task Master's complexity report entry). */
export interface ComplexityEntryDto {
  ref: string;
  title: string;
  status: TaskStatus;
  complexityScore: number;
  recommendedSubtasks: number | null;
  expansionPrompt: string | null;
  reasoning: string | null;
  subtasks: number;
}

/** A compact plan summary sized to a token budget (what an agent reads to know the project). */
export interface ProjectContextDto {
  project: { id: string; name: string; slug: string };
  /** One line per task ("#ref [status] priority title ← prerequisites"), open work first when cut. */
  text: string;
  shown: number;
  total: number;
  tokens: number;
}

/** A task found by search or listed in "My tasks": enough to show it and open it in its project. */
export interface TaskHit {
  projectId: string;
  projectName: string;
  ref: string;
  /** The parent's ref for a subtask. */
  parent: string | null;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  assignee: string | null;
  dueDate: string | null;
  updatedAt: string;
}

export interface TaskHits {
  tasks: TaskHit[];
}
