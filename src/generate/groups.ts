/**
 * Groups: ordinary ones (alumni, industry, local) and the GDPR Art. 9 special categories the default
 * policy excludes. A few are recategorised later (a versioned row), and a few have no category.
 */
import { Rng, STREAM, Weighted } from './prng.js';
import { DAY, WORLD_END, WORLD_START } from './world.js';

/** GDPR Art. 9 categories named by spec §2, excluded by the default policy. */
export const SPECIAL_CATEGORIES = ['trade-union', 'health', 'religion', 'political-opinion', 'sexual-orientation', 'ethnicity'] as const;
export const ORDINARY_CATEGORIES = ['professional', 'alumni', 'technology', 'industry', 'local', 'jobs', 'hobby'] as const;
/** Index 0 is "no category". */
export const CATEGORIES: readonly (string | undefined)[] = [undefined, ...SPECIAL_CATEGORIES, ...ORDINARY_CATEGORIES];

const CATEGORY_MIX = new Weighted<number>([
  [0, 5], [1, 3.5], [2, 3.5], [3, 3], [4, 2.5], [5, 2.5], [6, 2.5], [7, 20], [8, 11], [9, 16], [10, 11], [11, 8], [12, 7], [13, 5],
]);

const NAMES: Record<string, readonly string[]> = {
  'trade-union': ['FNV Jongeren ICT', 'ver.di Betriebsgruppe IT', 'Unite the Union – Tech Branch', 'CFDT Cadres Numérique', 'CCOO Telecomunicaciones', 'Tech Workers Coalition', 'Nurses United'],
  health: ['Living with Type 1 Diabetes', 'Burnout Recovery Circle', 'Long COVID Professionals', 'Cancer Survivors at Work', 'ADHD in the Workplace', 'Mental Health Matters'],
  religion: ['Christian Professionals Network', 'Muslim Women in Tech', 'Jewish Entrepreneurs Forum', 'Hindu Professionals Association', 'Sikh Engineers'],
  'political-opinion': ['Young Greens Policy Forum', 'Conservative Business Circle', 'Social Democrats for Digital Rights', 'Liberal Tech Caucus'],
  'sexual-orientation': ['LGBTQ+ in Finance', 'Out in Tech', 'Pride Network Engineering', 'Queer Designers Collective'],
  ethnicity: ['Black Engineers Network', 'Afro-Caribbean Professionals', 'Latinx in Data', 'Asian Leaders Forum', 'Roma Professionals Europe'],
  professional: ['Product Management Guild', 'Privacy Professionals', 'HR Leaders Roundtable', 'Data Engineering Community', 'Women in Leadership'],
  alumni: ['TU Delft Alumni', 'LMU München Alumni', 'Sciences Po Alumni', 'Universidad Complutense Alumni', 'Trinity College Dublin Alumni', 'IIT Bombay Alumni'],
  technology: ['Kubernetes Users', 'TypeScript Developers', 'Machine Learning Practitioners', 'Rustaceans', 'Cloud Architects'],
  industry: ['Logistics & Supply Chain', 'Renewable Energy Network', 'Fintech Europe', 'Healthcare IT Forum', 'Automotive Engineers'],
  local: ['Amsterdam Startups', 'Berlin Tech Meetup', 'Paris Product People', 'Madrid Devs', 'London Data Scientists', 'Toronto Founders'],
  jobs: ['Remote Jobs Europe', 'Data Jobs', 'Jobs in Privacy', 'Engineering Jobs Netherlands'],
  hobby: ['Running Professionals', 'Board Game Night', 'Photographers at Work', 'Chess Club'],
  none: ['General Discussion', 'Announcements', 'Networking'],
};

export function groupId(index: number): string {
  return `g-${String(index + 1).padStart(6, '0')}`;
}

export function groupCountFor(members: number): number {
  return Math.min(200_000, Math.max(CATEGORIES.length * 2, Math.round(members / 40)));
}

export interface GroupSet {
  count: number;
  /** Category index (into CATEGORIES) of each group's first row; what its posts are about. */
  category: Uint8Array;
  rows: number;
}

/**
 * Writes the group rows via `write` and returns their categories. The first groups cycle through
 * every category so that even a tiny platform has one of each.
 */
export function generateGroups(
  seed: readonly [number, number, number, number],
  count: number,
  fmt: (t: number) => string,
  write: (line: string) => void,
): GroupSet {
  const category = new Uint8Array(count);
  let rows = 0;
  for (let g = 0; g < count; g++) {
    const rng = Rng.of(seed, STREAM.group, g);
    const c = g < CATEGORIES.length ? g : CATEGORY_MIX.pick(rng);
    category[g] = c;
    const cat = CATEGORIES[c];
    const base = rng.pick(NAMES[cat ?? 'none'] as readonly string[]);
    const name = JSON.stringify(g < 40 ? base : `${base} ${rng.pick(['', '#', '– '])}${Math.floor(g / 40) + 1}`.replace('  ', ' '));
    const id = groupId(g);
    write(`{"id":"${id}","name":${name}${cat === undefined ? '' : `,"category":"${cat}"`}}\n`);
    rows++;
    // Recategorised later: an ordinary group that became a union branch, a support group that was
    // first filed as "professional", or a category dropped.
    if (rng.chance(0.04) || g === CATEGORIES.length) {
      const at = WORLD_START + rng.int(Math.floor((WORLD_END - WORLD_START) / DAY)) * DAY + rng.int(DAY);
      const next = cat === undefined || !SPECIAL_CATEGORIES.includes(cat as (typeof SPECIAL_CATEGORIES)[number])
        ? rng.pick(SPECIAL_CATEGORIES)
        : rng.chance(0.5) ? undefined : 'professional';
      write(`{"id":"${id}","name":${name}${next === undefined ? '' : `,"category":"${next}"`},"validFrom":"${fmt(at)}"}\n`);
      rows++;
    }
  }
  return { count, category, rows };
}
