-- CreateTable
CREATE TABLE "AiSettings" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'instance',
    "endpoints" TEXT NOT NULL DEFAULT '[]',
    "roles" TEXT NOT NULL DEFAULT '{}',
    "numCtx" INTEGER NOT NULL DEFAULT 8192,
    "temperature" REAL NOT NULL DEFAULT 0.2,
    "cacheTtlSeconds" INTEGER NOT NULL DEFAULT 86400,
    "firstTokenTimeoutMs" INTEGER NOT NULL DEFAULT 120000,
    "idleTimeoutMs" INTEGER NOT NULL DEFAULT 60000,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AiRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT,
    "userId" TEXT,
    "job" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "ttftMs" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "promptTokens" INTEGER,
    "outputTokens" INTEGER,
    "outcome" TEXT NOT NULL,
    "cacheHit" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AiCacheEntry" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "job" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AiRun_createdAt_idx" ON "AiRun"("createdAt");

-- CreateIndex
CREATE INDEX "AiRun_projectId_createdAt_idx" ON "AiRun"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "AiCacheEntry_expiresAt_idx" ON "AiCacheEntry"("expiresAt");

