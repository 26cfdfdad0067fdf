import {mkdtempSync, rmSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import Conf from 'conf';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {storeLocation} from '../../source/store/index.js';

const savedXdg = process.env.XDG_CONFIG_HOME;
const scratch = mkdtempSync(join(tmpdir(), 'cc-token-location-'));
afterEach(() => {
	if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
	else process.env.XDG_CONFIG_HOME = savedXdg;
});
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

describe('storeLocation', () => {
	it('uses CC_TOKEN_CONFIG_DIR, made absolute, when it is set', () => {
		expect(storeLocation({CC_TOKEN_CONFIG_DIR: '/srv/cc'})).toMatchObject({
			dir: '/srv/cc',
			file: '/srv/cc/config.json',
		});
		expect(storeLocation({CC_TOKEN_CONFIG_DIR: 'relative/dir'}).dir).toBe(resolve('relative/dir'));
	});

	it('otherwise finds the very file conf uses for project cc-token', () => {
		process.env.XDG_CONFIG_HOME = scratch;
		const conf = new Conf({projectName: 'cc-token'});
		expect(storeLocation({XDG_CONFIG_HOME: scratch, CC_TOKEN_CONFIG_DIR: ''}).file).toBe(conf.path);
	});

	it.runIf(process.platform === 'linux')('falls back to ~/.config like conf does', () => {
		expect(storeLocation({}).dir).toBe(join(homedir(), '.config', 'cc-token-nodejs'));
	});
});
