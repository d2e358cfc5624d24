import {
  ADD_NUMBER,
  type AddNumberParams,
  DELETE_NUMBER,
  type DeleteNumberParams,
  REQUEST_CODE,
  type RequestCodeParams,
  VERIFY_CODE,
  type VerifyCodeParams,
} from "./endpoints.js";
import type { NumberChangeFailure, Result, VerificationFailure } from "./failure.js";
import type { GraphApiClient } from "./graph-api-client.js";
import type { UpstreamCall } from "./upstream-guard.js";
import type { AddNumberSuccessBody, LifecycleSuccessBody } from "./wire.js";

export type { AddNumberParams, DeleteNumberParams, RequestCodeParams, VerifyCodeParams };

/** A number's lifecycle at Meta: add it, request and check a code, delete it. */
export interface PreverifiedLifecycleSource {
  add(
    params: AddNumberParams,
    call: UpstreamCall,
  ): Promise<Result<AddNumberSuccessBody, NumberChangeFailure>>;
  requestCode(
    params: RequestCodeParams,
    call: UpstreamCall,
  ): Promise<Result<LifecycleSuccessBody, VerificationFailure>>;
  verifyCode(
    params: VerifyCodeParams,
    call: UpstreamCall,
  ): Promise<Result<LifecycleSuccessBody, VerificationFailure>>;
  delete(
    params: DeleteNumberParams,
    call: UpstreamCall,
  ): Promise<Result<LifecycleSuccessBody, NumberChangeFailure>>;
}

/** The four lifecycle endpoints, each declared once in `endpoints.ts`, through the client. */
export class GraphApiLifecycleSource implements PreverifiedLifecycleSource {
  constructor(private readonly client: GraphApiClient) {}

  add(params: AddNumberParams, call: UpstreamCall) {
    return this.client.call(ADD_NUMBER, params, call);
  }

  requestCode(params: RequestCodeParams, call: UpstreamCall) {
    return this.client.call(REQUEST_CODE, params, call);
  }

  verifyCode(params: VerifyCodeParams, call: UpstreamCall) {
    return this.client.call(VERIFY_CODE, params, call);
  }

  delete(params: DeleteNumberParams, call: UpstreamCall) {
    return this.client.call(DELETE_NUMBER, params, call);
  }
}
