// playBrowser for tests: a person's browser played with fetch (consent page, Allow or Deny,
// redirects to the loopback listener). It lives in browser-script.mjs so the tests and the
// built command's BROWSER behave exactly alike.
export type {BrowserVisit} from './browser-script.mjs';
export {describePage, playBrowser} from './browser-script.mjs';
