/**
Group commit for the statements on the request path (a share's history entry, a caller's budget
take): what concurrent requests ask for while a statement is on its way is sent together in the
next one. One request alone waits for no one (its statement leaves at once, as before); under
load, many requests share one round trip, one parse and one commit. DataLoader does the
collecting (no cache: every item is written); this module only decides when a batch may leave.
*/
import DataLoader from "dataloader";

export interface BatchOptions {
  /** Items per statement at most. */
  readonly maxBatch: number;
  /** Statements of this kind on their way at once; further items wait and join the next. */
  readonly maxInFlight: number;
}

/**
`run` over batches of items: answers one function per item whose promise settles with that
item's result (an `Error` in `run`'s answer rejects its item, a rejection of `run` all of them).
*/
export function batched<T, R>(
  run: (items: readonly T[]) => Promise<readonly (R | Error)[]>,
  options: BatchOptions,
): (item: T) => Promise<R> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next === undefined) {
      inFlight -= 1;
    } else {
      // The slot passes to the batch that has waited longest: it leaves now, with every item
      // that joined it meanwhile.
      next();
    }
  };
  const loader = new DataLoader<T, R, T>(
    async (items) => {
      try {
        return await run(items);
      } finally {
        release();
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatch,
      batchScheduleFn: (dispatch) => {
        if (inFlight < options.maxInFlight) {
          inFlight += 1;
          // DataLoader's own schedule: after the current promise jobs, so the items of one tick
          // leave together.
          void Promise.resolve().then(() => {
            process.nextTick(dispatch);
          });
        } else {
          waiting.push(dispatch);
        }
      },
    },
  );
  return (item) => loader.load(item);
}
