-- AlterTable
ALTER TABLE "AiRun" ADD COLUMN "role" TEXT;
ALTER TABLE "AiRun" ADD COLUMN "routedBecause" TEXT;

-- CreateTable
CREATE TABLE "AiBenchRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "status" TEXT NOT NULL,
    "models" TEXT NOT NULL,
    "results" TEXT NOT NULL DEFAULT '[]',
    "progress" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AiSettings" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'instance',
    "endpoints" TEXT NOT NULL DEFAULT '[]',
    "roles" TEXT NOT NULL DEFAULT '{}',
    "numCtx" INTEGER NOT NULL DEFAULT 8192,
    "temperature" REAL NOT NULL DEFAULT 0.2,
    "cacheTtlSeconds" INTEGER NOT NULL DEFAULT 86400,
    "firstTokenTimeoutMs" INTEGER NOT NULL DEFAULT 120000,
    "idleTimeoutMs" INTEGER NOT NULL DEFAULT 60000,
    "complexityThreshold" INTEGER NOT NULL DEFAULT 7,
    "keepAlive" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_AiSettings" ("cacheTtlSeconds", "endpoints", "firstTokenTimeoutMs", "id", "idleTimeoutMs", "numCtx", "roles", "temperature", "updatedAt") SELECT "cacheTtlSeconds", "endpoints", "firstTokenTimeoutMs", "id", "idleTimeoutMs", "numCtx", "roles", "temperature", "updatedAt" FROM "AiSettings";
DROP TABLE "AiSettings";
ALTER TABLE "new_AiSettings" RENAME TO "AiSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AiBenchRun_createdAt_idx" ON "AiBenchRun"("createdAt");

