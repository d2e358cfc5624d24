/**
Replicas of the real service for tests: N processes of `src/main.ts` (`startMain`), each on its
own free port, with the same environment (typically one `DATABASE_URL` and one emulator). Their
processes are tracked by processes.ts, so `stopAll()` in `after()` ends them.
*/
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { executeAt, type GraphQLHttpResponse } from "./graphql.js";
import { type SpawnedNode, startMain } from "./processes.js";

/** The line main.ts logs once it listens; the port is the kernel's choice (PORT=0). */
const READY = /GraphQL ready at http:\/\/localhost:(\d+)\/graphql/;
const READY_TIMEOUT_MS = 30_000;

export interface Replica {
  /** 1-based, as the tests name them. */
  readonly number: number;
  readonly process: SpawnedNode;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ): Promise<GraphQLHttpResponse<TData>>;
  /** `/health/ready`: its status and JSON body. */
  ready(): Promise<{ status: number; body: { status: string; warnings?: string[] } }>;
}

/** Starts `count` replicas at once with `env` (on PORT=0, HOST=127.0.0.1) and waits until all listen. */
export async function startReplicas(
  count: number,
  env: Record<string, string | undefined>,
): Promise<Replica[]> {
  const processes = Array.from({ length: count }, () => startMain(env));
  return Promise.all(
    processes.map(async (child, index) => {
      const line = await child.waitForLine((text) => READY.test(text), READY_TIMEOUT_MS);
      const port = READY.exec(line)?.[1];
      if (port === undefined) {
        throw new Error(`Replica ${index + 1}: no port in its ready line`);
      }
      return replicaAt(index + 1, child, `http://127.0.0.1:${port}`);
    }),
  );
}

function replicaAt(number: number, child: SpawnedNode, origin: string): Replica {
  return {
    number,
    process: child,
    origin,
    execute: (document, variables) => executeAt(`${origin}/graphql`, document, variables),
    async ready() {
      const response = await fetch(`${origin}/health/ready`);
      return {
        status: response.status,
        body: (await response.json()) as { status: string; warnings?: string[] },
      };
    },
  };
}
