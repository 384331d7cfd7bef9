/** Leaves must be strictly increasing by UTF-8 bytes: exclusion proofs rest on that order. */
export class MerkleOrderError extends Error {
  constructor(
    readonly index: number,
    readonly previous: string,
    readonly current: string,
  ) {
    super(
      `Merkle leaves must be unique and sorted by UTF-8 bytes: ${JSON.stringify(current)} at index ${index} ` +
        `follows ${JSON.stringify(previous)}`,
    );
    this.name = 'MerkleOrderError';
  }
}
