// The credential store: profiles in one 0600 JSON file, changed only under a cross-process
// lock, and an access token that stays fresh even with rotating refresh tokens.

export {protectionNote} from './file-error.js';
export {
	checkSameServer,
	checkSignInServer,
	defaultMinValidityMs,
	type FreshToken,
	type FreshTokenOptions,
	getFreshAccessToken,
	profileFromTokens,
	storedFreshToken,
} from './fresh-token.js';
export {configFileName, type StoreLocation, storeLocation} from './location.js';
export {
	type Account,
	checkProfileName,
	defaultProfileName,
	isProfileName,
	loginCommand,
	type Profile,
	refreshTokenDiesAt,
} from './profile.js';
export {
	chooseProfile,
	describeProfileSource,
	type ProfileChoice,
	type ProfileSource,
	profileVariable,
} from './profile-choice.js';
export {readProfile, readProfiles, readStoreDocument} from './read-store.js';
export {withStoreLock} from './store-lock.js';
export {
	deleteAllProfiles,
	deleteProfile,
	prepareToSave,
	saveProfile,
	setDefaultProfile,
} from './write-store.js';
