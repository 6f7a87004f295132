// The part of node-postgres (`pg`, which @prisma/adapter-pg brings) that Cairn's scripts use
// directly: migrations, the throwaway test server. @types/pg is not a dependency.
declare module "pg" {
  export interface QueryResult<R> {
    rows: R[];
    rowCount: number | null;
  }
  export class Client {
    constructor(config: { connectionString: string; connectionTimeoutMillis?: number });
    connect(): Promise<void>;
    query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
  }
  export const types: { setTypeParser(oid: number, parse: (text: string) => unknown): void };
  const pg: { Client: typeof Client; types: typeof types };
  export default pg;
}
