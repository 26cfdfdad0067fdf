// In place of when-exit, which atomically (conf's writer) loads to delete its temp files when the
// process ends: it hooks a dozen signals and raises each one again after, so a program that
// handles SIGTERM (a server using the library, `cc-token exec` passing it on) got it twice once
// cc-token had saved. cc-token writes synchronously, so there is never a temp file of atomically's
// left to delete at an exit or a signal: nothing is lost without it.
export default function whenExit() {
	return () => {};
}
