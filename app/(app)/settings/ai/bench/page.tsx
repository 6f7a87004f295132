import { ModelBench } from "@/components/ai/bench/model-bench";
import { sessionActor } from "@/lib/auth/session";

export const metadata = { title: "Model bench" };

export default async function ModelBenchPage() {
  const actor = await sessionActor();
  return <ModelBench isAdmin={actor?.isAdmin ?? false} />;
}
