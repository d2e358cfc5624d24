import { pino, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger };

const OPTIONS: pino.LoggerOptions = {
  base: { service: "preverified-sharing-subgraph" },
  // Anything that may hold a token is censored by path, so a header or config object logged by
  // mistake still shows no secret.
  redact: {
    paths: [
      "req.headers.authorization",
      "headers.authorization",
      "authorization",
      "token",
      "*.token",
      "access_token",
      "*.access_token",
    ],
    censor: "[REDACTED]",
  },
};

/** Structured JSON logs, one object per line (to `destination`, or stdout). */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ ...OPTIONS, level }, destination);
}

/**
For a person at a terminal in development: the same records, pretty-printed by pino-pretty (a
development dependency). Falls back to JSON where pino-pretty is not installed.
*/
export function createPrettyLogger(level: LogLevel): Logger {
  try {
    import.meta.resolve("pino-pretty");
  } catch {
    return createLogger(level);
  }
  return pino({
    ...OPTIONS,
    level,
    transport: {
      target: "pino-pretty",
      options: { colorize: true, ignore: "pid,hostname,service", translateTime: "HH:MM:ss.l" },
    },
  });
}
