/**
 * @module testing/interleave
 * A hook the in-memory adapters await before each operation (and between the steps of a
 * deliberately non-atomic variant). Property tests pass fast-check's scheduler here, so the
 * scheduler decides in which order concurrent operations proceed.
 */
export type Interleave = (label: string) => Promise<void>;

export const runImmediately: Interleave = () => Promise.resolve();
