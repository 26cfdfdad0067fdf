// How long a sign-in waits for the browser or a paste, unless told otherwise. On its own so
// that the guide and the command table can name it without loading the engine (or got).
export const defaultSignInTimeoutMs = 5 * 60_000;
