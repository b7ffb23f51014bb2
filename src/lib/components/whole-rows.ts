/**
 * A wall list clips, it does not scroll: items that would show only in part are hidden, so a row is read whole or
 * not at all. Use as `use:wholeRows={items}`; the list is measured again when its items or its size change.
 */
export function wholeRows(list: HTMLElement, _items?: unknown) {
	const fit = () => {
		const items = [...list.children] as HTMLElement[];
		for (const item of items) item.style.visibility = '';
		const bottom = list.getBoundingClientRect().bottom + 0.5;
		for (const item of items) if (item.getBoundingClientRect().bottom > bottom) item.style.visibility = 'hidden';
	};
	const observer = new ResizeObserver(fit);
	observer.observe(list);
	fit();
	return { update: fit, destroy: () => observer.disconnect() };
}
