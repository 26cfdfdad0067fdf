// The stand-in developer portal ("My Applications") and the index page. Showing the secret is
// intended: these apps open nothing real, and the portal is where a person copies them from.
import type {ServerResponse} from 'node:http';
import {html, sendPage} from './html.js';
import type {ServerState} from './state.js';
import type {EmulatorApp} from './types.js';

function flowNames(app: EmulatorApp): string {
	const names = [
		...(app.flows.authorizationCode ? ['Authorization Code'] : []),
		...(app.flows.device ? ['Device Flow'] : []),
	];
	return names.length > 0 ? names.join(', ') : 'none';
}

function appSection(app: EmulatorApp) {
	return html`<section>
<h2>${app.name}</h2>
<dl>
<dt>API Key</dt><dd><span class="value">${app.clientId}</span></dd>
<dt>Client Secret</dt><dd>${app.clientSecret === undefined ? 'None: a public client, which signs in with PKCE.' : html`<span class="value">${app.clientSecret}</span>`}</dd>
<dt>Redirect URIs</dt><dd><ul>${app.redirectUris.map((uri) => html`<li><span class="value">${uri}</span></li>`)}</ul></dd>
<dt>OAuth2 Flows</dt><dd>${flowNames(app)}</dd>
<dt>Refresh Token Type</dt><dd>${app.refreshTokenType === 'rotating' ? 'Rotating' : 'Long Lived'}</dd>
</dl>
</section>
`;
}

export function handlePortal(state: ServerState, response: ServerResponse): void {
	sendPage(response, {
		title: 'My Applications',
		body: html`<p>Applications registered with this emulator. The API Key is what cc-token asks for.</p>
${[...state.apps.values()].map(appSection)}`,
	});
}

export function handleIndex(state: ServerState, response: ServerResponse): void {
	sendPage(response, {
		title: 'Constant Contact emulator',
		body: html`<ul>
<li><a href="/pages/dma/portal/">Developer portal: My Applications</a></li>
<li><a href="/activate">Activate a device</a></li>
</ul>
<p>Authorization server: <code>${state.origin}/oauth2/default/v1</code></p>
<p>API: <code>${state.origin}/v3</code></p>`,
	});
}
