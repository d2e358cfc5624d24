export interface HiveGatewayOptions {
  /** The supergraph SDL (its `join__graph` URLs are where the subgraphs are called). */
  supergraph: string;
  /** The identity provider's JWKS, read by the JWT plugin. */
  jwksUrl: string;
  issuer: string;
  audience: string;
  algorithms: readonly string[];
}

export interface HiveGateway {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  close(): Promise<void>;
}

/**
Hive Gateway (`createGatewayRuntime`) on a loopback port: the JWT plugin on the given JWKS (issuer,
audience and algorithms checked; a bad token refused, a missing one left to the directives), the
generic-auth plugin enforcing `@authenticated`/`@requiresScopes` and rejecting an unauthorized
operation as a whole, and the caller's `Authorization` header forwarded to the subgraphs.
*/
export function startHiveGateway(options: HiveGatewayOptions): Promise<HiveGateway>;
