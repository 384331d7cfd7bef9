/**
 * @module The relations a compiled policy reads and the one it produces: the contract between the
 * pure compiler and the DuckDB adapter that fills them (`src/dataset/engine/`). Times are epoch
 * milliseconds (BIGINT, NULL = absent); `ord` is write order, which breaks ties between versioned
 * rows (spec §2).
 */

/** Content rows, every version of every item. */
export const CONTENT = 'cg_content';
export const CONTENT_COLUMNS = `ord BIGINT, id VARCHAR, member_id VARCHAR, kind VARCHAR, visibility VARCHAR, group_id VARCHAR, created_at BIGINT, deleted_at BIGINT, text VARCHAR, valid_from BIGINT`;

/**
 * `id, ord, valid_from` of content rows: every row, or at least every row of each item that has
 * more than one (a cache keeps just those); the versioned-row rule reads only this.
 */
export const VERSIONS = 'cg_versions';

/** Group rows, every version. */
export const GROUP_ROWS = 'cg_group_rows';
export const GROUP_ROWS_COLUMNS = `ord BIGINT, id VARCHAR, valid_from BIGINT, category VARCHAR`;

/**
 * One row per person the ledger or the member table knows, as of the build's moment, computed by
 * `standingOf` (the reference): `person_mask` holds the reasons about the person (minor judged at
 * the moment), `adult_at` when they reach the minimum age (NULL: no birth date), `region` the index
 * of their region in the policy (-1: none).
 */
export const STANDING = 'cg_standing';
export const STANDING_COLUMNS = `member_id VARCHAR, person_mask INTEGER, adult_at BIGINT, region SMALLINT`;

/**
 * The rows of members whose school signal changes over time (more than one row, one of them with
 * `inSecondarySchool: true`): the signal as of an item's creation is read from these. For every
 * other member the signal is the same at every moment and already in `person_mask`.
 */
export const SCHOOL_ROWS = 'cg_school_rows';
export const SCHOOL_ROWS_COLUMNS = `member_id VARCHAR, ord BIGINT, valid_from BIGINT, in_school BOOLEAN`;

/** The compiled decision: one row per considered item (`createdAt <= asOf`). */
export const DECISION_COLUMNS = ['ord', 'id', 'member_id', 'mask'] as const;
