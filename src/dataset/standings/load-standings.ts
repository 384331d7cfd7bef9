/**
 * @module The reasons about each person, computed once per person by the reference `standingOf` and
 * handed to DuckDB as `cg_standing` (plus `cg_school_rows` for the few whose school signal changes
 * over time). Measured choice: computing them in JavaScript costs one pass over members and ledger
 * (a few seconds at a million members) and agrees with `decide` by construction; the item rules,
 * which run over every item, are SQL.
 */
import type { Millis } from '../../domain/time.js';
import { standingOf } from '../../decision/standing.js';
import type { Policy } from '../../policy/policy.js';
import { regionIndexOf } from '../../policy/policy.js';
import { SCHOOL_ROWS, SCHOOL_ROWS_COLUMNS, STANDING, STANDING_COLUMNS } from '../../policy/compile/relations.js';
import type { Duck } from '../engine/duck.js';
import type { PersonFacts } from './persons.js';

export interface StandingsLoaded {
  /** Known members that may be named in others' posts (no reason about the person applies). */
  nameable: Set<string>;
  members: number;
  /** Ledger subjects that are no member (non-member objections, unknown authors). */
  otherSubjects: number;
}

export async function loadStandings(duck: Duck, people: AsyncIterable<readonly PersonFacts[]>, policy: Policy, asOf: Millis, onPerson?: (n: number) => void): Promise<StandingsLoaded> {
  await duck.run(`CREATE OR REPLACE TABLE ${STANDING} (${STANDING_COLUMNS})`);
  await duck.run(`CREATE OR REPLACE TABLE ${SCHOOL_ROWS} (${SCHOOL_ROWS_COLUMNS})`);
  // Row by row through DuckDB's appender: measured at half the cost of building data chunks from
  // JavaScript values (ColumnAppender) for these four narrow columns.
  const standing = await duck.connection.createAppender(STANDING);
  const school = await duck.connection.createAppender(SCHOOL_ROWS);
  const nameable = new Set<string>();
  let members = 0;
  let others = 0;
  try {
    for await (const batch of people) for (const p of batch) {
      const s = standingOf({ member: p.rows, events: p.events, notices: p.notices }, policy, asOf);
      standing.appendVarchar(p.id);
      standing.appendInteger(s.mask);
      if (Number.isFinite(s.adultAt)) standing.appendBigInt(BigInt(s.adultAt));
      else standing.appendNull();
      standing.appendSmallInt(regionIndexOf(policy, s.member?.country));
      standing.endRow();
      if (p.rows === undefined || p.rows.length === 0) {
        others++;
      } else {
        members++;
        if (s.mask === 0) nameable.add(p.id);
        // Row index = write order within the member, which is all the tie rule needs.
        if (p.rows.length > 1 && p.rows.some((r) => r.inSecondarySchool === true)) {
          p.rows.forEach((r, i) => {
            school.appendVarchar(p.id);
            school.appendBigInt(BigInt(i));
            if (r.validFrom === undefined) school.appendNull();
            else school.appendBigInt(BigInt(r.validFrom));
            school.appendBoolean(r.inSecondarySchool === true);
            school.endRow();
          });
        }
      }
      if (onPerson !== undefined && (members + others) % 65_536 === 0) onPerson(members + others);
    }
  } finally {
    standing.closeSync();
    school.closeSync();
  }
  return { nameable, members, otherSubjects: others };
}
