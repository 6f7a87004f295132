-- AlterTable
ALTER TABLE "Project" ADD COLUMN "tmMeta" TEXT;
ALTER TABLE "Project" ADD COLUMN "tmTag" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN "acceptanceCriteria" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Task" ADD COLUMN "tmExtra" TEXT;
