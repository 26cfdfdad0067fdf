// Which ways back from Constant Contact a sign-in races, from what is known of the app.
import type {SignInRoute} from '../auth/types.js';
import type {AppKind} from '../provider/constant-contact.js';

export interface RouteChoice {
	/** From the preflight; absent when the server did not say. */
	kind?: AppKind;
	/** Where the browser's return can come back: cc-token's listener, or pasted. */
	redirectRoute: 'loopback' | 'paste';
	/** The person asked for a code to enter on another device (--device, d in the guide). */
	wantsDevice: boolean;
	/** No browser can open here (SSH, a container, no display). */
	noBrowserHere: boolean;
}

export function chooseRoutes(choice: RouteChoice): SignInRoute[] {
	// A Device Flow app has no redirect URI: the device code is its only way in.
	if (choice.kind === 'device' || choice.wantsDevice) return ['device'];
	const routes: SignInRoute[] =
		choice.redirectRoute === 'loopback' ? ['loopback', 'paste'] : ['paste'];
	// Where no browser opens here, a code entered on any other device may be the easiest way,
	// if the app might be a device app: race it too. A known browser app would only be refused.
	if (choice.noBrowserHere && choice.kind === undefined) routes.push('device');
	return routes;
}
