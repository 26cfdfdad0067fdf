// What a person is asked on the consent page and at /activate: who asks, for which account,
// for which scopes, and an Allow or Deny answer posted back with one hidden identifier.
import {type Scope, scopeDescriptions} from '../constant-contact.js';
import {demoAccount} from './apps.js';
import {type Html, html} from './html.js';

export function consentForm(request: {
	requester: Html;
	scopes: string[];
	action: string;
	hidden: {name: string; value: string};
}): Html {
	return html`<p>${request.requester} wants to use the Constant Contact account of
<strong>${demoAccount.organization_name}</strong> (signed in as ${demoAccount.contact_email}).</p>
<p>It asks to:</p>
<ul>
${request.scopes.map((scope) => html`<li><code>${scope}</code>: ${scopeDescriptions[scope as Scope]}</li>\n`)}</ul>
<form method="post" action="${request.action}">
<input type="hidden" name="${request.hidden.name}" value="${request.hidden.value}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`;
}
