// The one-request-at-a-time latency client, as its own process: sends requests strictly in
// sequence over one kept-alive connection and records the wall time of each (send to last body
// byte). Every answer must be exactly the expected one; the first wrong one is reported.
//
// Input (argv[2], JSON): { url, body, headers, expected, warmup, count, maxSeconds }
// Output (IPC): { type: "result", count, errors, firstError, us: { min, p50, p90, p99, max, mean } }
import { Agent, request } from "undici";
import { bindToParent, percentile } from "./lib/common.mjs";

const send = bindToParent();
const job = JSON.parse(process.argv[2] ?? "{}");
const agent = new Agent({ connections: 1, keepAliveTimeout: 30_000, pipelining: 1 });

async function once() {
  const answer = await request(job.url, {
    method: "POST",
    dispatcher: agent,
    headers: job.headers,
    body: job.body,
  });
  const text = await answer.body.text();
  return answer.statusCode === 200 && text === job.expected
    ? undefined
    : `HTTP ${answer.statusCode}: ${text.slice(0, 300)}`;
}

let errors = 0;
let firstError;
function check(problem) {
  if (problem !== undefined) {
    errors += 1;
    firstError ??= problem;
  }
}

for (let i = 0; i < job.warmup; i += 1) {
  check(await once());
}
const samples = new Float64Array(job.count);
let done = 0;
const deadline = process.hrtime.bigint() + BigInt(Math.round(job.maxSeconds * 1e9));
while (done < job.count && errors === 0) {
  const start = process.hrtime.bigint();
  const problem = await once();
  const end = process.hrtime.bigint();
  check(problem);
  samples[done] = Number(end - start) / 1000;
  done += 1;
  if (end > deadline) {
    break;
  }
}
const sorted = samples.subarray(0, done).sort();
let sum = 0;
for (const value of sorted) {
  sum += value;
}
await send({
  type: "result",
  count: done,
  errors,
  firstError,
  us: {
    min: sorted[0],
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[done - 1],
    mean: sum / done,
  },
});
await agent.close();
process.disconnect();
