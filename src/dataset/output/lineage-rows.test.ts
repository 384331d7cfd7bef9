import { describe, expect, it } from 'vitest';
import { parseLineage, parseLineageYielding } from './lineage-rows.js';

describe('parseLineage', () => {
  it('reads one member a line, the member id first, its item ids after it, tab-separated', () => {
    expect(parseLineage('m1\tc1\tc2\nm2\tc3\n')).toEqual([[{ memberId: 'm1', itemIds: ['c1', 'c2'] }, { memberId: 'm2', itemIds: ['c3'] }]]);
    expect(parseLineage('m1\tc1')).toEqual([[{ memberId: 'm1', itemIds: ['c1'] }]]);
    expect(parseLineage('')).toEqual([]);
  });

  it('hands the members over in batches of 4096, the same with turns of the event loop between them', async () => {
    const lines = Array.from({ length: 9000 }, (_, i) => `m${i}\tc${i}a\tc${i}b`);
    const batches = parseLineage(`${lines.join('\n')}\n`);
    expect(batches.map((b) => b.length)).toEqual([4096, 4096, 808]);
    expect(batches.flat()[8999]).toEqual({ memberId: 'm8999', itemIds: ['c8999a', 'c8999b'] });
    expect(await parseLineageYielding(`${lines.join('\n')}\n`)).toEqual(batches);
  });
});
