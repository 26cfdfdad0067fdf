// got and Node's own http ignore HTTPS_PROXY by themselves. These agents send a request through
// the proxy proxy.ts chose; hpagent is loaded only when the environment names one.
import type {Agent as HttpAgent} from 'node:http';
import type {Agent as HttpsAgent} from 'node:https';
import {HttpProxyAgent, HttpsProxyAgent} from 'hpagent';

export interface ProxyAgents {
	http?: HttpAgent;
	https?: HttpsAgent;
}

/** The agent that sends a request for this URL through this proxy, for its scheme. */
export function agentsThrough(proxy: string, url: string): ProxyAgents {
	return new URL(url).protocol === 'https:'
		? {https: new HttpsProxyAgent({proxy})}
		: {http: new HttpProxyAgent({proxy})};
}
