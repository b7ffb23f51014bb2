/**
 * Masking found a first name with a surname («Иван Петров», «Смирновой Ольге») and stopped taking ISO dates for
 * phones: mask the stored incidents again.
 */
export { remaskStoredIncidents as up } from '../remask-incidents.ts';
