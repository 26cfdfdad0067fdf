// Where the settings file lives. Computed by hand, without conf, because `cc-token token` reads
// it before every API call in scripts and must start almost as fast as bare node.
import {join} from 'node:path';
import {configFolder, currentPlatform, type Platform} from '../system/platform.js';

export interface StoreLocation {
	dir: string;
	file: string;
	/** The system the store runs on (its file system, its rules); the real one when absent. */
	platform?: Platform;
}

export const configFileName = 'config.json';

/** CC_TOKEN_CONFIG_DIR when set, else the folder earlier versions (with conf) used for cc-token. */
export function storeLocation(
	env: NodeJS.ProcessEnv = process.env,
	platform: Platform = currentPlatform(),
): StoreLocation {
	const dir = configFolder({...platform, env});
	return {dir, file: platform.path.join(dir, configFileName), platform};
}

/** The platform a location's store runs on. */
export function platformOf(location: StoreLocation): Platform {
	return location.platform ?? currentPlatform();
}

/** The lock folder, next to the settings file. */
export function lockPathOf(location: StoreLocation): string {
	return join(location.dir, 'config.lock');
}
