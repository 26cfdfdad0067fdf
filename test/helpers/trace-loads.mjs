// Preloaded with `node --import` to record every module file a run loads, one URL a line, in
// the file named by CC_TEST_LOAD_LOG.
import {register} from 'node:module';

register('./trace-loads-hooks.mjs', import.meta.url, {data: {log: process.env.CC_TEST_LOAD_LOG}});
