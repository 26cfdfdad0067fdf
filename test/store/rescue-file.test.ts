// `cc-token doctor` lists every rescue file waiting: it reads only regular files this user
// owns, as the read of one profile's rescue does, so a FIFO or another user's file in the
// shared temporary folder neither hangs it nor is believed.
import {execFileSync} from 'node:child_process';
import {chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {listRescues, writeRescue} from '../../source/store/rescue-file.js';
import {currentPlatform, type Platform} from '../../source/system/platform.js';
import {apiKey} from '../helpers/temp-store.js';

let folder: string;
let platform: Platform;
beforeEach(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'cc-token-rescue-'));
	platform = {...currentPlatform(), env: {...process.env, CC_TOKEN_STATE_DIR: folder}};
});
afterEach(() => rmSync(folder, {recursive: true, force: true}));

const tokens = {apiKey, accessToken: 'a.b.c', accessTokenExpiresAt: Date.now() + 3_600_000};

test('lists a waiting rescue, and passes over a FIFO and a file another user owns', () => {
	const rescued = writeRescue('/tmp/x/config.json', 'default', 'old-refresh', tokens, platform);
	// Another user's rescue, as it would lie in the shared temporary folder.
	const planted = path.join(path.dirname(rescued), 'rescued-tokens-planted-00000000.json');
	const content = JSON.parse(readFileSync(rescued, 'utf8'));
	writeFileSync(planted, JSON.stringify({...content, profile: 'planted'}));
	execFileSync('mkfifo', [path.join(path.dirname(rescued), 'rescued-tokens-fifo-00000000.json')]);
	const ownsOthers = process.getuid?.() === 0;
	if (ownsOthers) chownSync(planted, 65_534, 65_534);

	const listed = listRescues(platform).map((found) => found.tokens.profile);
	expect(listed).toEqual(ownsOthers ? ['default'] : expect.arrayContaining(['default', 'planted']));
	expect(listed).not.toContain('fifo');
});
