import type { ApolloServerPlugin } from "@apollo/server";
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { Context } from "./context.js";
import { MAX_BATCH_ITEMS } from "./graph-api/batch.source.js";

/**
`extensions.code` of an operation refused before execution for what it would cost upstream (HTTP
400, nothing sent). `COST_ESTIMATED_TOO_EXPENSIVE` is Apollo Router's demand-control code for the
same refusal, so a client sees one code whichever of the two refused.
*/
export const COST_CODES = {
  estimate: "COST_ESTIMATED_TOO_EXPENSIVE",
  representations: "MAX_ENTITY_REPRESENTATIONS_LIMIT",
} as const;

export interface UpstreamCostLimits {
  /** Most Meta calls one request may make (`GRAPH_API_MAX_CALLS_PER_REQUEST`). */
  maxCalls: number;
  /** Most `_entities` representations in one request, over all `_entities` fields. */
  maxRepresentations: number;
  /** IDs per multi-ID read (numbers and their first partner pages are read in such chunks). */
  maxIdsPerRead: number;
}

/** What an operation asks of Meta, before batching. */
export interface UpstreamDemand {
  /** Calls that are one each: list pages, later partner pages, single shares. */
  calls: number;
  /** Numbers whose fields must be read (batched into multi-ID reads). */
  numberReads: number;
  /** First pages of partners (batched into multi-ID reads with field expansion). */
  partnerFirstPages: number;
  /** Items of bulk shares (batched into Meta batch calls). */
  batchItems: number;
  /** `_entities` representations, over all `_entities` fields. */
  representations: number;
}

/** Fields of `PreverifiedNumber` read from Meta's node (one multi-ID read entry per number). */
const NODE_FIELDS: ReadonlySet<string> = new Set([
  "phoneNumber",
  "verificationStatus",
  "verificationExpiresAt",
  "ownerBusiness",
]);

/** Meta's page size limit; larger `first` values are refused before any call. */
const MAX_PAGE = 100;
/** The schema's default page size (`first`). */
const DEFAULT_PAGE = 25;

const NONE: UpstreamDemand = {
  calls: 0,
  numberReads: 0,
  partnerFirstPages: 0,
  batchItems: 0,
  representations: 0,
};

/** Meta calls the demand needs at most once batched (before retries). */
export function callsFor(demand: UpstreamDemand, maxIdsPerRead: number): number {
  return (
    demand.calls +
    Math.ceil(demand.numberReads / maxIdsPerRead) +
    Math.ceil(demand.partnerFirstPages / maxIdsPerRead) +
    Math.ceil(demand.batchItems / MAX_BATCH_ITEMS)
  );
}

interface Walk {
  /** Items in the enclosing page of numbers (`preverifiedNumbers(first)`). */
  pageSize: number;
  /** Numbers in this subtree were already read (a page or `preverifiedNumber` primes them). */
  loaded: boolean;
}

/**
An upper bound of what an operation asks of Meta, from its document and variables alone: the
analogue of federation's `@listSize` for this schema. List sizes come from the arguments that set
them (`first`, `representations`, `input`); every selected field costs what its resolver would
call. Linear in the document: each fragment is walked once per context and its demand reused.
Repeated identical fields count again (an upper bound; at run time identical reads are made once).
*/
export function estimateUpstreamDemand(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>>,
): UpstreamDemand {
  const root =
    operation.operation === OperationTypeNode.MUTATION
      ? schema.getMutationType()
      : schema.getQueryType();
  if (root === null || root === undefined) {
    return NONE;
  }
  const memo = new Map<string, UpstreamDemand>();
  const visiting = new Set<string>();

  const sizeOf = (value: ValueNode | undefined): number => {
    if (value === undefined) {
      return 0;
    }
    if (value.kind === Kind.LIST) {
      return value.values.length;
    }
    if (value.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      return Array.isArray(given) ? given.length : given === undefined || given === null ? 0 : 1;
    }
    return value.kind === Kind.NULL ? 0 : 1;
  };

  /** Distinct entries of a list given in the variables (a literal list counts all of its). */
  const distinctIn = (value: ValueNode | undefined): number => {
    if (value?.kind !== Kind.VARIABLE) {
      return sizeOf(value);
    }
    const given = variables[value.name.value];
    if (!Array.isArray(given)) {
      return sizeOf(value);
    }
    const seen = new Set<string>();
    for (const entry of given as unknown[]) {
      // `JSON.stringify` of an unknown value may be undefined at run time (say, `undefined` itself).
      const key: unknown = JSON.stringify(entry);
      seen.add(typeof key === "string" ? key : "");
    }
    return seen.size;
  };

  const pageOf = (value: ValueNode | undefined): number => {
    let given: unknown = DEFAULT_PAGE;
    if (value?.kind === Kind.INT) {
      given = Number(value.value);
    } else if (value?.kind === Kind.VARIABLE) {
      given = variables[value.name.value] ?? DEFAULT_PAGE;
    }
    // Out of range: refused by the resolver without a call; unreadable: counted at the maximum.
    return typeof given === "number" && Number.isInteger(given)
      ? Math.max(0, Math.min(MAX_PAGE, given))
      : MAX_PAGE;
  };

  const hasValue = (value: ValueNode | undefined): boolean =>
    value !== undefined &&
    value.kind !== Kind.NULL &&
    !(value.kind === Kind.VARIABLE && (variables[value.name.value] ?? null) === null);

  const argument = (field: FieldNode, name: string): ValueNode | undefined =>
    field.arguments?.find((arg) => arg.name.value === name)?.value;

  /** One field on one object of `parent`, with what its resolver asks of Meta. */
  const fieldDemand = (field: FieldNode, parent: GraphQLNamedType, walk: Walk): UpstreamDemand => {
    const name = field.name.value;
    if (!isObjectType(parent) || name.startsWith("__")) {
      return NONE;
    }
    const definition = parent.getFields()[name];
    if (definition === undefined) {
      return NONE;
    }
    const type = getNamedType(definition.type);
    const below = (next: Walk, times = 1): UpstreamDemand =>
      field.selectionSet === undefined
        ? NONE
        : scale(select(field.selectionSet, type, next), times);
    switch (`${parent.name}.${name}`) {
      case "Query.preverifiedNumber":
        return add({ ...NONE, numberReads: 1 }, below({ ...walk, loaded: true }));
      case "Query.preverifiedNumbers": {
        const pageSize = pageOf(argument(field, "first"));
        return add({ ...NONE, calls: 1 }, below({ pageSize, loaded: true }));
      }
      case "PreverifiedNumberConnection.nodes":
        return below(walk, walk.pageSize);
      case "Query._entities": {
        // Identical representations resolve to one entity read (the loaders key by ID): the
        // calls scale with the distinct ones, the cap with all of them.
        const value = argument(field, "representations");
        return add(
          { ...NONE, representations: sizeOf(value) },
          below({ ...walk, loaded: false }, distinctIn(value)),
        );
      }
      case "Mutation.sharePreverifiedNumber":
        return add({ ...NONE, calls: 1 }, below({ ...walk, loaded: false }));
      case "Mutation.sharePreverifiedNumbers": {
        const count = sizeOf(argument(field, "input"));
        return add({ ...NONE, batchItems: count }, below({ ...walk, loaded: false }, count));
      }
      case "PreverifiedNumber.partners":
        return hasValue(argument(field, "after"))
          ? { ...NONE, calls: 1 }
          : { ...NONE, partnerFirstPages: 1 };
      default:
        if (parent.name === "PreverifiedNumber" && NODE_FIELDS.has(name)) {
          return walk.loaded ? NONE : { ...NONE, numberReads: 1 };
        }
        return below(walk);
    }
  };

  /**
  One object's selection set. Fields add up, except that a number's own fields, wherever they
  are selected on it (directly, in inline fragments, in spreads), read its node once: the parts
  on `PreverifiedNumber` combine `numberReads` with `max`.
  */
  const select = (
    selectionSet: SelectionSetNode,
    type: GraphQLNamedType,
    walk: Walk,
  ): UpstreamDemand => {
    let total = NONE;
    let ownRead = 0;
    const merge = (part: UpstreamDemand, on: GraphQLNamedType) => {
      if (on.name === "PreverifiedNumber") {
        ownRead = Math.max(ownRead, part.numberReads);
        total = add(total, { ...part, numberReads: 0 });
      } else {
        total = add(total, part);
      }
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        merge(fieldDemand(selection, type, walk), type);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) ?? type)
          : type;
        merge(select(selection.selectionSet, on, walk), on);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment === undefined) {
          continue;
        }
        const on = schema.getType(fragment.typeCondition.name.value) ?? type;
        const key = `${fragment.name.value}|${walk.pageSize}|${walk.loaded}`;
        let known = memo.get(key);
        if (known === undefined) {
          // A fragment cycle is a validation error already; count it as nothing.
          if (visiting.has(key)) {
            continue;
          }
          visiting.add(key);
          known = select(fragment.selectionSet, on, walk);
          visiting.delete(key);
          memo.set(key, known);
        }
        merge(known, on);
      }
    }
    return { ...total, numberReads: total.numberReads + ownRead };
  };

  return select(operation.selectionSet, root, { pageSize: MAX_PAGE, loaded: false });
}

function add(a: UpstreamDemand, b: UpstreamDemand): UpstreamDemand {
  return {
    calls: a.calls + b.calls,
    numberReads: a.numberReads + b.numberReads,
    partnerFirstPages: a.partnerFirstPages + b.partnerFirstPages,
    batchItems: a.batchItems + b.batchItems,
    representations: a.representations + b.representations,
  };
}

function scale(demand: UpstreamDemand, times: number): UpstreamDemand {
  return times === 1
    ? demand
    : {
        calls: demand.calls * times,
        numberReads: demand.numberReads * times,
        partnerFirstPages: demand.partnerFirstPages * times,
        batchItems: demand.batchItems * times,
        representations: demand.representations * times,
      };
}

/**
Refuses, before execution and without any Meta call, an operation with more `_entities`
representations than allowed, or whose estimated Meta calls exceed the per-request call budget
(it could not finish within it anyway). What the estimate cannot see (retries, a bad ID splitting
a multi-ID read) is caught by the budget itself at run time.
*/
export function upstreamCostPlugin(limits: UpstreamCostLimits): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, operation, request }) {
          if (operation === undefined) {
            return Promise.resolve();
          }
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) {
              fragments.set(definition.name.value, definition);
            }
          }
          const demand = estimateUpstreamDemand(
            schema,
            operation,
            fragments,
            request.variables ?? {},
          );
          if (demand.representations > limits.maxRepresentations) {
            throw refusal(
              COST_CODES.representations,
              `Entity representations limit of ${limits.maxRepresentations} exceeded, found ` +
                `${demand.representations}.`,
            );
          }
          const calls = callsFor(demand, limits.maxIdsPerRead);
          if (calls > limits.maxCalls) {
            throw refusal(
              COST_CODES.estimate,
              `This operation could need ${calls} Meta calls; one request may make at most ` +
                `${limits.maxCalls}. Ask for fewer items or smaller pages, or split it.`,
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}

function refusal(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}
