-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AiBenchRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "status" TEXT NOT NULL,
    "models" TEXT NOT NULL,
    "results" TEXT NOT NULL DEFAULT '[]',
    "progress" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "activeSlot" TEXT,
    "heartbeatAt" DATETIME,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_AiBenchRun" ("createdAt", "error", "finishedAt", "id", "models", "progress", "results", "status", "userId") SELECT "createdAt", "error", "finishedAt", "id", "models", "progress", "results", "status", "userId" FROM "AiBenchRun";
DROP TABLE "AiBenchRun";
ALTER TABLE "new_AiBenchRun" RENAME TO "AiBenchRun";
CREATE UNIQUE INDEX "AiBenchRun_activeSlot_key" ON "AiBenchRun"("activeSlot");
CREATE INDEX "AiBenchRun_createdAt_idx" ON "AiBenchRun"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

