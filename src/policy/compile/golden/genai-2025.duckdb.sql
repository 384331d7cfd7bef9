-- consentgate: policy genai-2025 version 1 (sha256 a06569e2c9cb43db8fadd664ee35ebc3ae20d76ed609ad75dc7f35e3340d05cd), purpose train-genai
-- decisions as of 2025-11-10T00:00:00.000Z = 1762732800000 ms; mask bits: 1 deleted, 2 account-closed, 4 kind-excluded, 8 not-public, 16 sensitive-group, 32 region-excluded, 64 region-not-effective, 128 before-cutoff, 256 minor, 512 not-notified, 1024 objected, 2048 opted-out, 4096 no-consent
WITH
-- items with several rows: the row in force as of the moment (spec §2)
cg_versioned AS (
  SELECT id, arg_max(ord, [CAST(coalesce(valid_from, (-9223372036854775807 - 1)) <= 1762732800000 AS BIGINT), CASE WHEN coalesce(valid_from, (-9223372036854775807 - 1)) <= 1762732800000 THEN coalesce(valid_from, (-9223372036854775807 - 1)) ELSE -valid_from END, ord]) AS ord FROM cg_versions GROUP BY id HAVING count(*) > 1
),
-- their other rows, by ord: the content is then filtered on a number (NOT IN: measured half the CPU of an anti-join on ord here), not joined on its id
cg_superseded AS (
  SELECT r.ord FROM cg_versions r JOIN cg_versioned v ON v.id = r.id WHERE r.ord <> v.ord
),
cg_item AS (
  SELECT c.ord, c.id, c.member_id, c.kind, c.visibility, c.group_id, c.created_at, c.deleted_at
  FROM cg_content c
  WHERE c.ord NOT IN (SELECT ord FROM cg_superseded) AND c.created_at <= 1762732800000
),
-- groups whose category as of the moment is excluded
cg_sensitive_group AS (
  SELECT id FROM (
    SELECT id, category FROM cg_group_rows
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY (coalesce(valid_from, (-9223372036854775807 - 1)) <= 1762732800000) DESC, CASE WHEN coalesce(valid_from, (-9223372036854775807 - 1)) <= 1762732800000 THEN coalesce(valid_from, (-9223372036854775807 - 1)) ELSE -valid_from END DESC, ord DESC) = 1
  ) WHERE category IN ('ethnicity', 'health', 'political-opinion', 'religion', 'sexual-orientation', 'trade-union')
)
SELECT i.ord, i.id, i.member_id, i.created_at, (
    (CASE WHEN i.deleted_at <= 1762732800000 THEN 1 ELSE 0 END)
  | (CASE WHEN coalesce(i.kind, '') NOT IN ('ai-feedback', 'ai-prompt', 'article', 'comment', 'group-message', 'group-post', 'poll-response', 'post', 'profile', 'saved-resume') THEN 4 ELSE 0 END)
  | (CASE WHEN coalesce(i.kind, '') NOT IN ('ai-feedback', 'ai-prompt', 'profile', 'saved-resume') AND coalesce(i.visibility, '') NOT IN ('group', 'public') THEN 8 ELSE 0 END)
  | (CASE WHEN g.id IS NOT NULL THEN 16 ELSE 0 END)
  ) AS item_mask
FROM cg_item i
LEFT JOIN cg_sensitive_group g ON g.id = i.group_id;

-- consentgate: policy genai-2025 version 1 (sha256 a06569e2c9cb43db8fadd664ee35ebc3ae20d76ed609ad75dc7f35e3340d05cd), purpose train-genai
-- decisions as of 2025-11-10T00:00:00.000Z = 1762732800000 ms; mask bits: 1 deleted, 2 account-closed, 4 kind-excluded, 8 not-public, 16 sensitive-group, 32 region-excluded, 64 region-not-effective, 128 before-cutoff, 256 minor, 512 not-notified, 1024 objected, 2048 opted-out, 4096 no-consent
WITH
-- the school signal over time, as spans [lo, hi) of the item's creation
cg_school_pick AS (
  SELECT member_id, coalesce(valid_from, (-9223372036854775807 - 1)) AS from_t, in_school FROM cg_school_rows
  QUALIFY row_number() OVER (PARTITION BY member_id, coalesce(valid_from, (-9223372036854775807 - 1)) ORDER BY ord DESC) = 1
),
cg_school_span AS (
  SELECT member_id, in_school,
    CASE WHEN row_number() OVER w = 1 THEN (-9223372036854775807 - 1) ELSE from_t END AS lo,
    coalesce(lead(from_t) OVER w, 9223372036854775807) AS hi
  FROM cg_school_pick WINDOW w AS (PARTITION BY member_id ORDER BY from_t)
)
SELECT i.ord, i.id, i.member_id, (
    i.item_mask
  | (CASE WHEN s.member_id IS NULL THEN 32 ELSE (s.person_mask & ~256) END)
  | (CASE WHEN (coalesce(s.person_mask, 0) & 256) <> 0 OR i.created_at < s.adult_at OR sc.member_id IS NOT NULL THEN 256 ELSE 0 END)
  ) AS mask
FROM cg_item_decision i
LEFT JOIN cg_standing s ON s.member_id = i.member_id
LEFT JOIN cg_school_span sc ON sc.member_id = i.member_id AND sc.in_school AND i.created_at >= sc.lo AND i.created_at < sc.hi;
