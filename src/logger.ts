import { pino, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger };

/**
Structured JSON logs. Anything that may hold a token is censored by path, so a header or config
object logged by mistake still shows no secret.
*/
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "preverified-sharing-subgraph" },
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
    },
    destination,
  );
}
