/** Placeholder until the PostgreSQL backend lands (issue 5); keeps the factory's import resolvable. */
import { ConsentgateError } from '../../domain/issues.js';
import type { Store } from '../store.js';

export const PostgresStore = {
  async open(_url: string): Promise<Store> {
    throw new ConsentgateError('backend-unavailable', 'the PostgreSQL backend is not built into this version');
  },
};
