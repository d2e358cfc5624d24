import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance, RawServerDefault } from "fastify";
import type { Logger } from "./logger.js";

/** The HTTP app: Fastify on node:http with our pino logger. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;
