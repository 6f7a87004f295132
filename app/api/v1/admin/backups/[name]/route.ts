// GET /api/v1/admin/backups/:name — download one backup (admin)
import { openBackup } from "@/lib/ops/backup";
import { withActor } from "@/lib/http/handler";

export const GET = withActor<{ name: string }>("GET /admin/backups/{name}", async (_req, actor, { name }) => {
  const file = await openBackup(actor, name);
  return new Response(file.body, {
    headers: {
      "content-type": "application/vnd.sqlite3",
      "content-length": String(file.sizeBytes),
      "content-disposition": `attachment; filename="${file.name}"`,
      "cache-control": "no-store",
    },
  });
});
