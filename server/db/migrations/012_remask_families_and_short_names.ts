/**
 * Masking learnt a family by its name («у Петровых», «соседи Ивановы»), short names («Саша Петров», «Маше
 * Ивановой») and more first names of the coast: mask the stored incidents again.
 */
export { remaskStoredIncidents as up } from '../remask-incidents.ts';
