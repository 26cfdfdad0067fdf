// The stand-in developer portal ("My Applications") and the index page. Showing the secret is
// intended: these apps open nothing real, and the portal is where a person copies them from.
import type {ServerResponse} from 'node:http';
import {appKindPortalNames} from '../constant-contact.js';
import {html, sendPage} from './html.js';
import type {ServerState} from './state.js';
import type {EmulatorApp} from './types.js';

function secretText(app: EmulatorApp) {
	if (app.clientSecret !== undefined) return html`<span class="value">${app.clientSecret}</span>`;
	return app.kind === 'code'
		? 'Not generated yet: every token request fails until one is.'
		: 'None: a public client, which signs in without a secret.';
}

function appSection(app: EmulatorApp) {
	return html`<section>
<h2>${app.name}</h2>
<dl>
<dt>API Key</dt><dd><span class="value">${app.clientId}</span></dd>
<dt>OAuth2 Flow</dt><dd>${appKindPortalNames[app.kind]}</dd>
<dt>Client Secret</dt><dd>${secretText(app)}</dd>
<dt>Redirect URIs</dt><dd>${app.redirectUris.length === 0 ? 'None: this flow has no redirect.' : html`<ul>${app.redirectUris.map((uri) => html`<li><span class="value">${uri}</span></li>`)}</ul>`}</dd>
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
