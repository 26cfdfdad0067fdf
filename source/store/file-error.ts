// How a failed file operation is named in a message: short, and never a stack trace.

export function errorCode(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** "permission denied", "ENOSPC", …: the reason to show in brackets after a path. */
export function failureReason(error: unknown): string {
	const code = errorCode(error);
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	if (code === 'ENOSPC') return 'no space left on the disk';
	return code ?? (error instanceof Error ? error.message : String(error));
}
