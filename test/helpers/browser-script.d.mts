// Types for browser-script.mjs, which stays plain JavaScript so the built command can run it.
export interface BrowserVisit {
	/** The last address the browser was at (after a failed connection: the one it failed on). */
	finalUrl: string;
	/** 0 when the last address could not be reached. */
	status: number;
	body: string;
}

export function playBrowser(
	authorizeUrl: string,
	options?: {decision?: 'allow' | 'deny'},
): Promise<BrowserVisit>;

export function describePage(body: string): {title: string; text: string};
