/** Append-only typed-array buffers for the simulator's sparse outputs (positions, trades). */

/** A growable Float64Array. */
export class Float64Buffer {
  private data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** A copy of the values pushed so far. */
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** A growable Int32Array. */
export class Int32Buffer {
  private data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** A copy of the values pushed so far. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
