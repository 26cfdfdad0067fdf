// Where the settings file lives. Computed by hand, without conf, because `cc-token token` reads
// it before every API call in scripts and must start almost as fast as bare node.
import {homedir} from 'node:os';
import {join, resolve} from 'node:path';

export interface StoreLocation {
	dir: string;
	file: string;
}

export const configFileName = 'config.json';

// conf keeps project `cc-token` in env-paths('cc-token', {suffix: 'nodejs'}).config; this is
// that same folder, so a file written by conf is found here and the other way round.
const projectFolder = 'cc-token-nodejs';

function defaultConfigDir(env: NodeJS.ProcessEnv): string {
	const home = homedir();
	if (process.platform === 'darwin') return join(home, 'Library', 'Preferences', projectFolder);
	if (process.platform === 'win32') {
		return join(env.APPDATA || join(home, 'AppData', 'Roaming'), projectFolder, 'Config');
	}
	return join(env.XDG_CONFIG_HOME || join(home, '.config'), projectFolder);
}

/** CC_TOKEN_CONFIG_DIR when set, else the folder conf would use for project `cc-token`. */
export function storeLocation(env: NodeJS.ProcessEnv = process.env): StoreLocation {
	const dir = env.CC_TOKEN_CONFIG_DIR ? resolve(env.CC_TOKEN_CONFIG_DIR) : defaultConfigDir(env);
	return {dir, file: join(dir, configFileName)};
}
