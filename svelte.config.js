import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// the API authenticates by bearer token, not cookies, and source systems post without an Origin header
		csrf: { checkOrigin: false },
		alias: { '#domain/*': 'src/lib/domain/*', '#contracts/*': 'src/lib/contracts/*', '#server/*': 'server/*' }
	}
};
