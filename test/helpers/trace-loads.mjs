// Preloaded with `node --import` to record every module file a run loads, one URL a line, in
// the file named by CC_TEST_LOAD_LOG: ES modules as the loader's hooks see them, CommonJS files
// (which Node 20's hooks do not see) from require's cache as the process ends.
import {appendFileSync} from 'node:fs';
import Module, {register} from 'node:module';
import {pathToFileURL} from 'node:url';

const log = process.env.CC_TEST_LOAD_LOG;
register('./trace-loads-hooks.mjs', import.meta.url, {data: {log}});
process.on('exit', () => {
	const required = Object.keys(Module._cache).map((file) => `${pathToFileURL(file).href}\n`);
	if (log) appendFileSync(log, required.join(''));
});
