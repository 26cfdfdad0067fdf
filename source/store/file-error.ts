// How a failed file operation is named in a message: short, true on this platform, and never
// a stack trace.
import {currentPlatform, type Platform} from '../system/platform.js';

export function errorCode(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** "permission denied", "ENOSPC", …: the reason to show in brackets after a path. */
export function failureReason(error: unknown, platform: Platform = currentPlatform()): string {
	const code = errorCode(error);
	if (code === 'EACCES' || code === 'EPERM' || code === 'EBUSY') {
		// On Windows these also mean another program kept the file open past every retry.
		return platform.os === 'win32'
			? 'permission denied, or the file is held open by another program'
			: 'permission denied';
	}
	if (code === 'ENOSPC') return 'no space left on the disk';
	return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * What to do about a file cc-token may not touch. On Windows a file's mode only toggles
 * read-only: who may read it is its folder's ACL, normally the user profile's.
 */
export function permissionAdvice(path: string, platform: Platform = currentPlatform()): string {
	if (platform.os === 'win32') {
		return `Make sure ${path} is inside your own user profile and not read-only, and close any program that holds it open (an antivirus scan lets go by itself: try again)`;
	}
	return `Make sure ${path} is yours and that you can read and write it (chmod 600 sets the file right)`;
}

/** How the saved file is protected, in words true on this platform. */
export function protectionNote(platform: Platform = currentPlatform()): string {
	return platform.os === 'win32'
		? 'protected by your user profile’s permissions'
		: 'readable by you only';
}
