// GET /api/v1/search?q=&limit= — tasks across every project the caller can see (⌘K)
import { withActor } from "@/lib/http/handler";
import { json, queryObject } from "@/lib/http/respond";
import { searchTasks } from "@/lib/tasks/search-tasks";

export const GET = withActor("GET /search", async (req, actor) => json(await searchTasks(actor, queryObject(req))));
