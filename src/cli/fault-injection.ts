/**
 * A documented fault-injection switch for testing the failure paths of a real run (internal-error
 * exit code, no half-written output left behind): `CELLWATCH_FAULT=sink-write` makes the finding
 * output fail part-way. Unset, it changes nothing. See docs/outputs.md.
 */
export type FaultPoint = 'sink-write';

export function injectedFault(point: FaultPoint): boolean {
  const wanted = process.env.CELLWATCH_FAULT;
  return wanted !== undefined && wanted.split(',').includes(point);
}
