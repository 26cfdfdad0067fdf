/**
 * What the emulator's API answers for an access token, asked the way a test judges a token:
 * a `throttled` 429 says nothing of the token (the API allows 4 requests a second per API
 * key, and the sign-in before the check already spent some), so it is waited out.
 */
export async function apiStatusFor(apiBaseUrl: string, accessToken: string): Promise<number> {
	for (let attempt = 1; ; attempt++) {
		const response = await fetch(`${apiBaseUrl}/account/summary`, {
			headers: {Authorization: `Bearer ${accessToken}`},
		});
		await response.arrayBuffer();
		if (response.status !== 429 || attempt === 8) return response.status;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}
