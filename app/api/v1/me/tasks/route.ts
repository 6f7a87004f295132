// GET /api/v1/me/tasks — tasks assigned to you, across your projects
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";
import { listMyTasks } from "@/lib/tasks/my-tasks";

export const GET = withActor("GET /me/tasks", async (req, actor) => json(await listMyTasks(actor, queryObject(req))));
