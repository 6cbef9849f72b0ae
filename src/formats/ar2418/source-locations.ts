import type { IntervalBlock } from '../../model/types';
import type { SourceLocation } from '../../model/problems';

interface ReadingPositions {
  blockPath: string;
  /** Per reading (in model order): line, column, 1-based position among the block's IntervalReadings. */
  lines: number[];
  columns: number[];
  ordinals: number[];
}

/**
 * Where the objects of a read document came from in the file. Readings are kept in compact arrays per
 * block (a read-out has ~140,000 of them); everything else in a WeakMap.
 */
export class SourceLocations {
  private readonly objects = new WeakMap<object, SourceLocation>();
  private readonly readings = new WeakMap<IntervalBlock, ReadingPositions>();

  set(object: object, location: SourceLocation): void {
    this.objects.set(object, location);
  }

  of(object: object | undefined): SourceLocation | undefined {
    return object ? this.objects.get(object) : undefined;
  }

  /** @internal used by the reader */
  setReadingPositions(block: IntervalBlock, positions: ReadingPositions): void {
    this.readings.set(block, positions);
  }

  /** @internal used by the reader */
  readingPositions(block: IntervalBlock): ReadingPositions | undefined {
    return this.readings.get(block);
  }

  /** Location of `block.readings[index]`. */
  reading(block: IntervalBlock, index: number): SourceLocation | undefined {
    const p = this.readings.get(block);
    const line = p?.lines[index];
    if (!p || line === undefined) return this.of(block);
    return { line, column: p.columns[index] ?? 0, path: `${p.blockPath}/IntervalReading[${p.ordinals[index] ?? index + 1}]` };
  }
}
