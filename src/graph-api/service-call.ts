import { CallBudget } from "./call-budget.js";
import { Deadline } from "./deadline.js";
import type { GraphApiSettings } from "./index.js";
import type { UpstreamCall } from "./upstream-guard.js";

/**
A call the service makes by itself, outside any request (an expiry): the service token, a fresh
deadline and a call budget of one request's size.
*/
export function serviceCall(settings: GraphApiSettings, token: string): UpstreamCall {
  return {
    token,
    deadline: Deadline.in(settings.deadlineMs),
    summary: { attempts: 0, upstreamMs: 0 },
    budget: new CallBudget(settings.maxCallsPerRequest),
  };
}
