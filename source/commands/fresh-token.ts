// Commands get their access token where the API client does.
export {freshAccessToken} from '../api/fresh-token.js';
