import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// nothing authenticates by cookie (the API takes a bearer token, the admin upload a token field), and
		// behind a TLS proxy the form's Origin would not match the node server's own; so every origin may post
		csrf: { trustedOrigins: ['*'] },
		alias: { '#domain/*': 'src/lib/domain/*', '#contracts/*': 'src/lib/contracts/*', '#server/*': 'server/*' }
	}
};
