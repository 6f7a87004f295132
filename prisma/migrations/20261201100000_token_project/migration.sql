-- A token may be bound to one project (and goes with it). Added in place rather than by
-- redefining the table, so other changes to ApiToken merge cleanly.
ALTER TABLE "ApiToken" ADD COLUMN "projectId" TEXT REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
