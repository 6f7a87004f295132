-- CreateTable
CREATE TABLE "GithubLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "labelFilter" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotatedAt" DATETIME,
    CONSTRAINT "GithubLink_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GithubDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliveryId" TEXT NOT NULL,
    "claim" TEXT,
    "linkId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "outcome" TEXT NOT NULL,
    "changes" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "payload" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GithubDelivery_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "GithubLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable
ALTER TABLE "Task" ADD COLUMN "externalLinks" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Task" ADD COLUMN "externalSync" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "GithubLink_repository_key" ON "GithubLink"("repository");

-- CreateIndex
CREATE INDEX "GithubLink_projectId_idx" ON "GithubLink"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "GithubDelivery_claim_key" ON "GithubDelivery"("claim");

-- CreateIndex
CREATE INDEX "GithubDelivery_projectId_receivedAt_idx" ON "GithubDelivery"("projectId", "receivedAt");

-- CreateIndex
CREATE INDEX "GithubDelivery_linkId_receivedAt_idx" ON "GithubDelivery"("linkId", "receivedAt");

