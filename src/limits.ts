import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  GraphQLError,
  Kind,
  TokenKind,
  type ASTNode,
  type DocumentNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import type { RequestLimits } from "./config.js";
import type { Context } from "./context.js";

/**
`extensions.code` of an operation rejected by a limit. Stable: clients and dashboards may rely on
them. They are Apollo Router's codes for the same limits (`MAX_DEPTH_LIMIT`, `MAX_ALIASES_LIMIT`,
`MAX_ROOT_FIELDS_LIMIT`), so a client sees the same code whether the router or this subgraph
refused the operation; directives and tokens follow the same pattern. Every one of them is
answered with HTTP 400, before any resolver runs (so nothing reaches Meta).

- `MAX_DEPTH_LIMIT`: selection sets nested deeper than `maxDepth` (fragments count as a level;
  `__schema` introspection is not counted).
- `MAX_ALIASES_LIMIT`: more than `maxAliases` aliases in the operation, fragments expanded.
- `MAX_ROOT_FIELDS_LIMIT`: more than `maxRootFields` fields selected at the root of the operation,
  fragments expanded (each use of a fragment counts again, as in Apollo Router).
- `MAX_DIRECTIVES_LIMIT`: more than `maxDirectives` directives in the operation, fragments
  expanded.
- `MAX_TOKENS_LIMIT`: a document of more than `maxTokens` lexical tokens (comments excluded).

Other refusals keep Apollo Server's codes: `GRAPHQL_VALIDATION_FAILED` (unknown field,
introspection in production), `GRAPHQL_PARSE_FAILED` (syntax), `BAD_REQUEST` (batch, CSRF,
malformed body); an oversized body is refused by Fastify with HTTP 413 before GraphQL runs.
*/
export const LIMIT_CODES = {
  depth: "MAX_DEPTH_LIMIT",
  aliases: "MAX_ALIASES_LIMIT",
  rootFields: "MAX_ROOT_FIELDS_LIMIT",
  directives: "MAX_DIRECTIVES_LIMIT",
  tokens: "MAX_TOKENS_LIMIT",
} as const;
export type LimitCode = (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES];

const CODES: ReadonlySet<string> = new Set(Object.values(LIMIT_CODES));

/** What Apollo Server needs to enforce the request limits. */
export interface RequestLimitsSetup {
  plugins: ApolloServerPlugin<Context>[];
  validationRules: ValidationRule[];
  /**
  For `ApolloServer`'s `parseOptions`: the parser gives up at token `maxTokens + 1`, before the
  rest of the document is read or any AST is built. Without it the token limit still holds (a
  validation rule counts the parsed document's tokens), only later.
  */
  parseOptions: ParseOptions;
}

/**
Limits on what one operation may contain (depth, aliases, root fields, directives, tokens),
enforced before any resolver runs, so a rejected operation never reaches Meta.

Depth, aliases and directives are GraphQL Armor's validation rules. Root fields, tokens and
suggestions are ours: Armor has no root-field limit; its Apollo token plugin parses every document
a second time and, on Apollo Server 5, answers an oversized one with HTTP 500 (it throws from
`parsingDidStart`, and its `unexpectedErrorProcessingRequest` hook rethrows every unexpected error
as a validation error); its suggestion mask leaves "[Suggestion hidden]?" in the message. Armor's
cost limit is off: its weights are not tied to what an operation costs here (one Meta call per
distinct share, already bounded by root fields, request deduplication and the per-caller mutation
budget). In production, "Did you mean …" is removed from every error message (validation and
variable errors alike), so the schema cannot be guessed name by name with introspection off; in
development the hints help.
*/
export function createRequestLimits(
  limits: RequestLimits,
  production: boolean,
): RequestLimitsSetup {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      // Nested fragments count as a level, so they cannot pile up unbounded.
      flattenFragments: false,
      // Development tools' introspection query is deep; production refuses introspection anyway.
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [reportAs(LIMIT_CODES.depth)],
    },
    maxAliases: {
      n: limits.maxAliases,
      // Every alias counts, `__typename` ones too (Armor exempts those by default).
      allowList: [],
      propagateOnRejection: false,
      onReject: [reportAs(LIMIT_CODES.aliases)],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [reportAs(LIMIT_CODES.directives)],
    },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  return {
    plugins: [limitErrorsPlugin(production)],
    // Errors come in this order: tokens, then aliases, directives, depth, root fields.
    validationRules: [
      maxTokensRule(limits.maxTokens),
      ...armor.protect().validationRules,
      maxRootFieldsRule(limits.maxRootFields),
    ],
    parseOptions: { maxLexicalTokens: limits.maxTokens },
  };
}

/** The error a limit rule reports; `limitErrorsPlugin` makes its code the response's. */
export class RequestLimitError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    message: string,
    nodes?: ASTNode,
  ) {
    super(message, { ...(nodes ? { nodes } : {}), extensions: { code } });
    this.name = "RequestLimitError";
  }
}

/** Armor's rejection handler: its message, without the misleading "Syntax Error: " prefix. */
function reportAs(code: LimitCode) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(new RequestLimitError(code, error.message.replace(/^Syntax Error: /, "")));
  };
}

/**
Fields selected at the root of each operation, fragments expanded. Each fragment is counted once
and its count reused at every spread, so fragments spreading fragments cannot make this
exponential; a fragment cycle counts 0 (`NoFragmentCyclesRule` reports it).
*/
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context) => {
    const fragmentFields = new Map<string, number>();
    const count = (selectionSet: SelectionSetNode): number => {
      let fields = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          fields += 1;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          fields += count(selection.selectionSet);
        } else {
          const name = selection.name.value;
          let known = fragmentFields.get(name);
          if (known === undefined) {
            fragmentFields.set(name, 0);
            const fragment = context.getFragment(name);
            known = fragment ? count(fragment.selectionSet) : 0;
            fragmentFields.set(name, known);
          }
          fields += known;
        }
      }
      return fields;
    };
    return {
      OperationDefinition(operation) {
        const found = count(operation.selectionSet);
        if (found > max) {
          context.reportError(
            new RequestLimitError(
              LIMIT_CODES.rootFields,
              `Root fields limit of ${max} exceeded, found ${found}.`,
              operation,
            ),
          );
        }
      },
    };
  };
}

/** What the other rules validate instead of a document over the token limit: nothing. */
const NOTHING: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };

/**
Tokens of the parsed document (comments excluded, as the parser's own `maxLexicalTokens` counts
them), for a server whose parser was not given `parseOptions`. Walks the token list the parser
kept and stops at the first token over the limit. An oversized document is then replaced by an
empty one for the rules that follow (graphql-js visitors may replace the node they enter), so no
rule spends time on it: `OverlappingFieldsCanBeMergedRule` alone is quadratic in repeated fields.
*/
export function maxTokensRule(max: number): ValidationRule {
  return (context) => ({
    Document(document) {
      let tokens = 0;
      for (let token = document.loc?.startToken.next; token; token = token.next) {
        if (token.kind === TokenKind.EOF) {
          return undefined;
        }
        if (token.kind !== TokenKind.COMMENT && ++tokens > max) {
          context.reportError(tokenLimitError(max));
          return NOTHING;
        }
      }
      return undefined;
    },
  });
}

function tokenLimitError(max: number): RequestLimitError {
  return new RequestLimitError(LIMIT_CODES.tokens, `Token limit of ${max} exceeded.`);
}

/** graphql-js's message when `maxLexicalTokens` stops the parser (sic: "more that" in 16.x). */
const PARSER_TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;

/** "Did you mean …?" ends graphql-js messages that suggest names (fields, types, arguments…). */
const SUGGESTION = /\bDid you mean\b/;

/**
A message without its "Did you mean …" tail, in time linear in its length. graphql-js repeats the
caller's values in its messages, so the message is caller-controlled: a backtracking pattern such
as `\s*Did you mean.*$` is quadratic over a long run of whitespace (a 60 KB variable of spaces
held a replica for seconds). The suggestion is found with a literal search and the whitespace
before it trimmed by a single backwards scan.
*/
export function withoutSuggestion(message: string): string {
  const at = message.search(SUGGESTION);
  if (at < 0) {
    return message;
  }
  let end = at;
  while (end > 0 && isWhitespace(message.charCodeAt(end - 1))) {
    end -= 1;
  }
  return message.slice(0, end);
}

/** What `\s` matches that graphql-js messages can contain: ASCII whitespace and NBSP. */
function isWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff;
}

/**
Gives a rejected operation its limit's code: Apollo Server wraps every validation error in one
coded `GRAPHQL_VALIDATION_FAILED` (and a parser abort in `GRAPHQL_PARSE_FAILED`), keeping ours as
`originalError`. The HTTP status stays Apollo's 400. In production it also drops suggestions.
*/
export function limitErrorsPlugin(production: boolean): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = error.originalError;
            if (
              original instanceof GraphQLError &&
              CODES.has(String(original.extensions["code"]))
            ) {
              error.extensions["code"] = original.extensions["code"];
            } else if (error.extensions["code"] === "GRAPHQL_PARSE_FAILED") {
              const limit = PARSER_TOKEN_LIMIT.exec(error.message)?.[1];
              if (limit !== undefined) {
                error.extensions["code"] = LIMIT_CODES.tokens;
                error.message = tokenLimitError(Number(limit)).message;
              }
            }
            if (production) {
              error.message = withoutSuggestion(error.message);
            }
          }
          return Promise.resolve();
        },
      });
    },
  };
}
