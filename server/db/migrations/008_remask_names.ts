/** Masking found names in the text (before, only the author's own name was masked): mask the stored incidents again. */
export { remaskStoredIncidents as up } from '../remask-incidents.ts';
