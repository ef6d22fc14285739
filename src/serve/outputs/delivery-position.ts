/**
 * The persisted delivery position of one output: the store position (insertion order) up to which
 * every finding has been delivered, dropped or was below the output's level. One small JSON file
 * per destination under DATA/outputs, replaced atomically (temp file + rename), so a restart
 * resumes where delivery stood: nothing lost, nothing sent twice but the findings in flight.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class DeliveryPosition {
  readonly file: string;

  /** `destination` names the output (kind and address): another address starts its own position. */
  constructor(dir: string, readonly destination: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const key = createHash('sha256').update(destination).digest('hex').slice(0, 16);
    this.file = path.join(dir, `${key}.position.json`);
  }

  /** The saved position, or undefined when this output never ran (or its file is unreadable). */
  load(): number | undefined {
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as { position?: unknown };
      return typeof saved.position === 'number' && Number.isInteger(saved.position) && saved.position >= 0 ? saved.position : undefined;
    } catch {
      return undefined;
    }
  }

  save(position: number): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ destination: this.destination, position })}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
