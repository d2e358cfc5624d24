import type { GraphApiHttp } from "./client.js";
import type { Endpoint } from "./endpoints.js";
import type { Failure, Result, UpstreamFailure } from "./failure.js";
import { graphRequest } from "./http-attempt.js";
import type { GuardFailure, UpstreamCall, UpstreamGuard } from "./upstream-guard.js";
import type { GraphApiVersion } from "./wire.js";

/**
The one way to call Meta: any endpoint descriptor, with its parameters, through the upstream guard
(throttles, call budget, deadline, retries, breaker) and the shared ky instance. It never throws for
anything Meta or the network does. Built once per process, without the HTTP server, so a job
worker can use it as the GraphQL server does.
*/
export class GraphApiClient {
  constructor(
    private readonly http: GraphApiHttp,
    readonly version: GraphApiVersion,
    readonly guard: UpstreamGuard,
  ) {}

  call<P, T, F extends Failure>(
    endpoint: Endpoint<P, T, F>,
    params: P,
    upstream: UpstreamCall,
    /** Told of every attempt made (a batch needs to know whether it was sent more than once). */
    onAttempt?: () => void,
  ): Promise<Result<T, F | GuardFailure>> {
    const businessId = endpoint.business?.(params);
    const path = `${this.version}/${endpoint.path(params)}`;
    const query = endpoint.query?.(params);
    const body = endpoint.body?.(params, upstream.token);
    const settle = endpoint.settle?.bind(endpoint);
    return this.guard.run<T, F | UpstreamFailure>(
      upstream,
      {
        endpoint: endpoint.name,
        ...(businessId === undefined ? {} : { businessId }),
        ...(settle === undefined ? {} : { settle }),
      },
      (timeoutMs, traceHeaders) => {
        onAttempt?.();
        return graphRequest<T, F>(
          this.http,
          path,
          {
            method: endpoint.method,
            timeout: timeoutMs,
            token: upstream.token,
            ...(businessId === undefined ? {} : { businessId }),
            ...(query === undefined ? {} : { searchParams: query }),
            ...(body === undefined ? {} : body),
            headers: { ...upstream.headers, ...traceHeaders },
          },
          (response) => endpoint.classify(response, params),
        );
      },
    );
  }
}
