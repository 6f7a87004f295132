// The response schemas describe what the services return. These checks fail the type-check
// (tsc, and so `npm test`) when a DTO and its schema part ways, in either direction.
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type {
  AiRunDto,
  AiSettingsDto,
  AiStatusDto,
  CreateModelResult,
  CreateModelUpdate,
  DeleteModelResult,
  ModelTestResult,
  WarmResult,
} from "@/lib/ai/types";
import type { PullResult } from "@/lib/ai/pull";
import type { BenchOverviewDto, BenchRunDto } from "@/lib/ai/bench/types";
import type {
  AddTaskResult,
  AnalyzeComplexityResult,
  ExpandAllResult,
  ExpandResult,
  ParsePrdResult,
  UpdateTasksResult,
} from "@/lib/ai/jobs/types";
import type { applyComplexity } from "@/lib/ai/jobs/analyze-complexity";
import type { acceptPlan } from "@/lib/ai/jobs/parse-prd";
import type { applyExpansion } from "@/lib/ai/jobs/expand";
import type { applyTaskUpdates } from "@/lib/ai/jobs/update";
import type { applyNewTask } from "@/lib/ai/jobs/add-task";
import type { ChatMetadata, ChatThreadDto, ChatThreadWithMessages, ChatUIMessage, Proposal } from "@/lib/ai/chat/types";
import type { InstanceSettings, TokenDto, UserDto } from "@/lib/auth/types";
import type { createToken } from "@/lib/auth/tokens";
import type { deleteProject } from "@/lib/tasks/projects";
import type {
  BoardDto,
  DeleteTaskResult,
  DependencyGraphDto,
  EventDto,
  MemberDto,
  NextTaskDto,
  NoteDto,
  ProjectDto,
  ProjectOverviewDto,
  TaskDto,
  ExternalLinkDto,
  TaskLink,
  TaskHit,
  TaskHits,
  TaskPage,
} from "@/lib/tasks/types";
import type { GithubDeliveryDto, GithubLinkDto, GithubLinkWithSecretDto } from "@/lib/integrations/github/types";
import type { ReceiveResult } from "@/lib/integrations/github/receive";
import type { FixReport, ValidationReport } from "@/lib/tasks/validate-dependencies";
import type { importTaskMaster, previewTaskMasterImport } from "@/lib/tasks/import-taskmaster";
import type { ReportDto, ReportStats, ReportSummaryDto } from "@/lib/reports/types";
import type { AlertDto, BackupDto, BackupOverviewDto, BackupSettingsDto } from "@/lib/ops/types";
import type * as ai from "./ai";
import type * as bench from "./ai-bench";
import type * as auth from "./auth";
import type * as chat from "./chat";
import type * as ops from "./ops";
import type * as github from "./github";
import type * as projects from "./projects";
import type * as reports from "./reports";
import type * as tasks from "./tasks";

type Out<S extends z.ZodType> = z.output<S>;
type Returned<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

describe("response schemas match the services' DTOs", () => {
  it("accounts, settings and tokens", () => {
    expectTypeOf<Out<typeof auth.userDto>>().toEqualTypeOf<UserDto>();
    expectTypeOf<Out<typeof auth.instanceSettingsDto>>().toEqualTypeOf<InstanceSettings>();
    expectTypeOf<Out<typeof auth.tokenDto>>().toEqualTypeOf<TokenDto>();
    expectTypeOf<Out<typeof auth.createdTokenDto>>().toEqualTypeOf<Returned<typeof createToken>>();
  });

  it("projects and members", () => {
    expectTypeOf<Out<typeof projects.projectDto>>().toEqualTypeOf<ProjectDto>();
    expectTypeOf<Out<typeof projects.memberDto>>().toEqualTypeOf<MemberDto>();
    expectTypeOf<Out<typeof projects.deletedProjectDto>>().toEqualTypeOf<Returned<typeof deleteProject>>();
  });

  it("tasks and the plan's views", () => {
    expectTypeOf<Out<typeof tasks.taskLinkDto>>().toEqualTypeOf<TaskLink>();
    expectTypeOf<Out<typeof tasks.taskDto>>().toEqualTypeOf<TaskDto>();
    expectTypeOf<Out<typeof tasks.taskPageDto>>().toEqualTypeOf<TaskPage>();
    expectTypeOf<Out<typeof tasks.taskHitDto>>().toEqualTypeOf<TaskHit>();
    expectTypeOf<Out<typeof tasks.taskHitsDto>>().toEqualTypeOf<TaskHits>();
    expectTypeOf<Out<typeof tasks.deletedTaskDto>>().toEqualTypeOf<DeleteTaskResult>();
    expectTypeOf<Out<typeof tasks.noteDto>>().toEqualTypeOf<NoteDto>();
    expectTypeOf<Out<typeof tasks.eventDto>>().toEqualTypeOf<EventDto>();
    expectTypeOf<Out<typeof tasks.nextTaskDto>>().toEqualTypeOf<NextTaskDto>();
    expectTypeOf<Out<typeof tasks.overviewDto>>().branded.toEqualTypeOf<ProjectOverviewDto>();
    expectTypeOf<Out<typeof tasks.graphDto>>().toEqualTypeOf<DependencyGraphDto>();
    expectTypeOf<Out<typeof tasks.boardDto>>().toEqualTypeOf<BoardDto>();
    expectTypeOf<Out<typeof tasks.dependencyReportDto>>().toEqualTypeOf<ValidationReport>();
    expectTypeOf<Out<typeof tasks.dependencyFixDto>>().toEqualTypeOf<FixReport>();
    expectTypeOf<Out<typeof tasks.importResultDto>>().toEqualTypeOf<Returned<typeof importTaskMaster>>();
    expectTypeOf<Out<typeof tasks.importPreviewDto>>().toEqualTypeOf<Returned<typeof previewTaskMasterImport>>();
  });

  it("the model bench", () => {
    expectTypeOf<Out<typeof bench.benchRunDto>>().toEqualTypeOf<BenchRunDto>();
    expectTypeOf<Out<typeof bench.benchOverviewDto>>().toEqualTypeOf<BenchOverviewDto>();
  });

  it("AI settings, status, tests, runs and jobs", () => {
    expectTypeOf<Out<typeof ai.aiSettingsDto>>().toEqualTypeOf<AiSettingsDto>();
    expectTypeOf<Out<typeof ai.aiStatusDto>>().toEqualTypeOf<AiStatusDto>();
    expectTypeOf<Out<typeof ai.modelTestDto>>().toEqualTypeOf<ModelTestResult>();
    expectTypeOf<Out<typeof ai.aiRunDto>>().toEqualTypeOf<AiRunDto>();
    expectTypeOf<Out<typeof ai.pullResultDto>>().toEqualTypeOf<PullResult>();
    expectTypeOf<Out<typeof ai.warmResultDto>>().toEqualTypeOf<WarmResult>();
    expectTypeOf<Out<typeof ai.createModelUpdateDto>>().toEqualTypeOf<CreateModelUpdate>();
    expectTypeOf<Out<typeof ai.createModelResultDto>>().toEqualTypeOf<CreateModelResult>();
    expectTypeOf<Out<typeof ai.deleteModelResultDto>>().toEqualTypeOf<DeleteModelResult>();
    expectTypeOf<Out<typeof ai.parsePrdResultDto>>().toEqualTypeOf<ParsePrdResult>();
    expectTypeOf<Out<typeof ai.expandResultDto>>().toEqualTypeOf<ExpandResult>();
    expectTypeOf<Out<typeof ai.expandAllResultDto>>().toEqualTypeOf<ExpandAllResult>();
    expectTypeOf<Out<typeof ai.complexityResultDto>>().toEqualTypeOf<AnalyzeComplexityResult>();
    expectTypeOf<Out<typeof ai.updateResultDto>>().branded.toEqualTypeOf<UpdateTasksResult>();
    expectTypeOf<Out<typeof ai.addTaskResultDto>>().branded.toEqualTypeOf<AddTaskResult>();
    expectTypeOf<Out<typeof ai.acceptedPlanDto>>().toEqualTypeOf<Returned<typeof acceptPlan>>();
    expectTypeOf<Out<typeof ai.acceptedExpansionDto>>().toEqualTypeOf<Returned<typeof applyExpansion>>();
    expectTypeOf<Out<typeof ai.acceptedComplexityDto>>().toEqualTypeOf<{ applied: Returned<typeof applyComplexity> }>();
    expectTypeOf<Out<typeof ai.acceptedUpdateDto>>().toEqualTypeOf<Returned<typeof applyTaskUpdates>>();
    expectTypeOf<Out<typeof ai.acceptedTaskDto>>().toEqualTypeOf<Returned<typeof applyNewTask>>();
  });

  it("planning chat", () => {
    expectTypeOf<Out<typeof chat.chatThreadDto>>().toEqualTypeOf<ChatThreadDto>();
    expectTypeOf<Out<typeof chat.proposalDto>>().branded.toEqualTypeOf<Proposal>();
    expectTypeOf<Out<typeof chat.chatMetadataDto>>().toEqualTypeOf<ChatMetadata>();
    // Messages carry the AI SDK's part types, which the schema names only as far as a client
    // reads them (text and proposal cards): every stored message fits it.
    expectTypeOf<ChatUIMessage>().toExtend<Out<typeof chat.chatMessageDto>>();
    expectTypeOf<ChatThreadWithMessages>().toExtend<Out<typeof chat.chatThreadWithMessagesDto>>();
  });

  it("GitHub links, deliveries and the webhook's answer", () => {
    expectTypeOf<Out<typeof tasks.externalLinkDto>>().toEqualTypeOf<ExternalLinkDto>();
    expectTypeOf<Out<typeof github.githubLinkDto>>().toEqualTypeOf<GithubLinkDto>();
    expectTypeOf<Out<typeof github.githubLinkWithSecretDto>>().toEqualTypeOf<GithubLinkWithSecretDto>();
    expectTypeOf<Out<typeof github.githubDeliveryDto>>().toEqualTypeOf<GithubDeliveryDto>();
    expectTypeOf<Out<typeof github.webhookAnswerDto>>().toEqualTypeOf<ReceiveResult["body"]>();
  });

  it("reports", () => {
    expectTypeOf<Out<typeof reports.reportStatsDto>>().branded.toEqualTypeOf<ReportStats>();
    expectTypeOf<Out<typeof reports.reportSummaryDto>>().toEqualTypeOf<ReportSummaryDto>();
    expectTypeOf<Out<typeof reports.reportDto>>().branded.toEqualTypeOf<ReportDto>();
  });

  it("backups and alerts", () => {
    expectTypeOf<Out<typeof ops.backupDto>>().toEqualTypeOf<BackupDto>();
    expectTypeOf<Out<typeof ops.backupSettingsDto>>().toEqualTypeOf<BackupSettingsDto>();
    expectTypeOf<Out<typeof ops.backupOverviewDto>>().toEqualTypeOf<BackupOverviewDto>();
    expectTypeOf<Out<typeof ops.alertDto>>().toEqualTypeOf<AlertDto>();
  });
});
