// Runs a whole create the way the route does, collecting its progress (for tests).
import type { Actor } from "@/lib/auth/actor";
import { prepareCreateModel, streamCreateModel } from "./create-model";
import type { CreateModelResult, CreateModelUpdate } from "./types";

export async function createModelsAndDrain(
  actor: Actor,
  raw: unknown,
): Promise<{ updates: CreateModelUpdate[]; result: CreateModelResult }> {
  const create = streamCreateModel(await prepareCreateModel(actor, raw));
  const updates: CreateModelUpdate[] = [];
  for (;;) {
    const step = await create.next();
    if (step.done) return { updates, result: step.value };
    updates.push(step.value);
  }
}
