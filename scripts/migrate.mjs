#!/usr/bin/env node
// npm run db:migrate: apply pending migrations to DATABASE_URL (default ./data/cairn.db).
import { ensureDependencies, ensurePrismaClient, log, migrate, resolveDatabaseUrl } from "./env.mjs";

const url = resolveDatabaseUrl();
ensureDependencies();
ensurePrismaClient(url);
migrate(url);
log(`migrated ${url.replace(/^file:/, "")}`);
