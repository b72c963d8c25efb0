/** Bytes of an address hash kept: 128 bits, so two different addresses never meet in a list. */
const KEPT_BYTES = 16;
const WORDS = KEPT_BYTES / 4;

/** Two rows of a list that name the same address: where each is (entry or line number). */
export interface RepeatedAddress {
  readonly first: number;
  readonly again: number;
}

/**
 * The address hashes of a subscriber list and where each row is, in typed arrays: 20 bytes a row
 * (a million rows take 20 MB; a Map of hash strings took ~125 MB). Rows are added while the file
 * streams past, then `seal` sorts them once; afterwards `has` is a binary search.
 */
export class AddressHashSet {
  private words = new Uint32Array(WORDS * 1024);
  private positions = new Uint32Array(1024);
  private count = 0;
  /** Row indexes in hash order, distinct hashes only; null until sealed. */
  private order: Uint32Array | null = null;

  /** `hexHash`: addressHash (sha256, hex); `position`: the row's entry or line number. */
  add(hexHash: string, position: number): void {
    if (this.order) throw new Error('AddressHashSet: add after seal');
    if (this.count === this.positions.length) {
      const words = new Uint32Array(this.words.length * 2);
      words.set(this.words);
      this.words = words;
      const positions = new Uint32Array(this.positions.length * 2);
      positions.set(this.positions);
      this.positions = positions;
    }
    for (let word = 0; word < WORDS; word++) this.words[this.count * WORDS + word] = Number.parseInt(hexHash.slice(word * 8, word * 8 + 8), 16);
    this.positions[this.count] = position;
    this.count++;
  }

  private compare(a: number, b: number): number {
    for (let word = 0; word < WORDS; word++) {
      const difference = this.words[a * WORDS + word]! - this.words[b * WORDS + word]!;
      if (difference !== 0) return difference;
    }
    return 0;
  }

  /** Sorts the rows; answers every row whose address an earlier row already had, in file order. */
  seal(): RepeatedAddress[] {
    const byHash = Uint32Array.from({ length: this.count }, (_, index) => index).sort((a, b) => this.compare(a, b) || this.positions[a]! - this.positions[b]!);
    const repeated: RepeatedAddress[] = [];
    const distinct: number[] = [];
    for (let index = 0; index < byHash.length; index++) {
      const row = byHash[index]!;
      const previous = distinct.at(-1);
      if (previous !== undefined && this.compare(previous, row) === 0) repeated.push({ first: this.positions[previous]!, again: this.positions[row]! });
      else distinct.push(row);
    }
    this.order = Uint32Array.from(distinct);
    return repeated.sort((a, b) => a.again - b.again);
  }

  get size(): number {
    if (!this.order) throw new Error('AddressHashSet: size before seal');
    return this.order.length;
  }

  has(hexHash: string): boolean {
    const order = this.order;
    if (!order) throw new Error('AddressHashSet: has before seal');
    const probe = Array.from({ length: WORDS }, (_, word) => Number.parseInt(hexHash.slice(word * 8, word * 8 + 8), 16));
    let low = 0;
    let high = order.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const row = order[middle]!;
      let difference = 0;
      for (let word = 0; word < WORDS && difference === 0; word++) difference = this.words[row * WORDS + word]! - probe[word]!;
      if (difference === 0) return true;
      if (difference < 0) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}
