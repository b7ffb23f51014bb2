/** Waits for a promise at most `ms`, however it ends; true when it settled in time. */
export async function settleWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
	const settled = await Promise.race([p.then(() => true as const, () => true as const), timeout]);
	clearTimeout(timer);
	return settled;
}
