// Yielding the main thread between steps of long work: the host page's own tasks (input, its
// frames) can run in between, and no single task of ours grows past 50 ms on a slow device.

/** Resolves in a later task (a timer task: the rendering of a due frame may come first). */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
