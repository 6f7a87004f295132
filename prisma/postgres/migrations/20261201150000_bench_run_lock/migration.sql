-- AlterTable
ALTER TABLE "AiBenchRun" ADD COLUMN     "activeSlot" TEXT COLLATE "C",
ADD COLUMN     "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "AiBenchRun_activeSlot_key" ON "AiBenchRun"("activeSlot");

