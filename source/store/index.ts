// The credential store: one interface (CredentialStore) with two homes, the settings file (one
// 0600 JSON file changed only under a cross-process lock; the default) and Redis (a fleet), and
// an access token that stays fresh even with rotating refresh tokens. Nothing above store/
// knows which home it has.
export type {CredentialStore, ProfileUpdate} from './credential-store.js';
export {protectionNote} from './file-error.js';
export {fileStore} from './file-store.js';
export {
	checkSignInServer,
	defaultMinValidityMs,
	type FreshToken,
	type FreshTokenOptions,
	getFreshAccessToken,
	profileFromTokens,
	storedFreshToken,
} from './fresh-token.js';
export {configFileName, type StoreLocation, storeLocation} from './location.js';
export {closeOpenStores, openStore, openStoreAt} from './open-store.js';
export {
	type Account,
	checkProfileName,
	damagedProfileError,
	defaultProfileName,
	formatAccount,
	guideCommand,
	isProfileName,
	keychainRequested,
	loginCommand,
	type Profile,
	type ProfileSet,
	refreshTokenDiesAt,
	type StoreDocument,
	storedNames,
} from './profile.js';
export {
	chooseProfile,
	describeProfileSource,
	type ProfileChoice,
	type ProfileSource,
	profileVariable,
} from './profile-choice.js';
export {readStoreDocument} from './read-store.js';
export {parseStoreAddress, remoteStoreRequested} from './store-address.js';
export {prepareToSave, setDefaultProfile} from './write-store.js';
