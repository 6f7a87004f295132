// Runs the real Task Master import in a process of its own, for the crash test
// (lib/ops/import-crash.test.ts): `node --conditions=react-server --import tsx lib/test/import-child.ts`
// with DATABASE_URL, CAIRN_IMPORT_USER and CAIRN_IMPORT_FILE. Prints START before the import, DONE <ms> after.
import fs from "node:fs";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";

async function main() {
  const raw = JSON.parse(fs.readFileSync(process.env.CAIRN_IMPORT_FILE!, "utf8")) as unknown;
  const started = performance.now();
  console.log("START");
  const { projects } = await importTaskMaster({ userId: process.env.CAIRN_IMPORT_USER!, isAdmin: false }, raw);
  console.log(`DONE ${Math.round(performance.now() - started)} ${projects.map((p) => p.id).join(",")}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
